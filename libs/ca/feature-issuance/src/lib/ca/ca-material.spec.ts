import { verify } from 'node:crypto';
import { mkdtemp, readdir, rm, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCaMaterial } from './ca-material.js';

describe('loadCaMaterial', () => {
  let a: string;
  let b: string;
  const options = (dir: string) => ({
    keyType: 'ecdsa-p256' as const,
    subject: { commonName: 'test', organization: 'test' },
    dir,
    passphrase: 'pw',
  });
  beforeEach(async () => {
    a = await mkdtemp(join(tmpdir(), 'ca-a-'));
    b = await mkdtemp(join(tmpdir(), 'ca-b-'));
  });
  afterEach(async () => {
    await rm(a, { recursive: true, force: true });
    await rm(b, { recursive: true, force: true });
  });

  it('generates a chain once and reuses it', async () => {
    const first = await loadCaMaterial(options(a));
    const again = await loadCaMaterial(options(a));
    expect(again.chain).toEqual(first.chain);
    expect(again.signer.spki).toEqual(first.signer.spki);
  });

  it('loads operator-made material from files instead of generating any', async () => {
    const made = await loadCaMaterial(options(a));
    const loaded = await loadCaMaterial({
      ...options(b),
      files: {
        rootCertFile: join(a, 'root.crt.pem'),
        intermediateCertFile: join(a, 'intermediate.crt.pem'),
        intermediateKeyFile: join(a, 'intermediate.key.pem'),
      },
    });
    expect(loaded.chain).toEqual(made.chain);
    expect(loaded.signer.spki).toEqual(made.signer.spki);
    const data = Buffer.from('signed by the operator’s intermediate');
    expect(verify('sha256', data, made.signer.publicKey, await loaded.signer.sign(data))).toBe(
      true,
    );
    expect(await readdir(b)).toEqual([]); // nothing generated beside the operator's files
  });

  it('refuses an intermediate key that does not belong to the intermediate certificate', async () => {
    await loadCaMaterial(options(a));
    await loadCaMaterial(options(b));
    await copyFile(join(b, 'intermediate.key.pem'), join(a, 'intermediate.key.pem'));
    await expect(loadCaMaterial(options(a))).rejects.toThrow(
      'does not match the intermediate certificate',
    );
    await expect(
      loadCaMaterial({
        ...options(a),
        files: {
          rootCertFile: join(a, 'root.crt.pem'),
          intermediateCertFile: join(a, 'intermediate.crt.pem'),
          intermediateKeyFile: join(b, 'intermediate.key.pem'),
        },
      }),
    ).rejects.toThrow('does not match');
  });

  it('refuses an intermediate issued by another root', async () => {
    await loadCaMaterial(options(a));
    await loadCaMaterial(options(b));
    await expect(
      loadCaMaterial({
        ...options(a),
        files: {
          rootCertFile: join(b, 'root.crt.pem'),
          intermediateCertFile: join(a, 'intermediate.crt.pem'),
          intermediateKeyFile: join(a, 'intermediate.key.pem'),
        },
      }),
    ).rejects.toThrow('not issued by the root');
  });
});
