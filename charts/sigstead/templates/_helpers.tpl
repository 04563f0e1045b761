{{- define "sigstead.fullname" -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "sigstead.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* Environment shared by every service: database URL and key passphrase from Secrets. */}}
{{- define "sigstead.env" -}}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ .Values.database.existingSecret }}
      key: {{ .Values.database.urlKey }}
- name: SIGSTEAD_KEY_PASSPHRASE
  valueFrom:
    secretKeyRef:
      name: {{ .Values.keys.existingSecret }}
      key: {{ .Values.keys.passphraseKey }}
{{- with .Values.redis.existingSecret }}
- name: REDIS_URL
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: {{ $.Values.redis.urlKey }}
{{- end }}
{{- end -}}

{{/*
One service of the all-in-one image: a Deployment running `--only <name>`, its Service and an
optional Ingress. Called with (dict "root" $ "name" "<service>"); values come from .Values.<name>.
*/}}
{{- define "sigstead.service" -}}
{{- $root := .root }}
{{- $name := .name }}
{{- $svc := index $root.Values $name }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "sigstead.fullname" $root }}-{{ $name }}
  labels: {{- include "sigstead.labels" $root | nindent 4 }}
    app.kubernetes.io/component: {{ $name }}
spec:
  replicas: {{ $svc.replicas }}
  selector:
    matchLabels:
      app.kubernetes.io/instance: {{ $root.Release.Name }}
      app.kubernetes.io/component: {{ $name }}
  template:
    metadata:
      labels: {{- include "sigstead.labels" $root | nindent 8 }}
        app.kubernetes.io/component: {{ $name }}
      annotations:
        checksum/config: {{ include (print $root.Template.BasePath "/configmap.yaml") $root | sha256sum }}
    spec:
      securityContext: {{- toYaml $root.Values.podSecurityContext | nindent 8 }}
      containers:
        - name: {{ $name }}
          image: "{{ $root.Values.image.repository }}:{{ $root.Values.image.tag }}"
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          args: ["--config", "/etc/sigstead/config.yaml", "--only", "{{ $name }}"]
          env: {{- include "sigstead.env" $root | nindent 12 }}
          ports:
            - name: http
              containerPort: {{ $svc.port }}
          readinessProbe:
            httpGet: { path: /healthz, port: http }
            periodSeconds: 5
          livenessProbe:
            httpGet: { path: /healthz, port: http }
            periodSeconds: 20
          resources: {{- toYaml $svc.resources | nindent 12 }}
          volumeMounts:
            - { name: config, mountPath: /etc/sigstead/config.yaml, subPath: config.yaml, readOnly: true }
            - { name: keys, mountPath: /etc/sigstead/keys, readOnly: true }
            - { name: data, mountPath: /var/lib/sigstead }
      volumes:
        - name: config
          configMap: { name: {{ include "sigstead.fullname" $root }} }
        - name: keys
          secret: { secretName: {{ $root.Values.keys.existingSecret }} }
        - name: data
          emptyDir: {}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ include "sigstead.fullname" $root }}-{{ $name }}
  labels: {{- include "sigstead.labels" $root | nindent 4 }}
spec:
  selector:
    app.kubernetes.io/instance: {{ $root.Release.Name }}
    app.kubernetes.io/component: {{ $name }}
  ports:
    - name: http
      port: {{ $svc.port }}
      targetPort: http
{{- if $svc.ingress.enabled }}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: {{ include "sigstead.fullname" $root }}-{{ $name }}
  labels: {{- include "sigstead.labels" $root | nindent 4 }}
spec:
  {{- with $svc.ingress.className }}
  ingressClassName: {{ . }}
  {{- end }}
  rules:
    - host: {{ $svc.ingress.host }}
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: {{ include "sigstead.fullname" $root }}-{{ $name }}
                port: { name: http }
{{- end }}
{{- end -}}
