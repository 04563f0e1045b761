import { generateKeyPairSync } from 'node:crypto';
import { createLocalJWKSet, jwtVerify } from 'jose';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyObjectSigner } from '@sigstead/data-access-keys';
import { startHttpService, type RunningService } from '@sigstead/nest-platform';
import { DevIssuerModule } from './dev-issuer.module.js';

describe('development OIDC issuer', () => {
  let svc: RunningService;
  const issuerUrl = 'http://127.0.0.1:5556';
  beforeAll(async () => {
    const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const signer = new KeyObjectSigner(key, 'ecdsa-p256-sha256');
    svc = await startHttpService(
      DevIssuerModule.register({ issuerUrl, clientId: 'sigstore', ttlSeconds: 600 }, signer),
      { name: 'dev', host: '127.0.0.1', port: 0, maxBodyBytes: 4096, logger: false },
    );
  });
  afterAll(() => svc.close());

  it('serves discovery pointing at its JWKS', async () => {
    const res = await request(svc.url).get('/.well-known/openid-configuration').expect(200);
    expect(res.body).toMatchObject({
      issuer: issuerUrl,
      jwks_uri: `${issuerUrl}/jwks`,
      sigstead_dev_issuer: true,
    });
  });

  it.each([
    [
      'an email',
      { email: 'alice@example.com' },
      { sub: 'alice@example.com', email_verified: true },
    ],
    ['a subject', { subject: 'spiffe://corp/ci' }, { sub: 'spiffe://corp/ci' }],
  ])('mints a token for %s that verifies against its JWKS', async (_n, body, expected) => {
    const res = await request(svc.url).post('/token').send(body).expect(200);
    const jwks = (await request(svc.url).get('/jwks')).body;
    const { payload, protectedHeader } = await jwtVerify(
      res.body.id_token,
      createLocalJWKSet(jwks),
      {
        issuer: issuerUrl,
        audience: 'sigstore',
      },
    );
    expect(protectedHeader.alg).toBe('ES256');
    expect(payload).toMatchObject(expected);
    expect(payload.exp! - payload.iat!).toBe(600);
  });

  it.each([
    ['no identity', {}],
    ['a malformed email', { email: 'not-an-email' }],
  ])('refuses a request with %s', async (_n, body) => {
    const res = await request(svc.url).post('/token').send(body).expect(400);
    expect(res.body.message).toBeTruthy();
  });
});
