// Proof of possession (fulcio CreateSigningCertificate, public-key path): a signature over the
// challenge (the `email` or `sub` claim, UTF-8) with the key's default algorithm — ECDSA with the
// curve's hash (DER signature), RSA PKCS#1 v1.5 with SHA-256, pure Ed25519.
import { verify as cryptoVerify } from 'node:crypto';
import type { HashAlgorithm } from '../algorithms.js';
import { X509Error } from '../error.js';
import type { ClientPublicKey } from './public-key.js';
import { defaultHashForKey } from './signing-algorithms.js';

/**
 * Rejects with SIGNATURE_INVALID unless `signature` is `key`'s signature over `message`. Resolves to
 * the hash used (`null` for Ed25519), to feed `checkClientSigningAlgorithm`. The check runs in libuv's
 * thread pool (an ECDSA verify is ~80 µs), off the event loop that serves requests.
 */
export async function verifyProofOfPossession(
  key: ClientPublicKey,
  signature: Buffer,
  message: string | Buffer,
): Promise<HashAlgorithm | null> {
  const hash = defaultHashForKey(key.kind);
  const data = typeof message === 'string' ? Buffer.from(message, 'utf8') : message;
  const ok =
    signature.length > 0 &&
    (await new Promise<boolean>((resolve) => {
      try {
        cryptoVerify(hash, data, key.keyObject, signature, (err, valid) => resolve(!err && valid));
      } catch {
        resolve(false); // OpenSSL throws on some malformed signatures
      }
    }));
  if (!ok) throw new X509Error('SIGNATURE_INVALID', 'the proof of possession does not verify');
  return hash;
}
