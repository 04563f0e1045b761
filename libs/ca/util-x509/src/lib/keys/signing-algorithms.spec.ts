import { describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { parsePublicKey, type ClientPublicKey } from './public-key.js';
import {
  DEFAULT_CLIENT_SIGNING_ALGORITHMS,
  checkClientSigningAlgorithm,
  defaultHashForKey,
  parseClientSigningAlgorithms,
} from './signing-algorithms.js';
import * as keys from '../../testdata/keys.js';

const code = (c: string): unknown => expect.objectContaining({ name: 'X509Error', code: c });
const ec = (namedCurve: string): ClientPublicKey =>
  parsePublicKey(
    generateKeyPairSync('ec', { namedCurve }).publicKey.export({ type: 'spki', format: 'der' }),
  );
const ed25519 = parsePublicKey(
  generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'der' }),
);

describe('the default client signing algorithms', () => {
  it('match fulcio serve --client-signing-algorithms', () => {
    expect(DEFAULT_CLIENT_SIGNING_ALGORITHMS).toEqual([
      'ecdsa-sha2-256-nistp256',
      'ecdsa-sha2-384-nistp384',
      'ecdsa-sha2-512-nistp521',
      'rsa-sign-pkcs1-2048-sha256',
      'rsa-sign-pkcs1-3072-sha256',
      'rsa-sign-pkcs1-4096-sha256',
      'ed25519',
    ]);
  });

  it.each([
    ['P-256 + SHA-256', ec('P-256'), 'sha256'],
    ['P-384 + SHA-384', ec('P-384'), 'sha384'],
    ['P-521 + SHA-512', ec('P-521'), 'sha512'],
    ['RSA-4096 + SHA-256', parsePublicKey(keys.RSA_4096_PUB), 'sha256'],
    ['Ed25519 (pure)', ed25519, null],
  ] as const)('permit %s', (_name, key, hash) => {
    expect(() => checkClientSigningAlgorithm(key, hash)).not.toThrow();
    expect(defaultHashForKey(key.kind)).toBe(hash);
  });

  it.each([
    ['P-256 + SHA-384', ec('P-256'), 'sha384'],
    ['P-384 + SHA-256', ec('P-384'), 'sha256'],
    ['RSA-2048 + SHA-512', parsePublicKey(keys.RSA_2048_PUB), 'sha512'],
    ['Ed25519ph', ed25519, 'sha512'],
  ] as const)('refuse %s', (_name, key, hash) => {
    expect(() => checkClientSigningAlgorithm(key, hash)).toThrow(code('ALGORITHM_NOT_PERMITTED'));
  });

  it('says which pair was refused, as Fulcio does', () => {
    expect(() => checkClientSigningAlgorithm(ec('P-256'), 'sha384')).toThrow(
      'signing algorithm not permitted: ecdsa-p256, sha384',
    );
  });
});

describe('a configured list', () => {
  it('permits only what it names', () => {
    const allowed = parseClientSigningAlgorithms(['ecdsa-sha2-256-nistp384', 'ed25519-ph']);
    expect(() => checkClientSigningAlgorithm(ec('P-384'), 'sha256', allowed)).not.toThrow();
    expect(() => checkClientSigningAlgorithm(ed25519, 'sha512', allowed)).not.toThrow();
    expect(() => checkClientSigningAlgorithm(ec('P-256'), 'sha256', allowed)).toThrow(
      code('ALGORITHM_NOT_PERMITTED'),
    );
  });

  it.each([['rsa-sign-pkcs1-1024-sha256'], ['toString'], ['']])(
    'rejects the unknown name %j',
    (name) => {
      expect(() => parseClientSigningAlgorithms([name])).toThrow(code('INVALID_ARGUMENT'));
    },
  );
});
