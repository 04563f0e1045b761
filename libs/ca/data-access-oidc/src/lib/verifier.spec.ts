import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IssuerPool, parseFulcioConfig, type FulcioConfig } from '@sigstead/util-identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestIdp, json, selfSignedTls } from '../testdata/idp.js';
import { OidcError, type OidcErrorCode } from './error.js';
import type { FetchLike } from './http.js';
import { checkTokenSignature } from './signature.js';
import { OidcTokenVerifier, type OidcVerifierOptions } from './verifier.js';

// Whole seconds, so a token can expire exactly "now".
const clock = { t: Math.floor(Date.now() / 1000) * 1000, now: () => clock.t };
const secs = () => Math.floor(clock.t / 1000);

let idp: TestIdp;
let dev: string; // an email issuer with a realm path, like Keycloak

beforeAll(async () => {
  idp = await TestIdp.start();
  await idp.addKey('rsa-1', 'RS256');
  await idp.addKey('ec-1', 'ES256');
  await idp.addKey('ps-1', 'PS256');
  await idp.addKey('ec384-1', 'ES384');
  await idp.addKey('ed-1', 'EdDSA');
  dev = `${idp.origin}/realms/dev`;
});
afterAll(() => idp.close());

function b64(obj: unknown): string {
  return Buffer.from(JSON.stringify(obj)).toString('base64url');
}

function claims(overrides: Record<string, unknown> = {}, iss = dev): Record<string, unknown> {
  return {
    iss,
    aud: 'sigstore',
    sub: 'f:alice',
    email: 'alice@corp.example',
    email_verified: true,
    iat: secs(),
    nbf: secs(),
    exp: secs() + 600,
    ...overrides,
  };
}

function countingFetch(): { fetch: FetchLike; calls: string[] } {
  const calls: string[] = [];
  return { calls, fetch: (input, init) => (calls.push(input), fetch(input, init)) };
}

function verifierFor(config: unknown, options: OidcVerifierOptions = {}) {
  const { fetch, calls } = countingFetch();
  const pool = new IssuerPool(config as FulcioConfig);
  return { verifier: new OidcTokenVerifier(pool, clock, fetch, options), calls };
}

function defaultVerifier(options: OidcVerifierOptions = {}) {
  return verifierFor(
    parseFulcioConfig({
      'oidc-issuers': {
        [dev]: { 'issuer-url': dev, 'client-id': 'sigstore', type: 'email' },
        [`${idp.origin}/moved`]: {
          'issuer-url': `${idp.origin}/moved`,
          'client-id': 'sigstore',
          type: 'email',
        },
        [`${idp.origin}/hop`]: {
          'issuer-url': `${idp.origin}/hop`,
          'client-id': 'sigstore',
          type: 'email',
        },
        [`${idp.origin}/mismatch`]: {
          'issuer-url': `${idp.origin}/mismatch`,
          'client-id': 'sigstore',
          type: 'email',
        },
      },
      'meta-issuers': {
        [`http://127.0.0.1:${idp.port}/tenants/*`]: { 'client-id': 'sigstore', type: 'email' },
      },
    }),
    options,
  );
}

/** Asserts the rejection code and that no error in the cause chain mentions the token or its parts. */
async function expectRejected(
  promise: Promise<unknown>,
  code: OidcErrorCode,
  token: string,
): Promise<OidcError> {
  const err = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(OidcError);
  expect((err as OidcError).code).toBe(code);
  const secrets = [token, ...token.split('.').filter((p) => p.length >= 8)];
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    for (const s of secrets) {
      expect(e.message).not.toContain(s);
      expect(String(e.stack)).not.toContain(s);
    }
  }
  return err as OidcError;
}

