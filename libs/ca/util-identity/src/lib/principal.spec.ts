import { describe, expect, it } from 'vitest';
import {
  GITHUB_CLAIMS,
  GITHUB_EXTENSIONS,
  GITHUB_ISSUER,
  GITHUB_SAN,
  GITLAB_CLAIMS,
  GITLAB_EXTENSIONS,
  GITLAB_ISSUER,
  GITLAB_SAN,
} from '../testdata/ci-claims.js';
import { parseFulcioConfig } from './config.js';
import { IssuerPool } from './issuer-pool.js';
import { FULCIO_OIDS } from './oids.js';
import { certificateExtensions, principalFromClaims } from './principal.js';
import type { IssuerConfig } from './types.js';

const pool = new IssuerPool(
  parseFulcioConfig({
    'oidc-issuers': {
      'https://keycloak.corp.example/realms/dev': {
        'issuer-url': 'https://keycloak.corp.example/realms/dev',
        'client-id': 'sigstore',
        type: 'email',
      },
      'https://dex.corp.example': {
        'issuer-url': 'https://dex.corp.example',
        'client-id': 'sigstore',
        type: 'email',
        'issuer-claim': '$.federated_claims.connector_id',
      },
      'https://entra.corp.example': {
        'issuer-url': 'https://entra.corp.example',
        'client-id': 'sigstore',
        type: 'email',
        'skip-email-verification': true,
      },
      'https://spire.corp.example': {
        'issuer-url': 'https://spire.corp.example',
        'client-id': 'sigstore',
        type: 'spiffe',
        'spiffe-trust-domain': 'corp.example',
      },
      'https://accounts.corp.example': {
        'issuer-url': 'https://accounts.corp.example',
        'client-id': 'sigstore',
        type: 'uri',
        'subject-domain': 'https://users.corp.example',
      },
      'https://login.corp.example': {
        'issuer-url': 'https://login.corp.example',
        'client-id': 'sigstore',
        type: 'username',
        'subject-domain': 'corp.example',
      },
      'https://issuer.enforce.dev': {
        'issuer-url': 'https://issuer.enforce.dev',
        'client-id': 'sigstore',
        type: 'chainguard-identity',
      },
      [GITHUB_ISSUER]: {
        'issuer-url': GITHUB_ISSUER,
        'client-id': 'sigstore',
        type: 'ci-provider',
        'ci-provider': 'github-workflow',
      },
      [GITLAB_ISSUER]: {
        'issuer-url': GITLAB_ISSUER,
        'client-id': 'sigstore',
        type: 'ci-provider',
        'ci-provider': 'gitlab-pipeline',
      },
      'https://legacy-github.corp.example': {
        'issuer-url': 'https://legacy-github.corp.example',
        'client-id': 'sigstore',
        type: 'github-workflow',
      },
    },
    'meta-issuers': {
      'https://oidc.eks.*.amazonaws.com/id/*': { 'client-id': 'sigstore', type: 'kubernetes' },
    },
  }),
);

function issuer(url: string): IssuerConfig {
  const i = pool.match(url);
  if (!i) throw new Error(`no issuer ${url}`);
  return i;
}

const EKS = 'https://oidc.eks.us-west-2.amazonaws.com/id/B02C93B6A2D30341AD01E1B6D48164CB';
// Shape of a projected service-account token (fulcio pkg/identity/kubernetes/principal.go comment).
const K8S_CLAIMS = {
  iss: EKS,
  aud: ['sigstore'],
  sub: 'system:serviceaccount:default:builder',
  'kubernetes.io': {
    namespace: 'default',
    pod: { name: 'oidc-test', uid: '49ad3572-b3dd-43a6-8d77-5858d3660275' },
    serviceaccount: { name: 'builder', uid: 'f5720c1d-e152-4356-a897-11b07aff165d' },
  },
};

function without(claims: Record<string, unknown>, key: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(claims).filter(([k]) => k !== key));
}

const ext = (value: string) => [{ oid: FULCIO_OIDS.tokenSubject, value, encoding: 'utf8' }];

