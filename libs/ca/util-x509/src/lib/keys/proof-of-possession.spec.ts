import { describe, expect, it } from 'vitest';
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { parsePublicKey } from './public-key.js';
import { proveKeyPossession, verifyProofOfPossession } from './proof-of-possession.js';
import { checkClientSigningAlgorithm } from './signing-algorithms.js';

const code = (c: string): unknown => expect.objectContaining({ name: 'X509Error', code: c });
const challenge = 'alice@example.com';

const cases: [
  string,
  { privateKey: KeyObject; publicKey: KeyObject },
  'sha256' | 'sha384' | 'sha512' | null,
][] = [
  ['ECDSA P-256', generateKeyPairSync('ec', { namedCurve: 'P-256' }), 'sha256'],
  ['ECDSA P-384', generateKeyPairSync('ec', { namedCurve: 'P-384' }), 'sha384'],
  ['ECDSA P-521', generateKeyPairSync('ec', { namedCurve: 'P-521' }), 'sha512'],
  ['RSA-2048 PKCS#1 v1.5', generateKeyPairSync('rsa', { modulusLength: 2048 }), 'sha256'],
  ['Ed25519', generateKeyPairSync('ed25519'), null],
];

describe.each(cases)('verifyProofOfPossession with %s', (_name, pair, hash) => {
  const key = parsePublicKey(pair.publicKey.export({ type: 'spki', format: 'pem' }).toString());
  const good = sign(hash, Buffer.from(challenge), pair.privateKey);

  it('accepts a signature over the challenge with the default hash', async () => {
    expect(await verifyProofOfPossession(key, good, challenge)).toBe(hash);
    expect(() => checkClientSigningAlgorithm(key, hash)).not.toThrow();
  });

  it('rejects a signature over another challenge', async () => {
    await expect(verifyProofOfPossession(key, good, 'bob@example.com')).rejects.toThrow(
      code('SIGNATURE_INVALID'),
    );
  });

  it('rejects empty and garbage signatures', async () => {
    await expect(verifyProofOfPossession(key, Buffer.alloc(0), challenge)).rejects.toThrow(
      code('SIGNATURE_INVALID'),
    );
    await expect(
      verifyProofOfPossession(key, Buffer.from('not a signature'), challenge),
    ).rejects.toThrow(code('SIGNATURE_INVALID'));
  });
});

describe('verifyProofOfPossession', () => {
  it('rejects an ECDSA P-384 signature made with SHA-256 (not the default hash)', async () => {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    const key = parsePublicKey(pair.publicKey.export({ type: 'spki', format: 'der' }));
    await expect(
      verifyProofOfPossession(
        key,
        sign('sha256', Buffer.from(challenge), pair.privateKey),
        challenge,
      ),
    ).rejects.toThrow(code('SIGNATURE_INVALID'));
  });

  it('rejects a raw r||s ECDSA signature (Go verifies ASN.1 only)', async () => {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const key = parsePublicKey(pair.publicKey.export({ type: 'spki', format: 'der' }));
    const raw = sign('sha256', Buffer.from(challenge), {
      key: pair.privateKey,
      dsaEncoding: 'ieee-p1363',
    });
    await expect(verifyProofOfPossession(key, raw, challenge)).rejects.toThrow(
      code('SIGNATURE_INVALID'),
    );
  });
});

describe('proveKeyPossession', () => {
  const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const overSub = sign('sha256', Buffer.from('f:1234'), pair.privateKey);

  it('accepts a proof over any of the challenges, in order', async () => {
    const proven = await proveKeyPossession(pem, overSub, [challenge, 'f:1234'], {
      blocking: true,
    });
    expect(proven.hash).toBe('sha256');
    expect(proven.key.kind).toBe('ecdsa-p256');
  });

  it('rejects with the last check that failed when no challenge matches', async () => {
    await expect(proveKeyPossession(pem, overSub, [challenge, 'f:other'])).rejects.toThrow(
      expect.objectContaining({
        code: 'SIGNATURE_INVALID',
        message: 'the proof of possession does not verify',
      }),
    );
  });

  it('rejects when the token names no identity to prove', async () => {
    await expect(proveKeyPossession(pem, overSub, [])).rejects.toThrow(
      expect.objectContaining({
        code: 'SIGNATURE_INVALID',
        message: 'the token names no identity to prove',
      }),
    );
  });
});
