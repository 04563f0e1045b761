import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { TEST_CA_PEM } from '../testdata/ca-cert.js';
import { parseFulcioConfig } from './config.js';
import { BUILTIN_CI_ISSUER_METADATA } from './ci-defaults.js';
import { IdentityError } from './error.js';

// The section of our YAML file from the feature request.
const EXAMPLE_YAML = `
oidc-issuers:
  https://keycloak.corp.example/realms/dev:
    issuer-url: https://keycloak.corp.example/realms/dev
    client-id: sigstore
    type: email
`;

// A fuller config in upstream's shape (anchors in \`define\`, ci-provider, meta issuers, custom metadata).
const FULL_YAML = `
define:
  - &gitlab-type "gitlab-pipeline"
oidc-issuers:
  https://oauth2.corp.example/auth:
    issuer-url: https://oauth2.corp.example/auth
    client-id: sigstore
    type: email
    issuer-claim: $.federated_claims.connector_id
    skip-email-verification: true
    contact: security@corp.example
    description: "dex"
    environment: production
  https://token.actions.githubusercontent.com:
    issuer-url: https://token.actions.githubusercontent.com
    client-id: sigstore
    type: ci-provider
    ci-provider: github-workflow
  https://gitlab.corp.example:
    issuer-url: https://gitlab.corp.example
    client-id: sigstore
    type: ci-provider
    ci-provider: *gitlab-type
  https://spire.corp.example:
    issuer-url: https://spire.corp.example
    client-id: sigstore
    type: spiffe
    spiffe-trust-domain: corp.example
    ca-cert: |
${TEST_CA_PEM.trim().replace(/^/gm, '      ')}
  https://accounts.corp.example:
    issuer-url: https://accounts.corp.example
    client-id: sigstore
    type: uri
    subject-domain: https://users.corp.example
  https://login.corp.example:
    issuer-url: https://login.corp.example
    client-id: sigstore
    type: username
    subject-domain: corp.example
meta-issuers:
  https://oidc.eks.*.amazonaws.com/id/*:
    client-id: sigstore
    type: kubernetes
ci-issuer-metadata:
  gitlab-pipeline:
    default-template-values:
      url: https://gitlab.corp.example
    extension-templates:
      source-repository-uri: "{{ .url }}/{{ .project_path }}"
    subject-alternative-name-template: "https://{{ .ci_config_ref_uri }}"
`;

// The same document in fulcio's JSON spelling (Go field names; `CiProvider` matches case-insensitively
// like Go's encoding/json, as in fulcio's own config_test.go).
const FULL_JSON = {
  OIDCIssuers: {
    'https://oauth2.corp.example/auth': {
      IssuerURL: 'https://oauth2.corp.example/auth',
      ClientID: 'sigstore',
      Type: 'email',
      IssuerClaim: '$.federated_claims.connector_id',
      SkipEmailVerification: true,
      Contact: 'security@corp.example',
      Description: 'dex',
      Environment: 'production',
    },
    'https://token.actions.githubusercontent.com': {
      IssuerURL: 'https://token.actions.githubusercontent.com',
      ClientID: 'sigstore',
      Type: 'ci-provider',
      CiProvider: 'github-workflow',
    },
    'https://gitlab.corp.example': {
      IssuerURL: 'https://gitlab.corp.example',
      ClientID: 'sigstore',
      Type: 'ci-provider',
      CIProvider: 'gitlab-pipeline',
    },
    'https://spire.corp.example': {
      IssuerURL: 'https://spire.corp.example',
      ClientID: 'sigstore',
      Type: 'spiffe',
      SPIFFETrustDomain: 'corp.example',
      CACert: TEST_CA_PEM.trim() + '\n',
    },
    'https://accounts.corp.example': {
      IssuerURL: 'https://accounts.corp.example',
      ClientID: 'sigstore',
      Type: 'uri',
      SubjectDomain: 'https://users.corp.example',
    },
    'https://login.corp.example': {
      IssuerURL: 'https://login.corp.example',
      ClientID: 'sigstore',
      Type: 'username',
      SubjectDomain: 'corp.example',
    },
  },
  MetaIssuers: {
    'https://oidc.eks.*.amazonaws.com/id/*': { ClientID: 'sigstore', Type: 'kubernetes' },
  },
  CIIssuerMetadata: {
    'gitlab-pipeline': {
      DefaultTemplateValues: { url: 'https://gitlab.corp.example' },
      ExtensionTemplates: { SourceRepositoryURI: '{{ .url }}/{{ .project_path }}' },
      SubjectAlternativeNameTemplate: 'https://{{ .ci_config_ref_uri }}',
    },
  },
};

