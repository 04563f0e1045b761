// Verifying a signature over a whole message as sigstore's default verifiers do
// (LoadVerifier(key, SHA256)): RSA PKCS#1 v1.5 and ECDSA (any curve, DER) with SHA-256, Ed25519 pure.
import { verify, type KeyObject } from 'node:crypto';

/** True when `signature` is `key`'s signature over `message` as sigstore's SHA-256 verifiers check it. */
export function verifyMessage(key: KeyObject, message: Buffer, signature: Buffer): boolean {
  if (signature.length === 0) return false;
  try {
    if (key.asymmetricKeyType === 'ed25519') return verify(null, message, key, signature);
    if (key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'ec') {
      return verify('sha256', message, key, signature);
    }
  } catch {
    return false;
  }
  return false;
}
