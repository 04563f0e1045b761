import { describe, expect, it } from 'vitest';
import { generateKeyPairSync, sign as cryptoSign } from 'node:crypto';
import { decodeSct } from './sct.js';
import { signSct, verifySct } from './sct-sign.js';
import { sctSignedData, type SignedEntry } from './signed-entry.js';
import { logIdFromSpki } from './precert.js';
import * as ctgo from '../testdata/ct-go.js';
import { pemToDer, spkiKey } from '../testdata/load.js';

const code = (c: string): unknown => expect.objectContaining({ name: 'CtError', code: c });

describe('sctSignedData', () => {
  it('lays out version, signature type, timestamp, entry and extensions', () => {
    const data = sctSignedData({
      timestamp: 0x0102030405060708n,
      entry: { type: 'x509', certificate: Buffer.from([0xc0, 0xde]) },
      extensions: Buffer.from([0xee]),
    });
    expect(data.toString('hex')).toBe(
      '00' + '00' + '0102030405060708' + '0000' + '000002c0de' + '0001ee',
    );
  });

  it('puts the issuer key hash before the TBS for precert entries', () => {
    const data = sctSignedData({
      timestamp: 1n,
      entry: {
        type: 'precert',
        issuerKeyHash: Buffer.alloc(32, 0xab),
        tbsCertificate: Buffer.from([0x30, 0x00]),
      },
      extensions: Buffer.alloc(0),
    });
    expect(data.toString('hex')).toBe(
      '0000' + '0000000000000001' + '0001' + 'ab'.repeat(32) + '0000023000' + '0000',
    );
  });
});

describe('verifySct', () => {
  it('verifies the certificate-transparency-go x509_entry SCT (TestCertProof)', () => {
    const entry: SignedEntry = { type: 'x509', certificate: pemToDer(ctgo.TEST_CERT_PEM) };
    const sct = decodeSct(Buffer.from(ctgo.TEST_CERT_PROOF_HEX, 'hex'));
    expect(verifySct(sct, entry, spkiKey(ctgo.LOG_PUBLIC_KEY_B64))).toBe(true);
    expect(
      verifySct({ ...sct, timestamp: sct.timestamp + 1n }, entry, spkiKey(ctgo.LOG_PUBLIC_KEY_B64)),
    ).toBe(false);
  });
});

describe('signSct', () => {
  const entry: SignedEntry = {
    type: 'precert',
    issuerKeyHash: Buffer.alloc(32, 1),
    tbsCertificate: Buffer.from('3000', 'hex'),
  };

  describe.each([
    ['an ECDSA P-256 key', generateKeyPairSync('ec', { namedCurve: 'P-256' }), 3],
    ['an RSA-2048 key', generateKeyPairSync('rsa', { modulusLength: 2048 }), 1],
  ])('with %s', (_name, { privateKey, publicKey }, signatureAlgorithm) => {
    const logId = logIdFromSpki(publicKey.export({ type: 'spki', format: 'der' }));

    it('issues an SCT that verifies, and only for its entry and timestamp', async () => {
      const sct = await signSct({ logId, timestamp: 1700000000000n, entry }, privateKey);
      expect(sct).toMatchObject({
        version: 0,
        logId,
        timestamp: 1700000000000n,
        extensions: Buffer.alloc(0),
      });
      expect(sct.signature).toMatchObject({ hashAlgorithm: 4, signatureAlgorithm });
      expect(verifySct(sct, entry, publicKey)).toBe(true);
      expect(verifySct(sct, { ...entry, issuerKeyHash: Buffer.alloc(32, 2) }, publicKey)).toBe(
        false,
      );
      expect(verifySct({ ...sct, timestamp: 1n }, entry, publicKey)).toBe(false);
      expect(verifySct({ ...sct, extensions: Buffer.from([0]) }, entry, publicKey)).toBe(false);
    });
  });

  it('accepts a remote signer callback', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const signer = {
      signatureAlgorithm: 'ecdsa' as const,
      sign: (data: Buffer) => Promise.resolve(cryptoSign('sha256', data, privateKey)),
    };
    const sct = await signSct({ logId: Buffer.alloc(32), timestamp: 5n, entry }, signer);
    expect(verifySct(sct, entry, publicKey)).toBe(true);
    expect(
      verifySct(
        sct,
        entry,
        (data, ds) =>
          data.equals(sctSignedData({ timestamp: 5n, entry, extensions: Buffer.alloc(0) })) &&
          ds === sct.signature,
      ),
    ).toBe(true);
  });

  it('rejects a signature made with another key or algorithm', async () => {
    const a = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const b = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const sct = await signSct({ logId: Buffer.alloc(32), timestamp: 5n, entry }, a.privateKey);
    expect(verifySct(sct, entry, b.publicKey)).toBe(false);
    expect(verifySct(sct, entry, rsa.publicKey)).toBe(false);
    expect(
      verifySct({ ...sct, signature: { ...sct.signature, hashAlgorithm: 5 } }, entry, a.publicKey),
    ).toBe(false);
    expect(
      verifySct(
        { ...sct, signature: { ...sct.signature, signature: Buffer.from([1]) } },
        entry,
        a.publicKey,
      ),
    ).toBe(false);
  });

  it('refuses keys RFC 6962 does not know', async () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    await expect(
      signSct({ logId: Buffer.alloc(32), timestamp: 5n, entry }, privateKey),
    ).rejects.toThrow(code('UNSUPPORTED_ALGORITHM'));
  });

  it('wraps signer failures', async () => {
    const signer = {
      signatureAlgorithm: 'ecdsa' as const,
      sign: () => Promise.reject(new Error('kms down')),
    };
    await expect(
      signSct({ logId: Buffer.alloc(32), timestamp: 5n, entry }, signer),
    ).rejects.toThrow(code('SIGNING_FAILED'));
  });

  it.each([
    ['a short log ID', { logId: Buffer.alloc(31), timestamp: 5n }],
    ['a negative timestamp', { logId: Buffer.alloc(32), timestamp: -1n }],
  ])('rejects %s', async (_name, fields) => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    await expect(signSct({ ...fields, entry }, privateKey)).rejects.toThrow(
      code('INVALID_ARGUMENT'),
    );
  });
});
