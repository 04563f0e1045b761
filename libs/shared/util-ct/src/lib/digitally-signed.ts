// DigitallySigned (RFC 5246 §4.7 as profiled by RFC 6962 §2.1.4): SHA-256 with ECDSA (DER
// signature) or RSASSA-PKCS1-v1_5. Used by SCTs (§3.2) and tree head signatures (§3.5).
import { sign as cryptoSign, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import { CtError } from './error.js';
import { TlsReader, u8, vector } from './tls-codec.js';

/** TLS HashAlgorithm / SignatureAlgorithm registry values (RFC 5246 §7.4.1.4.1). */
export const HASH_SHA256 = 4;
export const SIGNATURE_RSA = 1;
export const SIGNATURE_ECDSA = 3;

export interface DigitallySigned {
  readonly hashAlgorithm: number;
  readonly signatureAlgorithm: number;
  /** ECDSA: DER `Ecdsa-Sig-Value`; RSA: the PKCS#1 v1.5 signature. */
  readonly signature: Buffer;
}

export type CtSignatureAlgorithm = 'ecdsa' | 'rsa';

/**
 * Something that signs with a log key: a private KeyObject, or a remote signer (KMS/HSM) that
 * signs SHA-256(`data`) itself and returns an ECDSA DER or RSA PKCS#1 v1.5 signature.
 */
export type CtSigner =
  | KeyObject
  | {
      readonly signatureAlgorithm: CtSignatureAlgorithm;
      sign(data: Buffer): Buffer | Promise<Buffer>;
    };

/** A public (or private) KeyObject, or a function that checks `signed` over `data`. */
export type CtVerifier = KeyObject | ((data: Buffer, signed: DigitallySigned) => boolean);

export function encodeDigitallySigned(ds: DigitallySigned): Buffer {
  return Buffer.concat([
    u8(ds.hashAlgorithm),
    u8(ds.signatureAlgorithm),
    vector(ds.signature, 2, 'signature'),
  ]);
}

export function decodeDigitallySigned(buf: Buffer): DigitallySigned {
  const reader = new TlsReader(buf, 'DigitallySigned');
  const ds = readDigitallySigned(reader);
  reader.end();
  return ds;
}

export function readDigitallySigned(reader: TlsReader): DigitallySigned {
  const hashAlgorithm = reader.u8();
  const signatureAlgorithm = reader.u8();
  const signature = Buffer.from(reader.vector(2));
  return { hashAlgorithm, signatureAlgorithm, signature };
}

/** Signs `data` (the TLS-encoded structure, not its hash) with SHA-256. */
export async function signDigitallySigned(
  data: Buffer,
  signer: CtSigner,
): Promise<DigitallySigned> {
  const algorithm = 'sign' in signer ? signer.signatureAlgorithm : keyAlgorithm(signer);
  let signature: Buffer;
  try {
    signature = 'sign' in signer ? await signer.sign(data) : cryptoSign('sha256', data, signer);
  } catch (err) {
    throw new CtError('SIGNING_FAILED', 'the log signer failed', { cause: err });
  }
  return {
    hashAlgorithm: HASH_SHA256,
    signatureAlgorithm: algorithm === 'ecdsa' ? SIGNATURE_ECDSA : SIGNATURE_RSA,
    signature: Buffer.from(signature),
  };
}

/** True when `ds` is a valid SHA-256 signature over `data`; false on any mismatch. */
export function verifyDigitallySigned(
  data: Buffer,
  ds: DigitallySigned,
  verifier: CtVerifier,
): boolean {
  if (typeof verifier === 'function') return verifier(data, ds);
  if (ds.hashAlgorithm !== HASH_SHA256) return false;
  const expected = keyAlgorithm(verifier) === 'ecdsa' ? SIGNATURE_ECDSA : SIGNATURE_RSA;
  if (ds.signatureAlgorithm !== expected) return false;
  try {
    return cryptoVerify('sha256', data, verifier, ds.signature);
  } catch {
    // OpenSSL throws on some malformed signatures; for a verifier that is simply "invalid".
    return false;
  }
}

function keyAlgorithm(key: KeyObject): CtSignatureAlgorithm {
  if (key.asymmetricKeyType === 'ec') return 'ecdsa';
  if (key.asymmetricKeyType === 'rsa') return 'rsa';
  throw new CtError(
    'UNSUPPORTED_ALGORITHM',
    `RFC 6962 logs sign with ECDSA or RSA, not ${key.asymmetricKeyType ?? key.type}`,
  );
}
