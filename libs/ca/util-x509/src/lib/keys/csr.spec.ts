import { describe, expect, it } from 'vitest';
import { createPublicKey } from 'node:crypto';
import { parseCsr } from './csr.js';
import { checkClientSigningAlgorithm } from './signing-algorithms.js';
import { decodePem } from '../pem.js';
import * as keys from '../../testdata/keys.js';

const code = (c: string): unknown => expect.objectContaining({ name: 'X509Error', code: c });

/** The same CSR with the last signature byte flipped. */
function tampered(pem: string): Buffer {
  const der = Buffer.from(decodePem(pem)!.der);
  der.writeUInt8(der.readUInt8(der.length - 1) ^ 0x01, der.length - 1);
  return der;
}

describe('parseCsr', () => {
  it.each([
    ['P-256 / SHA-256', keys.CSR_P256_SHA256, 'ecdsa-p256', 'sha256'],
    ['P-256 / SHA-384', keys.CSR_P256_SHA384, 'ecdsa-p256', 'sha384'],
    ['RSA-2048 / SHA-256', keys.CSR_RSA2048_SHA256, 'rsa-2048', 'sha256'],
    ['Ed25519', keys.CSR_ED25519, 'ed25519', null],
  ])('accepts a %s CSR and reports its key and hash', (_name, pem, kind, hash) => {
    const csr = parseCsr(pem);
    expect(csr.publicKey.kind).toBe(kind);
    expect(csr.hash).toBe(hash);
  });

  it('returns the key of the CSR', () => {
    expect(
      parseCsr(keys.CSR_P256_SHA256).publicKey.keyObject.equals(createPublicKey(keys.P256_PUB)),
    ).toBe(true);
  });

  it('accepts PEM bytes, DER, and the "NEW CERTIFICATE REQUEST" label', () => {
    const der = decodePem(keys.CSR_RSA2048_SHA256)!.der;
    expect(parseCsr(Buffer.from(keys.CSR_RSA2048_SHA256)).hash).toBe('sha256');
    expect(parseCsr(der).hash).toBe('sha256');
    expect(
      parseCsr(keys.CSR_RSA2048_SHA256.replaceAll('CERTIFICATE REQUEST', 'NEW CERTIFICATE REQUEST'))
        .hash,
    ).toBe('sha256');
  });

  it.each([
    ['EC', keys.CSR_P256_SHA256],
    ['RSA', keys.CSR_RSA2048_SHA256],
    ['Ed25519', keys.CSR_ED25519],
  ])('rejects a tampered %s signature as SIGNATURE_INVALID', (_name, pem) => {
    expect(() => parseCsr(tampered(pem))).toThrow(code('SIGNATURE_INVALID'));
  });

  it('rejects an RSASSA-PSS signed CSR (Fulcio maps no hash for it)', () => {
    expect(() => parseCsr(keys.CSR_RSA2048_PSS)).toThrow(code('SIGNATURE_INVALID'));
  });

  it('rejects a weak key before looking at the signature', () => {
    expect(() => parseCsr(keys.CSR_RSA1024_SHA256)).toThrow(code('PUBLIC_KEY_INSECURE'));
  });

  it.each([
    ['an unsupported curve', keys.CSR_SECP256K1_SHA256],
    ['a public key PEM', keys.P256_PUB],
    ['junk', 'junk'],
    ['junk bytes', Buffer.from('3003020100', 'hex')],
    ['truncated DER', decodePem(keys.CSR_P256_SHA256)!.der.subarray(0, 50)],
  ])('rejects %s as CSR_UNPARSEABLE', (_name, input) => {
    expect(() => parseCsr(input)).toThrow(code('CSR_UNPARSEABLE'));
  });

  it('feeds the allow-list: P-256 with SHA-384 is not permitted by default', () => {
    const csr = parseCsr(keys.CSR_P256_SHA384);
    expect(() => checkClientSigningAlgorithm(csr.publicKey, csr.hash)).toThrow(
      code('ALGORITHM_NOT_PERMITTED'),
    );
    const ok = parseCsr(keys.CSR_P256_SHA256);
    expect(() => checkClientSigningAlgorithm(ok.publicKey, ok.hash)).not.toThrow();
  });
});
