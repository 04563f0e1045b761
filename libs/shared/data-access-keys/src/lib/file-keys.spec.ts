import { verify } from 'node:crypto';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  loadOrCreateFileSigner,
  loadServiceSigner,
  resolvePassphrase,
  signerFromPem,
} from './file-keys.js';

describe('file-backed signers', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sigstead-keys-'));
  });

  it.each(['ecdsa-p256-sha256', 'ecdsa-p384-sha384', 'ed25519'] as const)(
    'generates an encrypted %s key once and reloads the same key',
    async (algorithm) => {
      const file = join(dir, 'k.pem');
      const first = await loadOrCreateFileSigner({ file, passphrase: 'pw', generate: algorithm });
      const second = await loadOrCreateFileSigner({ file, passphrase: 'pw', generate: algorithm });
      expect(second.spki).toEqual(first.spki);
      expect(second.algorithm).toBe(algorithm);
      expect(await readFile(file, 'utf8')).toContain('ENCRYPTED PRIVATE KEY');
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      const sig = await first.sign(Buffer.from('data'));
      const digest = algorithm === 'ed25519' ? null : algorithm.slice(-6);
      expect(verify(digest, Buffer.from('data'), first.publicKey, sig)).toBe(true);
    },
  );

  it('gives a service its generated key, or the operator file, and refuses another key type', async () => {
    const options = {
      generatedFile: join(dir, 'log.pem'),
      passphrase: 'pw',
      algorithm: 'ecdsa-p256-sha256',
      what: 'the log key',
    } as const;
    const generated = await loadServiceSigner(options);
    expect(generated.algorithm).toBe('ecdsa-p256-sha256');
    const operatorFile = join(dir, 'operator.pem');
    await loadOrCreateFileSigner({ file: operatorFile, passphrase: 'pw', generate: 'ed25519' });
    await expect(loadServiceSigner({ ...options, operatorFile })).rejects.toThrow(
      'the log key must be ECDSA P-256 (got ed25519)',
    );
    const again = await loadServiceSigner({ ...options, operatorFile: options.generatedFile });
    expect(again.spki).toEqual(generated.spki);
  });

  it('lets concurrent creators agree on one key', async () => {
    const file = join(dir, 'race.pem');
    const signers = await Promise.all(
      Array.from({ length: 8 }, () =>
        loadOrCreateFileSigner({ file, passphrase: 'pw', generate: 'ecdsa-p256-sha256' }),
      ),
    );
    expect(new Set(signers.map((s) => s.spki.toString('hex'))).size).toBe(1);
  });

  it('refuses a wrong passphrase without echoing it', async () => {
    const file = join(dir, 'k.pem');
    await loadOrCreateFileSigner({ file, passphrase: 'right', generate: 'ecdsa-p256-sha256' });
    const attempt = loadOrCreateFileSigner({ file, passphrase: 'wrong-secret' });
    await expect(attempt).rejects.toMatchObject({ code: 'BAD_PASSPHRASE' });
    await expect(attempt).rejects.not.toThrow('wrong-secret');
  });

  it('refuses unsupported key types', () => {
    expect(() => signerFromPem('not a key')).toThrow(
      expect.objectContaining({ code: 'UNREADABLE_KEY' }),
    );
  });

  it('keeps a generated passphrase stable, and requires one when generation is not allowed', async () => {
    const a = await resolvePassphrase(undefined, dir, true);
    const b = await resolvePassphrase(undefined, dir, true);
    expect(a).toEqual(b);
    expect(a.generated).toBe(true);
    expect(await resolvePassphrase('env', dir, false)).toEqual({
      passphrase: 'env',
      generated: false,
    });
    await expect(resolvePassphrase(undefined, dir, false)).rejects.toMatchObject({
      code: 'MISSING_PASSPHRASE',
    });
  });
});
