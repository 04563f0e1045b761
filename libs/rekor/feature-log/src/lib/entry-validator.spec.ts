import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { LogError } from '@sigstead/data-access-tlog';
import { OVERLOADED } from '@sigstead/nest-platform';
import { canonicalizeProposedEntry, hashedRekordEntry, RekorError } from '@sigstead/util-rekor';
import { WorkerPoolError } from '@sigstead/worker-pool';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inThreadValidator, startEntryValidator } from './entry-validator.js';
import type { EntryValidator } from './ports.js';
import { classifyRekorError } from './rekor.module.js';

function hashedrekord(curve: 'P-256' | 'P-384', data: Buffer, sigData = data) {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: curve });
  return hashedRekordEntry({
    algorithm: 'sha256',
    digest: createHash('sha256').update(data).digest('hex'),
    signature: sign('sha256', sigData, privateKey),
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }),
  });
}

describe('entry validation on worker threads', () => {
  let pool: EntryValidator;
  beforeAll(async () => {
    pool = await startEntryValidator(2);
  });
  afterAll(async () => {
    await pool.close();
  });

  it('gives the same canonical entry as validation on the event loop', async () => {
    const proposed = Array.from({ length: 40 }, (_, i) =>
      hashedrekord(i % 2 ? 'P-256' : 'P-384', Buffer.from(`artifact ${i}`)),
    );
    const onThreads = await Promise.all(proposed.map((p) => pool.validate(p)));
    for (const [i, entry] of onThreads.entries()) {
      const here = await canonicalizeProposedEntry(proposed[i]);
      expect(Buffer.isBuffer(entry.body)).toBe(true);
      expect(entry).toEqual(here);
    }
  });

  it('refuses what the log refuses, with the same RekorError', async () => {
    const cases = [
      hashedrekord('P-256', Buffer.from('signed'), Buffer.from('something else')),
      { ...hashedrekord('P-256', Buffer.from('x')), kind: 'rpm' },
      'not an object',
    ];
    for (const proposed of cases) {
      const there = await pool.validate(proposed).catch((e: unknown) => e);
      const here = await canonicalizeProposedEntry(proposed).catch((e: unknown) => e);
      expect(there).toBeInstanceOf(RekorError);
      expect(there).toMatchObject({
        code: (here as RekorError).code,
        message: (here as RekorError).message,
      });
      expect(classifyRekorError(there)?.status).toBe(400);
    }
  });

  it('validates on the event loop with no threads', async () => {
    expect(await startEntryValidator(0)).toBe(inThreadValidator);
  });

  it('answers 503 when the log’s queue is full or the log is closing', () => {
    expect(classifyRekorError(new LogError('PUSHBACK', 'full'))).toBe(OVERLOADED);
    expect(classifyRekorError(new LogError('CLOSED', 'closing'))).toBe(OVERLOADED);
    expect(classifyRekorError(new LogError('STORAGE', 'broken'))).toBeUndefined();
  });

  it('answers 503 when the threads’ queue is full or closing, 500 when a thread died', () => {
    expect(classifyRekorError(new WorkerPoolError('OVERLOADED', 'full'))).toBe(OVERLOADED);
    expect(classifyRekorError(new WorkerPoolError('CLOSED', 'closing'))).toBe(OVERLOADED);
    expect(classifyRekorError(new WorkerPoolError('WORKER_FAILED', 'died'))).toBeUndefined();
  });
});