describe('OidcTokenVerifier.begin', () => {
  const tamper = (token: string) => {
    const [h, p, sig] = token.split('.') as [string, string, string];
    return `${h}.${p}.${sig.slice(0, 10)}${sig[10] === 'A' ? 'B' : 'A'}${sig.slice(11)}`;
  };

  it.each(['rsa-1', 'ec-1', 'ps-1', 'ed-1'])(
    'hands over a %s signature that verifies once cloned to another thread',
    async (kid) => {
      const { verifier } = defaultVerifier();
      const pending = await verifier.begin(await idp.mint(claims(), kid));
      // What postMessage does to it on the way to a validation thread.
      expect(checkTokenSignature(structuredClone(pending.signature))).toBe(true);
      expect(checkTokenSignature(pending.signature)).toBe(true);
      expect(pending.complete().claims).toMatchObject({ iss: dev, sub: 'f:alice' });
    },
  );

  it('leaves a bad signature, and then the claims, to the caller', async () => {
    const { verifier } = defaultVerifier();
    const expired = await idp.mint(claims({ exp: secs() - 1 }), 'rsa-1');
    // A tampered, expired token: begin accepts it; its signature fails, and only its claims'
    // check says it expired, so a caller that checks the signature first reports the signature.
    const forged = await verifier.begin(tamper(expired));
    expect(checkTokenSignature(forged.signature)).toBe(false);
    expect(checkTokenSignature(structuredClone(forged.signature))).toBe(false);
    const signed = await verifier.begin(expired);
    expect(checkTokenSignature(signed.signature)).toBe(true);
    expect(() => signed.complete()).toThrow(
      expect.objectContaining({ code: 'TOKEN_EXPIRED' }) as Error,
    );
    await expectRejected(verifier.verify(tamper(expired)), 'INVALID_SIGNATURE', expired);
  });
});

