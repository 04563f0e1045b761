import { describe, expect, it } from 'vitest';
import { parseFulcioConfig } from './config.js';
import { IssuerPool } from './issuer-pool.js';
import { metaRegex } from './meta-regex.js';

// Patterns and URLs re-expressed from sigstore/fulcio pkg/config/config_test.go (TestMetaURLs) and the
// meta-issuers of config/identity/config.yaml.
describe('metaRegex', () => {
  it.each([
    [
      'https://oidc.eks.*.amazonaws.com/id/*',
      'https://oidc.eks.us-west-2.amazonaws.com/id/B02C93B6A2D30341AD01E1B6D48164CB',
    ],
    [
      'https://container.googleapis.com/v1/projects/*/locations/*/clusters/*',
      'https://container.googleapis.com/v1/projects/mattmoor-credit/locations/us-west1-b/clusters/tenant-cluster',
    ],
    [
      'https://*.oic.prod-aks.azure.com/*/*',
      'https://eastus.oic.prod-aks.azure.com/ffffffff-eeee-dddd-cccc-bbbbbbbbbbb0/ffffffff-eeee-dddd-cccc-bbbbbbbbbbb0',
    ],
    [
      'https://*.oic.prod-aks.azure.com/*/*/',
      'https://eastus.oic.prod-aks.azure.com/ffffffff-eeee-dddd-cccc-bbbbbbbbbbb0/ffffffff-eeee-dddd-cccc-bbbbbbbbbbb0/',
    ],
    ['https://oidc.circleci.com/org/*', 'https://oidc.circleci.com/org/my_org-12345'],
    [
      'https://token.actions.githubusercontent.com/*',
      'https://token.actions.githubusercontent.com/some-enterprise',
    ],
  ])('%s matches %s', (pattern, url) => {
    expect(metaRegex(pattern).test(url)).toBe(true);
  });

  it.each([
    [
      'https://oidc.eks.*.amazonaws.com/id/*',
      'https://oidc.eks.us.west.2.amazonaws.com/id/B02C93B6A2D30341AD01E1B6D48164CB',
      'extra dots in a wildcard',
    ],
    [
      'https://oidc.eks.*.amazonaws.com/id/*',
      'https://oidc.eks.us-west/2.amazonaws.com/id/B02C93B6A2D3/0341AD01E1B6D48164CB',
      'slashes in a wildcard',
    ],
    [
      'https://oidc.eks.*.amazonaws.com/id/*',
      'https://oidc.eksXus-west-2.amazonaws.com/id/B02C',
      'a literal dot matched by any character',
    ],
    [
      'https://oidc.eks.*.amazonaws.com/id/*',
      'https://oidc.eks.us-west-2.amazonaws.com.evil.example/id/B02C',
      'a suffix after the pattern host',
    ],
    [
      'https://oidc.eks.*.amazonaws.com/id/*',
      'http://localhost?issuer=https://oidc.eks.us-west-2.amazonaws.com/id/B02C',
      'the pattern in a query (GHSA-59jp-pj84-45mr)',
    ],
    [
      'https://oidc.eks.*.amazonaws.com/id/*',
      'http://localhost/redirect/https://oidc.eks.us-west-2.amazonaws.com/id/B02C',
      'the pattern in a path (GHSA-59jp-pj84-45mr)',
    ],
    [
      'https://oidc.eks.*.amazonaws.com/id/*',
      'https://oidc.eks.us-west-2.amazonaws.com/id/',
      'an empty wildcard',
    ],
    [
      'https://*.oic.prod-aks.azure.com/*/*/',
      'https://eastus.oic.prod-aks.azure.com/ffffffff/ffffffff',
      'a missing trailing slash',
    ],
    [
      'https://oidc.circleci.com/org/*',
      'https://oidc.circleci.com/org/my-org/extra',
      'an extra path segment',
    ],
  ])('%s does not match %s (%s)', (pattern, url) => {
    expect(metaRegex(pattern).test(url)).toBe(false);
  });
});

describe('IssuerPool.match', () => {
  const pool = new IssuerPool(
    parseFulcioConfig({
      'oidc-issuers': {
        'https://token.actions.githubusercontent.com': {
          'issuer-url': 'https://token.actions.githubusercontent.com',
          'client-id': 'sigstore',
          type: 'ci-provider',
          'ci-provider': 'github-workflow',
        },
        // An exact entry that the meta pattern below would also match: exact lookup wins.
        'https://oidc.eks.eu-west-1.amazonaws.com/id/PINNED': {
          'issuer-url': 'https://oidc.eks.eu-west-1.amazonaws.com/id/PINNED',
          'client-id': 'pinned-audience',
          type: 'kubernetes',
        },
      },
      'meta-issuers': {
        'https://oidc.eks.*.amazonaws.com/id/*': { 'client-id': 'sigstore', type: 'kubernetes' },
        'https://token.actions.githubusercontent.com/*': {
          'client-id': 'sigstore',
          type: 'ci-provider',
          'ci-provider': 'github-workflow',
        },
      },
    }),
  );

  it('finds an oidc-issuers entry by its exact issuer URL', () => {
    expect(pool.match('https://token.actions.githubusercontent.com')).toMatchObject({
      type: 'ci-provider',
      ciProvider: 'github-workflow',
    });
  });

  it('prefers an exact entry over a matching meta issuer', () => {
    expect(pool.match('https://oidc.eks.eu-west-1.amazonaws.com/id/PINNED')).toMatchObject({
      clientId: 'pinned-audience',
    });
  });

  it('resolves a meta issuer to the concrete issuer URL', () => {
    const m = pool.match(
      'https://oidc.eks.us-west-2.amazonaws.com/id/B02C93B6A2D30341AD01E1B6D48164CB',
    );
    expect(m).toEqual({
      issuerUrl: 'https://oidc.eks.us-west-2.amazonaws.com/id/B02C93B6A2D30341AD01E1B6D48164CB',
      wildcardIssuerUrl: 'https://oidc.eks.*.amazonaws.com/id/*',
      clientId: 'sigstore',
      type: 'kubernetes',
      challengeClaim: 'sub',
      skipEmailVerification: false,
    });
    expect(pool.isMeta(m!)).toBe(true);
    expect(Object.isFrozen(m)).toBe(true);
  });

  it.each([
    ['an unconfigured issuer', 'https://accounts.google.com'],
    ['a trailing slash the config does not have', 'https://token.actions.githubusercontent.com/'],
    ['a different case', 'https://TOKEN.actions.githubusercontent.com'],
    ['a wildcard that crosses a dot', 'https://oidc.eks.us.west.amazonaws.com/id/X'],
    ['an empty issuer', ''],
  ])('returns undefined for %s', (_name, iss) => {
    expect(pool.match(iss)).toBeUndefined();
  });
});
