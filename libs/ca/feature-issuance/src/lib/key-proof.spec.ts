import { generateKeyPairSync, sign } from 'node:crypto';
import { OidcError, type TokenSignature } from '@sigstead/data-access-oidc';
import { X509Error } from '@sigstead/util-x509';
import { WorkerPoolError } from '@sigstead/worker-pool';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyFulcioError } from './fulcio.module.js';
import { inThreadKeyProof, startKeyProofChecker } from './key-proof.js';
import type { KeyProofChecker } from './ports.js';

const CHALLENGES = ['subject-123', 'you@example.com'];

function client(type: 'P-256' | 'P-384' | 'ed25519' | 'rsa-1024') {
  const pair =
    type === 'ed25519'
      ? generateKeyPairSync('ed25519')
      : type === 'rsa-1024'
        ? generateKeyPairSync('rsa', { modulusLength: 1024 })
        : generateKeyPairSync('ec', { namedCurve: type });
  const hash = type === 'ed25519' ? null : type === 'P-384' ? 'sha384' : 'sha256';
  return {
    pem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    der: pair.publicKey.export({ type: 'spki', format: 'der' }),
    prove: (challenge: string) => sign(hash, Buffer.from(challenge), pair.privateKey),
  };
}

/** A token signature as the verifier hands it over: RS256 or ES256 over a compact JWS's input. */
function tokenSignature(
  alg: 'RS256' | 'ES256',
  options: { tamper?: boolean; decoys?: number } = {},
) {
  const pair =
    alg === 'RS256'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const signingInput = Buffer.from('eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0', 'ascii');
  const signature = sign('sha256', signingInput, {
    key: pair.privateKey,
    dsaEncoding: 'ieee-p1363',
  });
  if (options.tamper) signature[signature.length - 1]! ^= 1;
  const decoys = Array.from({ length: options.decoys ?? 0 }, () =>
    alg === 'RS256'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey
      : generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey,
  );
  return { alg, signingInput, signature, keys: [...decoys, pair.publicKey] } as TokenSignature;
}

const TOKEN = tokenSignature('RS256');

describe('key proofs on worker threads', () => {
  let checker: KeyProofChecker;
  beforeAll(async () => {
    checker = await startKeyProofChecker(2);
  });
  afterAll(async () => {
    await checker.close();
  });

  it('proves the keys the event loop proves, over either challenge, with the same result', async () => {
    const cases = (['P-256', 'P-384', 'ed25519'] as const).flatMap((type) => {
      const c = client(type);
      return [
        [c.pem, c.prove('you@example.com')] as const,
        [c.der, c.prove('subject-123')] as const,
      ];
    });
    const there = await Promise.all(cases.map(([k, p]) => checker.prove(k, p, CHALLENGES, TOKEN)));
    for (const [i, [key, proof]] of cases.entries()) {
      const here = await inThreadKeyProof.prove(key, proof, CHALLENGES, TOKEN);
      expect(Buffer.isBuffer(there[i]!.spkiDer)).toBe(true);
      expect(there[i]).toEqual(here);
    }
    expect(there.map((p) => p.hash)).toEqual(['sha256', 'sha256', 'sha384', 'sha384', null, null]);
  });

  it('refuses with the X509Error the event loop would throw', async () => {
    const c = client('P-256');
    const cases: [string | Buffer, Buffer, readonly string[]][] = [
      [c.pem, c.prove('someone else'), CHALLENGES],
      [c.pem, Buffer.alloc(0), CHALLENGES],
      [c.pem, c.prove('you@example.com'), []],
      ['-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n', c.prove('x'), CHALLENGES],
      [client('rsa-1024').pem, c.prove('x'), CHALLENGES],
    ];
    for (const [key, proof, challenges] of cases) {
      const there = await checker.prove(key, proof, challenges, TOKEN).catch((e: unknown) => e);
      const here = await inThreadKeyProof
        .prove(key, proof, challenges, TOKEN)
        .catch((e: unknown) => e);
      expect(there).toBeInstanceOf(X509Error);
      expect(here).toBeInstanceOf(X509Error);
      expect(there).toMatchObject({
        code: (here as X509Error).code,
        message: (here as X509Error).message,
      });
    }
  });

  it('checks the token signature first, with any candidate key, as the event loop does', async () => {
    const c = client('P-256');
    const good = [
      tokenSignature('ES256'),
      tokenSignature('RS256', { decoys: 2 }),
      tokenSignature('ES256', { decoys: 1 }),
    ];
    for (const token of good) {
      const there = await checker.prove(c.der, c.prove('subject-123'), CHALLENGES, token);
      expect(there.kind).toBe('ecdsa-p256');
    }
    // A bad token signature is the refusal even when the key proof is bad too.
    const bad = [
      tokenSignature('RS256', { tamper: true }),
      tokenSignature('ES256', { tamper: true, decoys: 1 }),
      { ...TOKEN, alg: 'HS256' },
      { ...TOKEN, alg: 'constructor' },
      { ...TOKEN, keys: [] },
    ];
    for (const token of bad) {
      for (const proof of [c.prove('subject-123'), c.prove('someone else')]) {
        const there = await checker.prove(c.der, proof, CHALLENGES, token).catch((e: unknown) => e);
        const here = await inThreadKeyProof
          .prove(c.der, proof, CHALLENGES, token)
          .catch((e: unknown) => e);
        for (const e of [there, here]) {
          expect(e).toBeInstanceOf(OidcError);
          expect(e).toMatchObject({ code: 'INVALID_SIGNATURE' });
        }
      }
    }
  });

  it('checks on the event loop with no threads', async () => {
    expect(await startKeyProofChecker(0)).toBe(inThreadKeyProof);
  });

  it('answers 503 with Retry-After when the threads’ queue is full, 500 when a thread died', () => {
    expect(classifyFulcioError(new WorkerPoolError('OVERLOADED', 'full'))).toMatchObject({
      status: 503,
      headers: { 'Retry-After': '1' },
    });
    expect(classifyFulcioError(new WorkerPoolError('WORKER_FAILED', 'died'))).toBeUndefined();
  });
});