describe('OidcTokenVerifier.verify', () => {
  it.each([
    ['an RS256 token', 'rsa-1', {}],
    ['an ES256 token', 'ec-1', {}],
    ['a PS256 token', 'ps-1', {}],
    ['an ES384 token', 'ec384-1', {}],
    ['an EdDSA token', 'ed-1', {}],
    [
      'a token whose aud is a list containing the client ID',
      'rsa-1',
      { aud: ['other', 'sigstore'] },
    ],
    ['a token expiring this very second (no exp leeway, but not passed)', 'rsa-1', { exp: secs() }],
    ['a token whose nbf is 4 minutes ahead (5 minute leeway)', 'rsa-1', { nbf: secs() + 240 }],
    ['a token without nbf', 'rsa-1', { nbf: undefined }],
  ])('accepts %s', async (_name, kid, overrides) => {
    const { verifier } = defaultVerifier();
    const token = await idp.mint(claims(overrides), kid);
    const result = await verifier.verify(token);
    expect(result.issuer).toMatchObject({ issuerUrl: dev, type: 'email', clientId: 'sigstore' });
    expect(result.claims).toMatchObject({ iss: dev, sub: 'f:alice' });
  });

  const hs256 = (secret: string | Buffer, payload: Record<string, unknown>) => {
    const input = `${b64({ alg: 'HS256', typ: 'JWT', kid: 'rsa-1' })}.${b64(payload)}`;
    return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
  };
  const flip = (s: string, i: number) =>
    s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);

  it.each<[string, () => Promise<string> | string, OidcErrorCode]>([
    ['an expired token', () => idp.mint(claims({ exp: secs() - 1 }), 'rsa-1'), 'TOKEN_EXPIRED'],
    ['a token without exp', () => idp.mint(claims({ exp: undefined }), 'rsa-1'), 'TOKEN_EXPIRED'],
    [
      'a token whose nbf is 6 minutes ahead',
      () => idp.mint(claims({ nbf: secs() + 360 }), 'rsa-1'),
      'TOKEN_NOT_YET_VALID',
    ],
    [
      'a token for another audience',
      () => idp.mint(claims({ aud: 'not-sigstore' }), 'rsa-1'),
      'INVALID_AUDIENCE',
    ],
    [
      'a token without aud',
      () => idp.mint(claims({ aud: undefined }), 'rsa-1'),
      'INVALID_AUDIENCE',
    ],
    [
      'a token from an unconfigured issuer',
      () => idp.mint(claims({}, 'https://unknown.example'), 'rsa-1'),
      'UNKNOWN_ISSUER',
    ],
    [
      'an unsigned token (alg none)',
      () => `${b64({ alg: 'none' })}.${b64(claims())}.`,
      'UNSUPPORTED_ALGORITHM',
    ],
    [
      'alg none with a signature',
      () => `${b64({ alg: 'none' })}.${b64(claims())}.c2ln`,
      'UNSUPPORTED_ALGORITHM',
    ],
    [
      'an HS256 token keyed with the issuer public key PEM',
      async () => hs256(await idp.publicKeyPem('rsa-1'), claims()),
      'UNSUPPORTED_ALGORITHM',
    ],
    [
      'an HS256 token keyed with the issuer JWK',
      () => hs256(JSON.stringify(idp.keys.get('rsa-1')!.jwk), claims()),
      'UNSUPPORTED_ALGORITHM',
    ],
    [
      'a token with a tampered signature',
      async () => {
        const [h, p, s] = (await idp.mint(claims(), 'rsa-1')).split('.');
        return `${h}.${p}.${flip(s!, 10)}`;
      },
      'INVALID_SIGNATURE',
    ],
    [
      'a token with a tampered payload',
      async () => {
        const [h, , s] = (await idp.mint(claims(), 'rsa-1')).split('.');
        return `${h}.${b64(claims({ email: 'mallory@corp.example' }))}.${s}`;
      },
      'INVALID_SIGNATURE',
    ],
    [
      'an ES256 signature presented as RS256',
      async () => {
        const [, p, s] = (await idp.mint(claims(), 'ec-1')).split('.');
        return `${b64({ alg: 'RS256', kid: 'ec-1' })}.${p}.${s}`;
      },
      'UNKNOWN_KEY',
    ],
    [
      'an RS256 signature presented as PS256 (same key, other padding)',
      async () => {
        const [, p, s] = (await idp.mint(claims(), 'rsa-1')).split('.');
        return `${b64({ alg: 'PS256', kid: 'rsa-1' })}.${p}.${s}`;
      },
      'INVALID_SIGNATURE',
    ],
    [
      'an ES256 signature truncated by one byte',
      async () => {
        const [h, p, s] = (await idp.mint(claims(), 'ec-1')).split('.');
        const sig = Buffer.from(s!, 'base64url').subarray(1).toString('base64url');
        return `${h}.${p}.${sig}`;
      },
      'INVALID_SIGNATURE',
    ],
    [
      'a token with a critical header extension',
      async () => {
        const [, p, s] = (await idp.mint(claims(), 'rsa-1')).split('.');
        return `${b64({ alg: 'RS256', kid: 'rsa-1', crit: ['exp'], exp: 1 })}.${p}.${s}`;
      },
      'MALFORMED_TOKEN',
    ],
    ['garbage', () => 'not-a-jwt', 'MALFORMED_TOKEN'],
    ['three non-JSON parts', () => 'abc.def.ghi', 'MALFORMED_TOKEN'],
    ['a JWE-shaped token', () => 'a.b.c.d.e', 'MALFORMED_TOKEN'],
    ['a token without iss', () => idp.mint(claims({ iss: undefined }), 'rsa-1'), 'MALFORMED_TOKEN'],
    ['an array payload', () => `${b64({ alg: 'RS256' })}.${b64([1])}.c2ln`, 'MALFORMED_TOKEN'],
  ])('rejects %s', async (_name, make, code) => {
    const { verifier } = defaultVerifier();
    const token = await make();
    await expectRejected(verifier.verify(token), code, token);
  });

  it('does not contact anything for an unconfigured issuer', async () => {
    const { verifier, calls } = defaultVerifier();
    const token = await idp.mint(claims({}, 'https://unknown.example'), 'rsa-1');
    await expectRejected(verifier.verify(token), 'UNKNOWN_ISSUER', token);
    expect(calls).toEqual([]);
  });

  it('never allows HS256 even when discovery advertises it', async () => {
    idp.advertisedAlgs = ['HS256', 'RS256'];
    try {
      const { verifier } = defaultVerifier();
      await verifier.verify(await idp.mint(claims(), 'rsa-1')); // warms the provider
      const token = hs256(await idp.publicKeyPem('rsa-1'), claims());
      await expectRejected(verifier.verify(token), 'UNSUPPORTED_ALGORITHM', token);
    } finally {
      idp.advertisedAlgs = ['RS256', 'ES256'];
    }
  });

  it('rejects an algorithm the issuer does not advertise', async () => {
    idp.advertisedAlgs = ['ES256'];
    try {
      const { verifier } = defaultVerifier();
      const token = await idp.mint(claims(), 'rsa-1');
      await expectRejected(verifier.verify(token), 'UNSUPPORTED_ALGORITHM', token);
    } finally {
      idp.advertisedAlgs = ['RS256', 'ES256'];
    }
  });

  it('caches discovery and the JWKS per issuer', async () => {
    const { verifier } = defaultVerifier();
    const before = { ...idp.hits };
    for (let i = 0; i < 3; i++)
      await verifier.verify(await idp.mint(claims(), i % 2 ? 'ec-1' : 'rsa-1'));
    expect(idp.hits.discovery - before.discovery).toBe(1);
    expect(idp.hits.jwks - before.jwks).toBe(1);
  });

  it('re-fetches the JWKS for a rotated key, at most once per cooldown', async () => {
    const { verifier } = defaultVerifier({ jwksRefreshCooldownMs: 30_000 });
    await verifier.verify(await idp.mint(claims(), 'rsa-1'));
    const jwksBefore = idp.hits.jwks;

    await idp.addKey('rsa-2', 'RS256');
    const rotated = await idp.mint(claims(), 'rsa-2');
    // Within the cooldown of the first fetch, an unknown kid does not hit the IdP.
    await expectRejected(verifier.verify(rotated), 'UNKNOWN_KEY', rotated);
    expect(idp.hits.jwks).toBe(jwksBefore);

    const saved = clock.t;
    clock.t += 31_000;
    try {
      await expect(verifier.verify(await idp.mint(claims(), 'rsa-2'))).resolves.toBeDefined();
      expect(idp.hits.jwks).toBe(jwksBefore + 1);
      // Another unknown kid right after the refresh is rate-limited again.
      const unknown = `${b64({ alg: 'RS256', kid: 'nope' })}.${b64(claims())}.c2ln`;
      await expectRejected(verifier.verify(unknown), 'UNKNOWN_KEY', unknown);
      expect(idp.hits.jwks).toBe(jwksBefore + 1);
    } finally {
      clock.t = saved;
      idp.keys.delete('rsa-2');
    }
  });

  it('shares one discovery between concurrent first verifications', async () => {
    const { verifier } = defaultVerifier();
    const before = idp.hits.discovery;
    const tokens = await Promise.all([1, 2, 3].map(() => idp.mint(claims(), 'rsa-1')));
    await Promise.all(tokens.map((t) => verifier.verify(t)));
    expect(idp.hits.discovery - before).toBe(1);
  });

  it('gives up on an IdP that does not answer within the timeout, and retries later', async () => {
    const iss = `${idp.origin}/slow`;
    idp.route('/slow/.well-known/openid-configuration', () => undefined); // never answers
    const { verifier } = verifierFor(
      parseFulcioConfig({
        'oidc-issuers': { [iss]: { 'issuer-url': iss, 'client-id': 'sigstore', type: 'email' } },
      }),
      { timeoutMs: 200 },
    );
    const token = await idp.mint(claims({}, iss), 'rsa-1');
    await expectRejected(verifier.verify(token), 'DISCOVERY_FAILED', token);
    idp.route('/slow/.well-known/openid-configuration', (_req, res) =>
      json(res, { issuer: iss, jwks_uri: `${idp.origin}/jwks` }),
    );
    await expect(verifier.verify(token)).resolves.toBeDefined();
  });

  it('refuses an oversized JWKS', async () => {
    const { verifier } = defaultVerifier({ maxResponseBytes: 300 });
    const token = await idp.mint(claims(), 'rsa-1');
    const err = await expectRejected(verifier.verify(token), 'JWKS_FAILED', token);
    expect(err.message).toMatch(/larger than 300 bytes/);
  });

  it('rejects a discovery document whose issuer differs from the token issuer', async () => {
    const iss = `${idp.origin}/mismatch`;
    idp.route('/mismatch/.well-known/openid-configuration', (_req, res) =>
      json(res, { issuer: `${iss}/`, jwks_uri: `${idp.origin}/jwks` }),
    );
    const { verifier } = defaultVerifier();
    const token = await idp.mint(claims({}, iss), 'rsa-1');
    const err = await expectRejected(verifier.verify(token), 'DISCOVERY_FAILED', token);
    expect(err.message).toMatch(/issuer does not match/);
  });

  it('follows a discovery redirect on the same host', async () => {
    const iss = `${idp.origin}/moved`;
    idp.route('/moved/.well-known/openid-configuration', (_req, res) =>
      res.writeHead(302, { location: '/moved-here' }).end(),
    );
    idp.route('/moved-here', (_req, res) =>
      json(res, { issuer: iss, jwks_uri: `${idp.origin}/jwks` }),
    );
    const { verifier } = defaultVerifier();
    await expect(verifier.verify(await idp.mint(claims({}, iss), 'rsa-1'))).resolves.toBeDefined();
  });

  it('refuses a discovery redirect to another host', async () => {
    const iss = `${idp.origin}/hop`;
    const elsewhere = `http://localhost:${idp.port}/realms/dev/.well-known/openid-configuration`;
    idp.route('/hop/.well-known/openid-configuration', (_req, res) =>
      res.writeHead(302, { location: elsewhere }).end(),
    );
    const { verifier, calls } = defaultVerifier();
    const token = await idp.mint(claims({}, iss), 'rsa-1');
    const err = await expectRejected(verifier.verify(token), 'DISCOVERY_FAILED', token);
    expect(err.message).toMatch(/different host/);
    expect(calls).toEqual([`${iss}/.well-known/openid-configuration`]);
  });

  it('rejects a non-loopback plain-http issuer at config time and at verify time', async () => {
    expect(() =>
      parseFulcioConfig({
        'oidc-issuers': {
          x: { 'issuer-url': 'http://idp.corp.example', 'client-id': 'sigstore', type: 'email' },
        },
      }),
    ).toThrow(/only allowed for loopback/);
    // A hand-built config that skipped parseFulcioConfig is still refused before any request.
    const { verifier, calls } = verifierFor({
      oidcIssuers: [
        {
          issuerUrl: 'http://10.1.2.3',
          clientId: 'sigstore',
          type: 'email',
          challengeClaim: 'email',
          skipEmailVerification: false,
        },
      ],
      metaIssuers: [],
      ciIssuerMetadata: {},
    });
    const token = await idp.mint(claims({}, 'http://10.1.2.3'), 'rsa-1');
    await expectRejected(verifier.verify(token), 'INSECURE_ISSUER', token);
    expect(calls).toEqual([]);
  });

  it('discovers meta issuers lazily and keeps them in a bounded LRU', async () => {
    const acme = `${idp.origin}/tenants/acme`;
    const globex = `${idp.origin}/tenants/globex`;
    const { verifier } = defaultVerifier({ metaCacheSize: 1 });
    const before = idp.hits.discovery;
    for (const iss of [acme, acme, globex, acme]) {
      const result = await verifier.verify(await idp.mint(claims({}, iss), 'rsa-1'));
      expect(result.issuer).toMatchObject({
        issuerUrl: iss,
        wildcardIssuerUrl: `http://127.0.0.1:${idp.port}/tenants/*`,
      });
    }
    expect(idp.hits.discovery - before).toBe(3); // acme, globex (evicts acme), acme again
  });

  it('does not match a meta issuer across a path separator', async () => {
    const { verifier } = defaultVerifier();
    const token = await idp.mint(claims({}, `${idp.origin}/tenants/acme/evil`), 'rsa-1');
    await expectRejected(verifier.verify(token), 'UNKNOWN_ISSUER', token);
  });

  it('reports prefetch failures per issuer instead of throwing', async () => {
    idp.route('/mismatch/.well-known/openid-configuration', (_req, res) =>
      json(res, { issuer: 'https://elsewhere.example', jwks_uri: `${idp.origin}/jwks` }),
    );
    const { verifier } = defaultVerifier();
    const results = await verifier.prefetch();
    expect(results.find((r) => r.issuerUrl === dev)).toEqual({ issuerUrl: dev });
    expect(results.find((r) => r.issuerUrl === `${idp.origin}/mismatch`)?.error?.code).toBe(
      'DISCOVERY_FAILED',
    );
  });
});

