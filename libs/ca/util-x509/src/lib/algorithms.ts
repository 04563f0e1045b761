// Certificate signature algorithms for CA keys (RFC 5758 §3.2 for ECDSA: parameters ABSENT;
// RFC 4055 §5 for RSA PKCS#1 v1.5: parameters NULL). These are the WebPKI-permitted ones that
// pyca/cryptography, Go and sigstore-js all accept.
import { createPublicKey, sign as cryptoSign, type KeyObject } from 'node:crypto';
import { DER_NULL, oid, sequence } from './der/writer.js';
import { X509Error } from './error.js';

export type SignatureAlgorithm =
  | 'ecdsa-with-SHA256'
  | 'ecdsa-with-SHA384'
  | 'ecdsa-with-SHA512'
  | 'sha256WithRSAEncryption'
  | 'sha384WithRSAEncryption'
  | 'sha512WithRSAEncryption';

export type HashAlgorithm = 'sha256' | 'sha384' | 'sha512';

/** Signs the exact bytes given (the signer hashes); ECDSA signatures must be DER `Ecdsa-Sig-Value`. */
export type SignFunction = (data: Buffer) => Buffer | Promise<Buffer>;

interface AlgorithmInfo {
  readonly identifier: Buffer;
  readonly hash: HashAlgorithm;
  readonly keyType: 'ec' | 'rsa';
}

const ALGORITHMS: Record<SignatureAlgorithm, AlgorithmInfo> = {
  'ecdsa-with-SHA256': {
    identifier: sequence(oid('1.2.840.10045.4.3.2')),
    hash: 'sha256',
    keyType: 'ec',
  },
  'ecdsa-with-SHA384': {
    identifier: sequence(oid('1.2.840.10045.4.3.3')),
    hash: 'sha384',
    keyType: 'ec',
  },
  'ecdsa-with-SHA512': {
    identifier: sequence(oid('1.2.840.10045.4.3.4')),
    hash: 'sha512',
    keyType: 'ec',
  },
  sha256WithRSAEncryption: {
    identifier: sequence(oid('1.2.840.113549.1.1.11'), DER_NULL),
    hash: 'sha256',
    keyType: 'rsa',
  },
  sha384WithRSAEncryption: {
    identifier: sequence(oid('1.2.840.113549.1.1.12'), DER_NULL),
    hash: 'sha384',
    keyType: 'rsa',
  },
  sha512WithRSAEncryption: {
    identifier: sequence(oid('1.2.840.113549.1.1.13'), DER_NULL),
    hash: 'sha512',
    keyType: 'rsa',
  },
};

export function algorithmInfo(algorithm: SignatureAlgorithm): AlgorithmInfo {
  const info = ALGORITHMS[algorithm] as AlgorithmInfo | undefined;
  if (!info)
    throw new X509Error(
      'INVALID_PROFILE',
      `unsupported certificate signature algorithm ${String(algorithm)}`,
    );
  return info;
}

/** The DER AlgorithmIdentifier for a certificate/TBS `signature` field. */
export function algorithmIdentifier(algorithm: SignatureAlgorithm): Buffer {
  return algorithmInfo(algorithm).identifier;
}

/**
 * The conventional algorithm for a CA key, as Go's x509 picks it: P-256 → ecdsa-with-SHA256,
 * P-384 → ecdsa-with-SHA384, P-521 → ecdsa-with-SHA512, RSA → sha256WithRSAEncryption.
 */
export function signatureAlgorithmForKey(key: KeyObject | Buffer): SignatureAlgorithm {
  const keyObject = Buffer.isBuffer(key) ? spkiToKey(key) : key;
  if (keyObject.asymmetricKeyType === 'rsa') {
    if ((keyObject.asymmetricKeyDetails?.modulusLength ?? 0) < 2048)
      throw new X509Error('INVALID_PROFILE', 'RSA CA keys must be ≥ 2048 bits');
    return 'sha256WithRSAEncryption';
  }
  if (keyObject.asymmetricKeyType === 'ec') {
    switch (keyObject.asymmetricKeyDetails?.namedCurve) {
      case 'prime256v1':
        return 'ecdsa-with-SHA256';
      case 'secp384r1':
        return 'ecdsa-with-SHA384';
      case 'secp521r1':
        return 'ecdsa-with-SHA512';
    }
  }
  throw new X509Error('INVALID_PROFILE', 'CA keys must be ECDSA P-256/P-384/P-521 or RSA ≥ 2048');
}

/** A SignFunction over a local private KeyObject (file-based CAs, tests). */
export function keyObjectSigner(
  privateKey: KeyObject,
  algorithm: SignatureAlgorithm = signatureAlgorithmForKey(privateKey),
): SignFunction {
  const { hash, keyType } = algorithmInfo(algorithm);
  if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== keyType) {
    throw new X509Error(
      'INVALID_PROFILE',
      `${algorithm} needs an ${keyType.toUpperCase()} private key`,
    );
  }
  return (data) => cryptoSign(hash, data, privateKey);
}

export function spkiToKey(spki: Buffer): KeyObject {
  try {
    return createPublicKey({ key: spki, format: 'der', type: 'spki' });
  } catch (err) {
    throw new X509Error('INVALID_PROFILE', 'not a DER SubjectPublicKeyInfo', { cause: err });
  }
}
