import { describe, expect, it } from 'vitest';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { parsePublicKey } from './public-key.js';
import * as keys from '../../testdata/keys.js';

const code = (c: string): unknown => expect.objectContaining({ name: 'X509Error', code: c });
const pem = (namedCurve: string): string =>
  generateKeyPairSync('ec', { namedCurve })
    .publicKey.export({ type: 'spki', format: 'pem' })
    .toString();

describe('parsePublicKey', () => {
  it.each([
    ['P-256', pem('P-256'), 'ecdsa-p256'],
    ['P-384', pem('P-384'), 'ecdsa-p384'],
    ['P-521', pem('P-521'), 'ecdsa-p521'],
    ['RSA-2048', keys.RSA_2048_PUB, 'rsa-2048'],
    ['RSA-3072', keys.RSA_3072_PUB, 'rsa-3072'],
    ['RSA-4096', keys.RSA_4096_PUB, 'rsa-4096'],
    ['RSA-2048 as PKCS#1 "RSA PUBLIC KEY"', keys.RSA_2048_PKCS1_PUB, 'rsa-2048'],
    [
      'Ed25519',
      generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      'ed25519',
    ],
  ])('accepts %s', (_name, content, kind) => {
    const key = parsePublicKey(content);
    expect(key.kind).toBe(kind);
    expect(
      createPublicKey({ key: key.spkiDer, format: 'der', type: 'spki' }).equals(key.keyObject),
    ).toBe(true);
  });

  it('accepts PEM with text around it, as Go pem.Decode does', () => {
    expect(parsePublicKey(`key follows\n${keys.P256_PUB}\ntrailer`).kind).toBe('ecdsa-p256');
  });

  it('falls back to DER SubjectPublicKeyInfo (string or bytes)', () => {
    const der = createPublicKey(keys.P256_PUB).export({ type: 'spki', format: 'der' });
    expect(parsePublicKey(der).kind).toBe('ecdsa-p256');
    expect(parsePublicKey(der).spkiDer).toEqual(der);
  });

  it('returns the same SPKI for PKCS#1 and SPKI forms of one key', () => {
    expect(parsePublicKey(keys.RSA_2048_PKCS1_PUB).spkiDer).toEqual(
      parsePublicKey(keys.RSA_2048_PUB).spkiDer,
    );
  });

  it.each([
    ['RSA-1024', keys.RSA_1024_PUB],
    ['DSA', keys.DSA_PUB],
    ['X25519', keys.X25519_PUB],
    [
      'ECDSA P-224 (Go parses the curve, then refuses it)',
      generateKeyPairSync('ec', { namedCurve: 'P-224' }).publicKey.export({
        type: 'spki',
        format: 'pem',
      }),
    ],
  ])('refuses %s as PUBLIC_KEY_INSECURE', (_name, content) => {
    expect(() => parsePublicKey(content)).toThrow(code('PUBLIC_KEY_INSECURE'));
  });

  it.each([
    ['secp256k1 (Go cannot parse the curve)', keys.SECP256K1_PUB],
    ['Ed448', keys.ED448_PUB],
    ['an RSASSA-PSS SPKI', keys.RSA_PSS_PUB],
    ['junk', 'not a key'],
    ['an empty string', ''],
    ['a certificate PEM', '-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n'],
    ['a PEM with a broken body', '-----BEGIN PUBLIC KEY-----\nM!A=\n-----END PUBLIC KEY-----\n'],
    [
      'DER with trailing bytes',
      Buffer.concat([
        createPublicKey(keys.P256_PUB).export({ type: 'spki', format: 'der' }),
        Buffer.from([0]),
      ]),
    ],
  ])('refuses %s as PUBLIC_KEY_UNPARSEABLE', (_name, content) => {
    expect(() => parsePublicKey(content)).toThrow(code('PUBLIC_KEY_UNPARSEABLE'));
  });
});

describe('parsePublicKey fast path for uncompressed P-256/P-384 SPKIs', () => {
  it.each(['P-256', 'P-384'] as const)(
    'gives the same key as the general decoder for %s',
    (namedCurve) => {
      const { publicKey } = generateKeyPairSync('ec', { namedCurve });
      const der = publicKey.export({ type: 'spki', format: 'der' });
      const parsed = parsePublicKey(der);
      expect(parsed.spkiDer).toEqual(der);
      expect(parsed.keyObject.equals(publicKey)).toBe(true);
      expect(
        parsePublicKey(publicKey.export({ type: 'spki', format: 'pem' }) as string).spkiDer,
      ).toEqual(der);
    },
  );

  it('refuses a point that is not on the curve', () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const der = Buffer.from(publicKey.export({ type: 'spki', format: 'der' }));
    der[der.length - 1]! ^= 0x01;
    expect(() => parsePublicKey(der)).toThrow(
      expect.objectContaining({ code: 'PUBLIC_KEY_UNPARSEABLE' }),
    );
  });
});
