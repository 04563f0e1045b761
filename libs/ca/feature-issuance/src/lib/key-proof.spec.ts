import { generateKeyPairSync, sign } from 'node:crypto';
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
    const there = await Promise.all(cases.map(([k, p]) => checker.prove(k, p, CHALLENGES)));
    for (const [i, [key, proof]] of cases.entries()) {
      const here = await inThreadKeyProof.prove(key, proof, CHALLENGES);
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
      const there = await checker.prove(key, proof, challenges).catch((e: unknown) => e);
      const here = await inThreadKeyProof.prove(key, proof, challenges).catch((e: unknown) => e);
      expect(there).toBeInstanceOf(X509Error);
      expect(here).toBeInstanceOf(X509Error);
      expect(there).toMatchObject({
        code: (here as X509Error).code,
        message: (here as X509Error).message,
      });
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