describe('principalFromClaims', () => {
  it.each([
    [
      'an email issuer uses the verified email as SAN and accepts email or sub as challenge',
      'https://keycloak.corp.example/realms/dev',
      {
        iss: 'https://keycloak.corp.example/realms/dev',
        sub: 'f:1234',
        email: 'alice@corp.example',
        email_verified: true,
      },
      {
        challengeCandidates: ['alice@corp.example', 'f:1234'],
        subjectAltName: { kind: 'email', value: 'alice@corp.example' },
        issuer: 'https://keycloak.corp.example/realms/dev',
        subject: 'f:1234',
        extensions: ext('f:1234'),
      },
    ],
    [
      'an email issuer accepts email_verified as the string "True"',
      'https://keycloak.corp.example/realms/dev',
      {
        iss: 'https://keycloak.corp.example/realms/dev',
        sub: 's',
        email: 'bob@corp.example',
        email_verified: 'True',
      },
      { subjectAltName: { kind: 'email', value: 'bob@corp.example' } },
    ],
    [
      'an email issuer with issuer-claim puts the claim value in the issuer extensions',
      'https://dex.corp.example',
      {
        iss: 'https://dex.corp.example',
        sub: 'CgY1',
        email: 'alice@corp.example',
        email_verified: true,
        federated_claims: { connector_id: 'https://github.com/login/oauth', user_id: '1' },
      },
      {
        issuer: 'https://github.com/login/oauth',
        subjectAltName: { kind: 'email', value: 'alice@corp.example' },
      },
    ],
    [
      'an email issuer with skip-email-verification accepts a token without email_verified',
      'https://entra.corp.example',
      { iss: 'https://entra.corp.example', sub: 'oid', email: 'carol@corp.example' },
      {
        challengeCandidates: ['carol@corp.example', 'oid'],
        subjectAltName: { kind: 'email', value: 'carol@corp.example' },
      },
    ],
    [
      'a kubernetes issuer builds the service-account URI',
      EKS,
      K8S_CLAIMS,
      {
        challengeCandidates: ['system:serviceaccount:default:builder'],
        subjectAltName: {
          kind: 'uri',
          value: 'https://kubernetes.io/namespaces/default/serviceaccounts/builder',
        },
        issuer: EKS,
        extensions: ext('system:serviceaccount:default:builder'),
      },
    ],
    [
      'a spiffe issuer uses the SPIFFE ID',
      'https://spire.corp.example',
      { iss: 'https://spire.corp.example', sub: 'spiffe://corp.example/ns/prod/sa/builder' },
      {
        subjectAltName: { kind: 'uri', value: 'spiffe://corp.example/ns/prod/sa/builder' },
        challengeCandidates: ['spiffe://corp.example/ns/prod/sa/builder'],
      },
    ],
    [
      'a uri issuer uses sub as the URI',
      'https://accounts.corp.example',
      { iss: 'https://accounts.corp.example', sub: 'https://users.corp.example/alice' },
      { subjectAltName: { kind: 'uri', value: 'https://users.corp.example/alice' } },
    ],
    [
      'a uri issuer also accepts a verified email as challenge (clients sign email when present)',
      'https://accounts.corp.example',
      {
        iss: 'https://accounts.corp.example',
        sub: 'https://users.corp.example/alice',
        email: 'alice@corp.example',
        email_verified: true,
      },
      { challengeCandidates: ['https://users.corp.example/alice', 'alice@corp.example'] },
    ],
    [
      'a username issuer builds the otherName value',
      'https://login.corp.example',
      { iss: 'https://login.corp.example', sub: 'alice' },
      {
        subjectAltName: { kind: 'username', value: 'alice!corp.example' },
        challengeCandidates: ['alice'],
        extensions: ext('alice'),
      },
    ],
    [
      'a chainguard issuer joins issuer and sub',
      'https://issuer.enforce.dev',
      { iss: 'https://issuer.enforce.dev', sub: 'abc123/def456' },
      { subjectAltName: { kind: 'uri', value: 'https://issuer.enforce.dev/abc123/def456' } },
    ],
  ])('%s', (_name, url, claims, expected) => {
    expect(principalFromClaims(issuer(url), claims)).toMatchObject(expected);
  });

  it('produces the SAN and extensions upstream produces for a GitHub Actions token', () => {
    const p = principalFromClaims(issuer(GITHUB_ISSUER), GITHUB_CLAIMS);
    expect(p.subjectAltName).toEqual({ kind: 'uri', value: GITHUB_SAN });
    expect(p.challengeCandidates).toEqual([GITHUB_CLAIMS.sub]);
    expect(p.issuer).toBe(GITHUB_ISSUER);
    expect(p.extensions.map((e) => [e.oid, e.value, e.encoding])).toEqual(GITHUB_EXTENSIONS);
  });

  it('omits the deployment-environment extension when the GitHub token has no environment claim', () => {
    const claims = without(GITHUB_CLAIMS, 'environment');
    const p = principalFromClaims(issuer(GITHUB_ISSUER), claims);
    expect(p.extensions.map((e) => e.oid)).not.toContain(FULCIO_OIDS.deploymentEnvironment);
  });

  it('treats the legacy github-workflow type like ci-provider github-workflow', () => {
    const claims = { ...GITHUB_CLAIMS, iss: 'https://legacy-github.corp.example' };
    const p = principalFromClaims(issuer('https://legacy-github.corp.example'), claims);
    expect(p.subjectAltName.value).toBe(GITHUB_SAN);
    expect(p.extensions.map((e) => [e.oid, e.value, e.encoding])).toEqual(GITHUB_EXTENSIONS);
  });

  it('produces the SAN and extensions upstream produces for a GitLab CI token', () => {
    const p = principalFromClaims(issuer(GITLAB_ISSUER), GITLAB_CLAIMS);
    expect(p.subjectAltName).toEqual({ kind: 'uri', value: GITLAB_SAN });
    expect(p.extensions.map((e) => [e.oid, e.value, e.encoding])).toEqual(GITLAB_EXTENSIONS);
  });

  it('renders a GitLab tag pipeline ref as refs/tags/…', () => {
    const p = principalFromClaims(issuer(GITLAB_ISSUER), {
      ...GITLAB_CLAIMS,
      ref: 'v1.0.0',
      ref_type: 'tag',
    });
    expect(p.extensions.find((e) => e.oid === FULCIO_OIDS.sourceRepositoryRef)?.value).toBe(
      'refs/tags/v1.0.0',
    );
  });

  it('orders all certificate extensions as fulcio renders them', () => {
    const p = principalFromClaims(issuer(GITHUB_ISSUER), GITHUB_CLAIMS);
    const all = certificateExtensions(p);
    expect(all.map((e) => e.oid.split('.').at(-1))).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '8',
      ...Array.from({ length: 16 }, (_, i) => String(i + 9)),
    ]);
    expect(all[0]).toEqual({ oid: FULCIO_OIDS.issuer, value: GITHUB_ISSUER, encoding: 'raw' });
    expect(all[6]).toEqual({ oid: FULCIO_OIDS.issuerV2, value: GITHUB_ISSUER, encoding: 'utf8' });
  });

  const githubWithoutJobWorkflowRef = without(GITHUB_CLAIMS, 'job_workflow_ref');
  const gitlabWithoutConfigSha = without(GITLAB_CLAIMS, 'ci_config_sha');
  it.each([
    [
      'a token whose iss is not the issuer',
      'https://keycloak.corp.example/realms/dev',
      { iss: 'https://other.example', sub: 's', email: 'a@corp.example', email_verified: true },
      'ISSUER_MISMATCH',
    ],
    [
      'a token without sub',
      'https://keycloak.corp.example/realms/dev',
      {
        iss: 'https://keycloak.corp.example/realms/dev',
        email: 'a@corp.example',
        email_verified: true,
      },
      'MISSING_CLAIM',
    ],
    [
      'an email token without email',
      'https://keycloak.corp.example/realms/dev',
      { iss: 'https://keycloak.corp.example/realms/dev', sub: 's' },
      'MISSING_CLAIM',
    ],
    [
      'an email token with email_verified false',
      'https://keycloak.corp.example/realms/dev',
      {
        iss: 'https://keycloak.corp.example/realms/dev',
        sub: 's',
        email: 'a@corp.example',
        email_verified: false,
      },
      'EMAIL_NOT_VERIFIED',
    ],
    [
      'an email token without email_verified',
      'https://keycloak.corp.example/realms/dev',
      { iss: 'https://keycloak.corp.example/realms/dev', sub: 's', email: 'a@corp.example' },
      'EMAIL_NOT_VERIFIED',
    ],
    [
      'an email token with a malformed email_verified',
      'https://keycloak.corp.example/realms/dev',
      {
        iss: 'https://keycloak.corp.example/realms/dev',
        sub: 's',
        email: 'a@corp.example',
        email_verified: 'yes',
      },
      'INVALID_CLAIM',
    ],
    [
      'an email token with an invalid address',
      'https://keycloak.corp.example/realms/dev',
      {
        iss: 'https://keycloak.corp.example/realms/dev',
        sub: 's',
        email: 'not an email',
        email_verified: true,
      },
      'INVALID_CLAIM',
    ],
    [
      'an email token missing the issuer-claim',
      'https://dex.corp.example',
      { iss: 'https://dex.corp.example', sub: 's', email: 'a@corp.example', email_verified: true },
      'MISSING_CLAIM',
    ],
    [
      'a kubernetes token without the kubernetes.io claim',
      EKS,
      { iss: EKS, sub: 's' },
      'MISSING_CLAIM',
    ],
    [
      'a spiffe token from another trust domain',
      'https://spire.corp.example',
      { iss: 'https://spire.corp.example', sub: 'spiffe://evil.example/x' },
      'INVALID_CLAIM',
    ],
    [
      'a spiffe token whose sub is not a SPIFFE ID',
      'https://spire.corp.example',
      { iss: 'https://spire.corp.example', sub: 'https://corp.example/x' },
      'INVALID_CLAIM',
    ],
    [
      'a uri token on another host',
      'https://accounts.corp.example',
      { iss: 'https://accounts.corp.example', sub: 'https://evil.example/alice' },
      'INVALID_CLAIM',
    ],
    [
      'a uri token with another scheme',
      'https://accounts.corp.example',
      { iss: 'https://accounts.corp.example', sub: 'http://users.corp.example/alice' },
      'INVALID_CLAIM',
    ],
    [
      'a uri token whose sub is an email',
      'https://accounts.corp.example',
      { iss: 'https://accounts.corp.example', sub: 'alice@users.corp.example' },
      'INVALID_CLAIM',
    ],
    [
      'a username containing !',
      'https://login.corp.example',
      { iss: 'https://login.corp.example', sub: 'alice!evil.example' },
      'INVALID_CLAIM',
    ],
    [
      'a username that is an email',
      'https://login.corp.example',
      { iss: 'https://login.corp.example', sub: 'alice@corp.example' },
      'INVALID_CLAIM',
    ],
    [
      'a GitHub token missing a templated claim',
      GITHUB_ISSUER,
      githubWithoutJobWorkflowRef,
      'MISSING_CLAIM',
    ],
    [
      'a GitLab token missing a bare-name claim',
      GITLAB_ISSUER,
      gitlabWithoutConfigSha,
      'MISSING_CLAIM',
    ],
  ])('rejects %s', (_name, url, claims, code) => {
    expect(() => principalFromClaims(issuer(url), claims)).toThrow(
      expect.objectContaining({ code }),
    );
  });

  it('marks a CI provider’s template failures as raised at issuance, as upstream raises them', () => {
    expect(() => principalFromClaims(issuer(GITHUB_ISSUER), githubWithoutJobWorkflowRef)).toThrow(
      expect.objectContaining({
        atIssuance: true,
        message:
          'github-workflow subject-alternative-name: template: map has no entry for key "job_workflow_ref"',
      }),
    );
    expect(() =>
      principalFromClaims(issuer('https://login.corp.example'), {
        iss: 'https://login.corp.example',
        sub: 'alice!evil.example',
      }),
    ).toThrow(expect.not.objectContaining({ atIssuance: true }));
  });
});
