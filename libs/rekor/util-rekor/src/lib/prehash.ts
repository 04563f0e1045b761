// Verifying a signature over a digest the client computed (hashedrekord carries only the artifact's
// digest). Node 24's crypto cannot verify over a prehashed value (verifyDigest is not in 24 LTS):
// ECDSA goes through OpenSSL's scalar multiplication (ecdsa-prehash.ts); RSA PKCS#1 v1.5 is
// recovered with OpenSSL and compared to the expected DigestInfo.
import { constants, KeyObject, publicDecrypt } from 'node:crypto';
import type { EcSpki } from '@sigstead/util-encoding';
import { verifyEcdsaDigest, verifyEcdsaDigestSync } from './ecdsa-prehash.js';

export type DigestAlgorithm = 'sha256' | 'sha384' | 'sha512';

export const DIGEST_LENGTH: Readonly<Record<DigestAlgorithm, number>> = {
  sha256: 32,
  sha384: 48,
  sha512: 64,
};

// DER DigestInfo prefixes (RFC 8017 §9.2 note 1).
const DIGEST_INFO: Readonly<Record<DigestAlgorithm, Buffer>> = {
  sha256: Buffer.from('3031300d060960864801650304020105000420', 'hex'),
  sha384: Buffer.from('3041300d060960864801650304020205000430', 'hex'),
  sha512: Buffer.from('3051300d060960864801650304020305000440', 'hex'),
};

/**
 * Resolves true when `signature` is `key`'s signature over `digest` (an `algorithm` hash of the
 * data). The key is a KeyObject, or an uncompressed EC point already checked to be on its curve
 * (a `Verifier`'s `ec`), which needs no key import. ECDSA checks run in libuv's pool unless
 * `blocking` (see `CanonicalizeOptions`).
 */
export async function verifyDigest(
  key: KeyObject | EcSpki,
  algorithm: DigestAlgorithm,
  digest: Buffer,
  signature: Buffer,
  blocking = false,
): Promise<boolean> {
  if (digest.length !== DIGEST_LENGTH[algorithm] || signature.length === 0) return false;
  const ecdsa = blocking ? verifyEcdsaDigestSync : verifyEcdsaDigest;
  if (!(key instanceof KeyObject)) return await ecdsa(key, digest, signature);
  if (key.asymmetricKeyType === 'rsa') {
    let recovered: Buffer;
    try {
      recovered = publicDecrypt({ key, padding: constants.RSA_PKCS1_PADDING }, signature);
    } catch {
      return false;
    }
    return recovered.equals(Buffer.concat([DIGEST_INFO[algorithm], digest]));
  }
  if (key.asymmetricKeyType === 'ec') return await ecdsa(key, digest, signature);
  return false;
}
