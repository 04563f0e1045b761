// In-cluster Kubernetes issuer (fulcio `httpClientForIssuer`): when `https://kubernetes.default.svc` is
// configured as a kubernetes issuer, discovery and JWKS requests to the API server authenticate with the
// pod's service-account token and trust the cluster CA. Both files are re-read on every fetch because
// projected service-account tokens rotate. Upstream reads the CA from /var/run/fulcio/ca.crt; we default
// to the standard service-account mount and let deployments override either path.
import { readFile } from 'node:fs/promises';

export const K8S_ISSUER_URL = 'https://kubernetes.default.svc';

export interface KubernetesOptions {
  /** Issuer URL that gets in-cluster credentials (default https://kubernetes.default.svc). */
  readonly issuerUrl?: string;
  readonly tokenPath?: string;
  readonly caPath?: string;
}

export const K8S_DEFAULTS = {
  issuerUrl: K8S_ISSUER_URL,
  tokenPath: '/var/run/secrets/kubernetes.io/serviceaccount/token',
  caPath: '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt',
} as const;

export interface InClusterCredentials {
  readonly ca: string;
  /** Absent when the token file doesn't exist (upstream only warns). */
  readonly token?: string;
}

export async function readInClusterCredentials(
  o: Required<KubernetesOptions>,
): Promise<InClusterCredentials> {
  let ca: string;
  try {
    ca = await readFile(o.caPath, 'utf8');
  } catch (e) {
    throw new Error(`unable to read the cluster CA file ${o.caPath}`, { cause: e });
  }
  try {
    return { ca, token: (await readFile(o.tokenPath, 'utf8')).trim() };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { ca };
    throw new Error(`unable to read the service-account token file ${o.tokenPath}`, { cause: e });
  }
}
