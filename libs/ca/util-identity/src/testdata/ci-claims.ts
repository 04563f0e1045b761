// CI token claim sets and the certificate values Fulcio derives from them.
//
// GitHub Actions: claim names/shapes as documented by GitHub ("About security hardening with OpenID
// Connect", example token) with the values used by sigstore/fulcio `pkg/identity/ciprovider/principal_test.go`
// (TestName). Expected values follow fulcio `config/identity/config.yaml` github-workflow metadata and
// agree with the deprecated `pkg/identity/github/principal.go` (which uses url.JoinPath on https://github.com/).
//
// GitLab CI: claims from sigstore/fulcio `pkg/identity/gitlabcom/principal_test.go` (with the
// ci_config_ref_uri typo `refs/head` corrected and the optional user fields GitLab sends added);
// expected values follow the gitlab-pipeline metadata in fulcio `config/identity/config.yaml`.
import { FULCIO_OIDS as O } from '../lib/oids.js';

export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';

export const GITHUB_CLAIMS = {
  jti: 'example-id',
  sub: 'repo:sigstore/fulcio:ref:refs/heads/main',
  aud: 'sigstore',
  ref: 'refs/heads/main',
  sha: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  repository: 'sigstore/fulcio',
  repository_owner: 'username',
  repository_owner_id: '345',
  repository_id: '12345',
  repository_visibility: 'public',
  run_id: '42',
  run_number: '7',
  run_attempt: '1',
  runner_environment: 'github-hosted',
  actor: 'octocat',
  actor_id: '583231',
  workflow: 'foo',
  workflow_ref: 'sigstore/other/.github/workflows/foo.yaml@refs/heads/main',
  workflow_sha: 'example-sha-other',
  head_ref: '',
  base_ref: '',
  event_name: 'push',
  ref_type: 'branch',
  ref_protected: 'true',
  environment: 'production',
  job_workflow_ref: 'sigstore/fulcio/.github/workflows/foo.yaml@refs/heads/main',
  job_workflow_sha: 'example-sha',
  iss: GITHUB_ISSUER,
  nbf: 1_700_000_000,
  exp: 1_700_000_900,
  iat: 1_700_000_300,
} as const;

export const GITHUB_SAN =
  'https://github.com/sigstore/fulcio/.github/workflows/foo.yaml@refs/heads/main';

/** [oid, value, encoding] in certificate order, excluding the issuer extensions 1.1/1.8. */
export const GITHUB_EXTENSIONS = [
  [O.githubWorkflowTrigger, 'push', 'raw'],
  [O.githubWorkflowSha, 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'raw'],
  [O.githubWorkflowName, 'foo', 'raw'],
  [O.githubWorkflowRepository, 'sigstore/fulcio', 'raw'],
  [O.githubWorkflowRef, 'refs/heads/main', 'raw'],
  [O.buildSignerUri, GITHUB_SAN, 'utf8'],
  [O.buildSignerDigest, 'example-sha', 'utf8'],
  [O.runnerEnvironment, 'github-hosted', 'utf8'],
  [O.sourceRepositoryUri, 'https://github.com/sigstore/fulcio', 'utf8'],
  [O.sourceRepositoryDigest, 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'utf8'],
  [O.sourceRepositoryRef, 'refs/heads/main', 'utf8'],
  [O.sourceRepositoryIdentifier, '12345', 'utf8'],
  [O.sourceRepositoryOwnerUri, 'https://github.com/username', 'utf8'],
  [O.sourceRepositoryOwnerIdentifier, '345', 'utf8'],
  [
    O.buildConfigUri,
    'https://github.com/sigstore/other/.github/workflows/foo.yaml@refs/heads/main',
    'utf8',
  ],
  [O.buildConfigDigest, 'example-sha-other', 'utf8'],
  [O.buildTrigger, 'push', 'utf8'],
  [O.runInvocationUri, 'https://github.com/sigstore/fulcio/actions/runs/42/attempts/1', 'utf8'],
  [O.sourceRepositoryVisibilityAtSigning, 'public', 'utf8'],
  [O.deploymentEnvironment, 'production', 'utf8'],
  [O.tokenSubject, 'repo:sigstore/fulcio:ref:refs/heads/main', 'utf8'],
] as const;

export const GITLAB_ISSUER = 'https://gitlab.com';

export const GITLAB_CLAIMS = {
  namespace_id: '1730270',
  namespace_path: 'cpanato',
  project_id: '42831435',
  project_path: 'cpanato/testing-cosign',
  user_id: '1730270',
  user_login: 'cpanato',
  user_email: 'ctadeu@example.com',
  pipeline_id: '757451528',
  pipeline_source: 'push',
  job_id: '3659681386',
  ref: 'main',
  ref_type: 'branch',
  ref_protected: 'true',
  runner_id: 1,
  runner_environment: 'gitlab-hosted',
  sha: '714a629c0b401fdce83e847fc9589983fc6f46bc',
  project_visibility: 'public',
  ci_config_ref_uri: 'gitlab.com/cpanato/testing-cosign//.gitlab-ci.yml@refs/heads/main',
  ci_config_sha: '714a629c0b401fdce83e847fc9589983fc6f46bc',
  jti: 'example-jti',
  iss: GITLAB_ISSUER,
  iat: 1_700_000_000,
  nbf: 1_699_999_995,
  exp: 1_700_003_600,
  sub: 'project_path:cpanato/testing-cosign:ref_type:branch:ref:main',
  aud: 'sigstore',
} as const;

export const GITLAB_SAN =
  'https://gitlab.com/cpanato/testing-cosign//.gitlab-ci.yml@refs/heads/main';

export const GITLAB_EXTENSIONS = [
  [O.buildSignerUri, GITLAB_SAN, 'utf8'],
  [O.buildSignerDigest, '714a629c0b401fdce83e847fc9589983fc6f46bc', 'utf8'],
  [O.runnerEnvironment, 'gitlab-hosted', 'utf8'],
  [O.sourceRepositoryUri, 'https://gitlab.com/cpanato/testing-cosign', 'utf8'],
  [O.sourceRepositoryDigest, '714a629c0b401fdce83e847fc9589983fc6f46bc', 'utf8'],
  [O.sourceRepositoryRef, 'refs/heads/main', 'utf8'],
  [O.sourceRepositoryIdentifier, '42831435', 'utf8'],
  [O.sourceRepositoryOwnerUri, 'https://gitlab.com/cpanato', 'utf8'],
  [O.sourceRepositoryOwnerIdentifier, '1730270', 'utf8'],
  [O.buildConfigUri, GITLAB_SAN, 'utf8'],
  [O.buildConfigDigest, '714a629c0b401fdce83e847fc9589983fc6f46bc', 'utf8'],
  [O.buildTrigger, 'push', 'utf8'],
  [O.runInvocationUri, 'https://gitlab.com/cpanato/testing-cosign/-/jobs/3659681386', 'utf8'],
  [O.sourceRepositoryVisibilityAtSigning, 'public', 'utf8'],
  [O.tokenSubject, 'project_path:cpanato/testing-cosign:ref_type:branch:ref:main', 'utf8'],
] as const;
