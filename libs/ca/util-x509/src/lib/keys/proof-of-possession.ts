// Proof of possession (fulcio CreateSigningCertificate, public-key path): a signature over the
// challenge (the `email` or `sub` claim, UTF-8) with the key's default algorithm — ECDSA with the
// curve's hash (DER signature), RSA PKCS#1 v1.5 with SHA-256, pure Ed25519.
import { verify as cryptoVerify } from 'node:crypto';
import type { HashAlgorithm } from '../algorithms.js';
import { X509Error } from '../error.js';
import { parsePublicKey, type ClientPublicKey } from './public-key.js';
import { defaultHashForKey } from './signing-algorithms.js';

/**
 * Rejects with SIGNATURE_INVALID unless `signature` is `key`'s signature over `message`. Resolves to
 * the hash used (`null` for Ed25519), to feed `checkClientSigningAlgorithm`.
 */
export async function verifyProofOfPossession(
  key: ClientPublicKey,
  signature: Buffer,
  message: string | Buffer,
  options: ProofOptions = {},
): Promise<HashAlgorithm | null> {
  const hash = defaultHashForKey(key.kind);
  const data = typeof message === 'string' ? Buffer.from(message, 'utf8') : message;
  const ok =
    signature.length > 0 &&
    (options.blocking
      ? verifyHere(key, hash, data, signature)
      : await verifyOffLoopIfCostly(key, hash, data, signature));
  if (!ok) throw new X509Error('SIGNATURE_INVALID', 'the proof of possession does not verify');
  return hash;
}

export interface ProofOptions {
  /** Verify on the calling thread, even ECDSA: for worker threads, which exist to block. */
  readonly blocking?: boolean;
}

/** A client key whose holder proved possession, and the hash its proof used. */
export interface ProvenKey {
  readonly key: ClientPublicKey;
  readonly hash: HashAlgorithm | null;
}

/**
 * Parses the client's key and checks its proof of possession over the first challenge it verifies
 * for: clients disagree on whether they sign `email` or `sub` (sigstore-go#282), so every candidate
 * the token gives is tried. Throws the key's parse error, or SIGNATURE_INVALID.
 */
export async function proveKeyPossession(
  content: string | Buffer,
  proof: Buffer,
  challenges: readonly string[],
  options: ProofOptions = {},
): Promise<ProvenKey> {
  const key = parsePublicKey(content);
  // The error is made only when needed: an Error captures its stack, which cost ~5 % of a worker
  // thread's time when it was made up front on every issuance.
  let failure: X509Error | undefined;
  for (const challenge of challenges) {
    try {
      return { key, hash: await verifyProofOfPossession(key, proof, challenge, options) };
    } catch (err) {
      if (!(err instanceof X509Error)) throw err;
      failure = err;
    }
  }
  throw failure ?? new X509Error('SIGNATURE_INVALID', 'the token names no identity to prove');
}

function verifyHere(
  key: ClientPublicKey,
  hash: HashAlgorithm | null,
  data: Buffer,
  signature: Buffer,
): boolean {
  try {
    return cryptoVerify(hash, data, key.keyObject, signature);
  } catch {
    return false; // OpenSSL throws on some malformed signatures
  }
}

// ECDSA verifies run in libuv's thread pool: P-384 and P-521 cost ~1 ms, and a P-256 verify costs
// ~80 µs on Node 24's OpenSSL, several times the trip there and back. Issuance is bound by the event
// loop's thread while another core has room, so moving it off raised P-256 issuance from ~1,200 to
// ~1,400–1,800 certificates/s here. RSA and Ed25519 verifies are cheap and stay inline.
const COSTLY: readonly string[] = ['ecdsa-p256', 'ecdsa-p384', 'ecdsa-p521'];

function verifyOffLoopIfCostly(
  key: ClientPublicKey,
  hash: HashAlgorithm | null,
  data: Buffer,
  signature: Buffer,
): Promise<boolean> {
  if (!COSTLY.includes(key.kind)) return Promise.resolve(verifyHere(key, hash, data, signature));
  return new Promise<boolean>((resolve) => {
    try {
      cryptoVerify(hash, data, key.keyObject, signature, (err, valid) => resolve(!err && valid));
    } catch {
      resolve(false); // OpenSSL throws on some malformed signatures
    }
  });
}