describe('OidcTokenVerifier.authenticate', () => {
  it('returns the principal for a verified token', async () => {
    const { verifier } = defaultVerifier();
    const { principal } = await verifier.authenticate(await idp.mint(claims(), 'rsa-1'));
    expect(principal).toMatchObject({
      subjectAltName: { kind: 'email', value: 'alice@corp.example' },
      challengeCandidates: ['alice@corp.example', 'f:alice'],
      issuer: dev,
    });
  });

  it('rejects a correctly signed token whose email_verified is false', async () => {
    const { verifier } = defaultVerifier();
    const token = await idp.mint(claims({ email_verified: false }), 'rsa-1');
    await expect(verifier.verify(token)).resolves.toBeDefined();
    const err = await expectRejected(verifier.authenticate(token), 'INVALID_PRINCIPAL', token);
    expect(err.cause).toMatchObject({ code: 'EMAIL_NOT_VERIFIED' });
    expect(err.message).toBe('email_verified claim was false');
  });
});

describe('OidcTokenVerifier over TLS', () => {
  let tlsIdp: TestIdp;
  let tls: { cert: string; key: string };
  let dir: string;
  beforeAll(async () => {
    tls = await selfSignedTls();
    tlsIdp = await TestIdp.start(tls);
    await tlsIdp.addKey('rsa-1', 'RS256');
    dir = mkdtempSync(join(tmpdir(), 'sigstead-oidc-'));
  });
  afterAll(async () => {
    await tlsIdp.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const tlsClaims = () => claims({}, tlsIdp.origin);
  const config = (fields: Record<string, unknown>) =>
    parseFulcioConfig({
      'oidc-issuers': {
        [tlsIdp.origin]: { 'issuer-url': tlsIdp.origin, 'client-id': 'sigstore', ...fields },
      },
    });

  it('trusts the IdP through its configured ca-cert', async () => {
    const { verifier } = verifierFor(config({ type: 'email', 'ca-cert': tls.cert }));
    await expect(verifier.verify(await tlsIdp.mint(tlsClaims(), 'rsa-1'))).resolves.toBeDefined();
  });

  it('does not trust a private CA that is not configured', async () => {
    const { verifier } = verifierFor(config({ type: 'email' }));
    const token = await tlsIdp.mint(tlsClaims(), 'rsa-1');
    await expectRejected(verifier.verify(token), 'DISCOVERY_FAILED', token);
  });

  it('uses the pod service-account token and cluster CA for the in-cluster kubernetes issuer', async () => {
    writeFileSync(join(dir, 'token'), 'sa-token\n');
    writeFileSync(join(dir, 'ca.crt'), tls.cert);
    const { verifier } = verifierFor(config({ type: 'kubernetes' }), {
      kubernetes: {
        issuerUrl: tlsIdp.origin,
        tokenPath: join(dir, 'token'),
        caPath: join(dir, 'ca.crt'),
      },
    });
    tlsIdp.authorization.length = 0;
    const token = await tlsIdp.mint(
      {
        ...tlsClaims(),
        sub: 'system:serviceaccount:ci:builder',
        'kubernetes.io': { namespace: 'ci', serviceaccount: { name: 'builder' } },
      },
      'rsa-1',
    );
    const { principal } = await verifier.authenticate(token);
    expect(principal.subjectAltName).toEqual({
      kind: 'uri',
      value: 'https://kubernetes.io/namespaces/ci/serviceaccounts/builder',
    });
    expect(tlsIdp.authorization).toEqual(['Bearer sa-token', 'Bearer sa-token']);
  });
});