describe('parseFulcioConfig', () => {
  it('accepts the example section from the feature request', () => {
    const cfg = parseFulcioConfig(parseYaml(EXAMPLE_YAML));
    expect(cfg.oidcIssuers).toEqual([
      {
        issuerUrl: 'https://keycloak.corp.example/realms/dev',
        clientId: 'sigstore',
        type: 'email',
        challengeClaim: 'email',
        skipEmailVerification: false,
      },
    ]);
    expect(cfg.metaIssuers).toEqual([]);
    expect(Object.keys(cfg.ciIssuerMetadata)).toEqual(Object.keys(BUILTIN_CI_ISSUER_METADATA));
  });

  it('parses the JSON (PascalCase) spelling to the same result as the YAML spelling', () => {
    const fromYaml = parseFulcioConfig(parseYaml(FULL_YAML));
    const fromJson = parseFulcioConfig(FULL_JSON);
    expect(fromJson).toEqual(fromYaml);
    expect(fromYaml.oidcIssuers).toHaveLength(6);
  });

  it('normalizes every field of an issuer', () => {
    const cfg = parseFulcioConfig(parseYaml(FULL_YAML));
    expect(cfg.oidcIssuers[0]).toEqual({
      issuerUrl: 'https://oauth2.corp.example/auth',
      clientId: 'sigstore',
      type: 'email',
      challengeClaim: 'email',
      issuerClaim: '$.federated_claims.connector_id',
      skipEmailVerification: true,
      contact: 'security@corp.example',
      description: 'dex',
      environment: 'production',
    });
    expect(cfg.metaIssuers).toEqual([
      {
        wildcardIssuerUrl: 'https://oidc.eks.*.amazonaws.com/id/*',
        clientId: 'sigstore',
        type: 'kubernetes',
        challengeClaim: 'sub',
        skipEmailVerification: false,
      },
    ]);
  });

  it('resolves ci-provider metadata, with configured entries replacing the built-in ones', () => {
    const cfg = parseFulcioConfig(parseYaml(FULL_YAML));
    const github = cfg.oidcIssuers.find(
      (i) => i.issuerUrl === 'https://token.actions.githubusercontent.com',
    );
    expect(github?.ciMetadata).toEqual(BUILTIN_CI_ISSUER_METADATA['github-workflow']);
    const gitlab = cfg.oidcIssuers.find((i) => i.issuerUrl === 'https://gitlab.corp.example');
    expect(gitlab?.ciMetadata).toEqual({
      defaultTemplateValues: { url: 'https://gitlab.corp.example' },
      extensionTemplates: { 'source-repository-uri': '{{ .url }}/{{ .project_path }}' },
      subjectAlternativeNameTemplate: 'https://{{ .ci_config_ref_uri }}',
    });
  });

  it.each(['github-workflow', 'gitlab-pipeline', 'buildkite-job', 'codefresh-workflow'])(
    'maps the legacy type %s onto the ci-provider metadata of the same name',
    (type) => {
      const cfg = parseFulcioConfig({
        'oidc-issuers': {
          'https://ci.example': {
            'issuer-url': 'https://ci.example',
            'client-id': 'sigstore',
            type,
          },
        },
      });
      expect(cfg.oidcIssuers[0]).toMatchObject({ type, ciProvider: type, challengeClaim: 'sub' });
      expect(cfg.oidcIssuers[0]?.ciMetadata).toBe(cfg.ciIssuerMetadata[type]);
    },
  );

  it('returns a deeply frozen config', () => {
    const cfg = parseFulcioConfig(parseYaml(FULL_YAML));
    expect(Object.isFrozen(cfg)).toBe(true);
    expect(Object.isFrozen(cfg.oidcIssuers[0])).toBe(true);
    expect(Object.isFrozen(cfg.ciIssuerMetadata['github-workflow']?.extensionTemplates)).toBe(true);
  });

  it.each([
    ['an empty document', {}],
    ['a null document', null],
    [
      'plain http on 127.0.0.1',
      {
        'oidc-issuers': {
          x: { 'issuer-url': 'http://127.0.0.1:5556/dex', 'client-id': 'sigstore', type: 'email' },
        },
      },
    ],
    [
      'plain http on localhost',
      {
        'oidc-issuers': {
          x: { 'issuer-url': 'http://localhost:5556', 'client-id': 'sigstore', type: 'email' },
        },
      },
    ],
    [
      'plain http on [::1]',
      {
        'oidc-issuers': {
          x: { 'issuer-url': 'http://[::1]:5556', 'client-id': 'sigstore', type: 'email' },
        },
      },
    ],
    [
      'a challenge-claim override',
      {
        'oidc-issuers': {
          x: {
            'issuer-url': 'https://a.example',
            'client-id': 's',
            type: 'kubernetes',
            'challenge-claim': 'email',
          },
        },
      },
    ],
  ])('accepts %s', (_name, input) => {
    expect(() => parseFulcioConfig(input)).not.toThrow();
  });

  const issuer = (fields: Record<string, unknown>) => ({
    'oidc-issuers': {
      'https://idp.corp.example': {
        'issuer-url': 'https://idp.corp.example',
        'client-id': 'sigstore',
        ...fields,
      },
    },
  });
  const at = (key: string) => `oidc-issuers["https://idp.corp.example"].${key}`;

  it.each([
    ['an unknown type', issuer({ type: 'magic' }), at('type'), /unknown issuer type "magic"/],
    ['a missing type', issuer({}), at('type'), /is required/],
    [
      'a missing client-id',
      {
        'oidc-issuers': {
          'https://a.example': { 'issuer-url': 'https://a.example', type: 'email' },
        },
      },
      'oidc-issuers["https://a.example"].client-id',
      /is required/,
    ],
    [
      'a missing issuer-url',
      { 'oidc-issuers': { 'https://a.example': { 'client-id': 's', type: 'email' } } },
      'oidc-issuers["https://a.example"].issuer-url',
      /is required/,
    ],
    [
      'a typo in an issuer key',
      issuer({ type: 'email', 'skip-email-verfication': true }),
      at('skip-email-verfication'),
      /unknown key/,
    ],
    ['an unknown top-level key', { 'oidc-issuer': {} }, 'oidc-issuer', /unknown key/],
    [
      'a spiffe issuer without a trust domain',
      issuer({ type: 'spiffe' }),
      at('spiffe-trust-domain'),
      /required/,
    ],
    [
      'a spiffe issuer with an invalid trust domain',
      issuer({ type: 'spiffe', 'spiffe-trust-domain': 'Corp Example' }),
      at('spiffe-trust-domain'),
      /not a valid/,
    ],
    [
      'a spiffe meta issuer',
      {
        'meta-issuers': {
          'https://*.corp.example': {
            'client-id': 's',
            type: 'spiffe',
            'spiffe-trust-domain': 'corp.example',
          },
        },
      },
      'meta-issuers["https://*.corp.example"]',
      /SPIFFE meta issuers/,
    ],
    [
      'a uri issuer without a subject domain',
      issuer({ type: 'uri' }),
      at('subject-domain'),
      /required/,
    ],
    [
      'a uri issuer whose subject domain has no scheme',
      issuer({ type: 'uri', 'subject-domain': 'corp.example' }),
      at('subject-domain'),
      /must contain a scheme/,
    ],
    [
      'a uri issuer whose subject domain scheme differs',
      issuer({ type: 'uri', 'subject-domain': 'http://corp.example' }),
      at('subject-domain'),
      /scheme http does not match/,
    ],
    [
      'a uri issuer whose subject domain is another domain',
      issuer({ type: 'uri', 'subject-domain': 'https://other.example' }),
      at('subject-domain'),
      /do not match/,
    ],
    [
      'a username issuer whose subject domain has a scheme',
      issuer({ type: 'username', 'subject-domain': 'https://corp.example' }),
      at('subject-domain'),
      /must not contain a scheme/,
    ],
    [
      'a username issuer whose subject domain is another domain',
      issuer({ type: 'username', 'subject-domain': 'evil.example' }),
      at('subject-domain'),
      /do not match/,
    ],
    [
      'an issuer-claim on a non-email issuer',
      issuer({ type: 'kubernetes', 'issuer-claim': '$.x' }),
      at('issuer-claim'),
      /only email issuers/,
    ],
    [
      'an issuer-claim outside the JSONPath subset',
      issuer({ type: 'email', 'issuer-claim': '$..x[*]' }),
      at('issuer-claim'),
      /unsupported JSONPath/,
    ],
    [
      'a ci-provider issuer without ci-provider',
      issuer({ type: 'ci-provider' }),
      at('ci-provider'),
      /required/,
    ],
    [
      'a ci-provider naming unknown metadata',
      issuer({ type: 'ci-provider', 'ci-provider': 'jenkins' }),
      at('ci-provider'),
      /unknown ci-issuer-metadata "jenkins"/,
    ],
    [
      'a ci-provider key on an email issuer',
      issuer({ type: 'email', 'ci-provider': 'github-workflow' }),
      at('ci-provider'),
      /only valid for ci-provider/,
    ],
    [
      'a non-loopback plain http issuer',
      issuer({ type: 'email', 'issuer-url': 'http://idp.corp.example' }),
      at('issuer-url'),
      /only allowed for loopback/,
    ],
    [
      'a non-http issuer URL',
      issuer({ type: 'email', 'issuer-url': 'ftp://idp.corp.example' }),
      at('issuer-url'),
      /must use https/,
    ],
    [
      'a non-loopback plain http meta issuer',
      { 'meta-issuers': { 'http://*.corp.example': { 'client-id': 's', type: 'kubernetes' } } },
      'meta-issuers["http://*.corp.example"]',
      /only allowed for loopback/,
    ],
    [
      'a ca-cert that is not PEM',
      issuer({ type: 'email', 'ca-cert': 'not a certificate' }),
      at('ca-cert'),
      /no PEM certificate/,
    ],
    [
      'a ca-cert with a corrupt certificate',
      issuer({
        type: 'email',
        'ca-cert': '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----',
      }),
      at('ca-cert'),
      /cannot be parsed/,
    ],
    [
      'a non-boolean skip-email-verification',
      issuer({ type: 'email', 'skip-email-verification': 'yes' }),
      at('skip-email-verification'),
      /true or false/,
    ],
    [
      'two entries with the same issuer URL',
      {
        'oidc-issuers': {
          a: { 'issuer-url': 'https://a.example', 'client-id': 's', type: 'email' },
          b: { 'issuer-url': 'https://a.example', 'client-id': 's', type: 'email' },
        },
      },
      'oidc-issuers["b"]',
      /duplicate issuer URL/,
    ],
  ])('rejects %s', (_name, input, path, message) => {
    let err: unknown;
    try {
      parseFulcioConfig(input);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(IdentityError);
    expect(err).toMatchObject({ code: 'INVALID_CONFIG', path });
    expect((err as Error).message).toMatch(message);
  });

  const metadata = (fields: Record<string, unknown>) => ({
    'ci-issuer-metadata': {
      jenkins: { 'subject-alternative-name-template': '{{ .url }}', ...fields },
    },
  });
  it.each([
    [
      'an unclosed action',
      metadata({ 'extension-templates': { 'build-trigger': '{{ .event' } }),
      'ci-issuer-metadata["jenkins"].extension-templates.build-trigger',
    ],
    [
      'an empty action',
      metadata({ 'extension-templates': { 'build-trigger': '{{}}' } }),
      'ci-issuer-metadata["jenkins"].extension-templates.build-trigger',
    ],
    [
      'an unknown function',
      metadata({ 'extension-templates': { 'build-trigger': '{{ printf "%s" .x }}' } }),
      'ci-issuer-metadata["jenkins"].extension-templates.build-trigger',
    ],
    [
      'a missing {{end}}',
      metadata({ 'subject-alternative-name-template': '{{ if .x }}a' }),
      'ci-issuer-metadata["jenkins"].subject-alternative-name-template',
    ],
    [
      'an unknown extension name',
      metadata({ 'extension-templates': { 'build-triger': 'x' } }),
      'ci-issuer-metadata["jenkins"].extension-templates.build-triger',
    ],
    [
      'a missing SAN template',
      { 'ci-issuer-metadata': { jenkins: {} } },
      'ci-issuer-metadata["jenkins"].subject-alternative-name-template',
    ],
  ])('rejects CI metadata with %s', (_name, input, path) => {
    expect(() => parseFulcioConfig(input)).toThrow(
      expect.objectContaining({ code: 'INVALID_CONFIG', path }),
    );
  });
});
