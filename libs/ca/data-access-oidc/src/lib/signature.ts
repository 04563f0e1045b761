// JWS signature verification against a provider's keys, restricted to the provider's algorithms.
// jose picks the candidate keys from the JWKS (kid, kty, alg, use, key_ops, crv, as RFC 7517 says);
// the signature itself is checked with node:crypto on a KeyObject made once per key, which costs a
// fifth of a WebCrypto round trip on the hot path of every certificate. Picking the keys and checking
// the signature are separate steps, so the check can run on a validation thread.
import {
  KeyObject,
  constants,
  verify as cryptoVerify,
  type VerifyKeyObjectInput,
} from 'node:crypto';
import { errors, type CryptoKey } from 'jose';
import { OidcError } from './error.js';
import type { LocalKeySet } from './jwks.js';

type KeyParams = Omit<VerifyKeyObjectInput, 'key'>;

/** How node:crypto checks each JWS algorithm (RFC 7518 §3): digest and key options. */
const ALGORITHMS: Readonly<
  Record<string, { digest: string | null; params: KeyParams; bare?: true }>
> = {
  RS256: { digest: 'sha256', params: {}, bare: true },
  RS384: { digest: 'sha384', params: {}, bare: true },
  RS512: { digest: 'sha512', params: {}, bare: true },
  PS256: { digest: 'sha256', params: pss() },
  PS384: { digest: 'sha384', params: pss() },
  PS512: { digest: 'sha512', params: pss() },
  ES256: { digest: 'sha256', params: { dsaEncoding: 'ieee-p1363' } },
  ES384: { digest: 'sha384', params: { dsaEncoding: 'ieee-p1363' } },
  ES512: { digest: 'sha512', params: { dsaEncoding: 'ieee-p1363' } },
  EdDSA: { digest: null, params: {}, bare: true },
};

function pss(): KeyParams {
  // RFC 7518 §3.5: MGF1 with the same hash, salt as long as the hash output.
  return {
    padding: constants.RSA_PKCS1_PSS_PADDING,
    saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
  };
}

/** KeyObjects for jose's CryptoKeys; jose caches its imports per JWK, so this stays bounded. */
const keyObjects = new WeakMap<CryptoKey, KeyObject>();

function keyObject(key: CryptoKey): KeyObject {
  let k = keyObjects.get(key);
  if (!k) {
    k = KeyObject.from(key);
    keyObjects.set(key, k);
  }
  return k;
}

/**
 * A token's signature, ready to check: the algorithm, the signed bytes, the signature and the issuer
 * keys that may have made it. Structured-cloneable (KeyObjects and bytes), so the check can run on
 * another thread.
 */
export interface TokenSignature {
  readonly alg: string;
  readonly signingInput: Uint8Array;
  readonly signature: Uint8Array;
  /** The candidate keys (several when the token names no `kid`); any one verifying is enough. */
  readonly keys: readonly KeyObject[];
}

/**
 * Picks the candidate keys for a compact JWS from `keys`, restricted to `algorithms`, without
 * checking anything cryptographic. `header` is the token's decoded protected header. Throws jose's
 * errors (e.g. JWKSNoMatchingKey when the key set has no key for the token).
 */
export async function tokenSignature(
  token: string,
  header: Readonly<Record<string, unknown>>,
  keys: LocalKeySet,
  algorithms: readonly string[],
): Promise<TokenSignature> {
  const alg = header['alg'];
  if (typeof alg !== 'string' || !algorithms.includes(alg) || !Object.hasOwn(ALGORITHMS, alg)) {
    throw new errors.JOSEAlgNotAllowed('"alg" (Algorithm) Header Parameter value not allowed');
  }
  // No critical extension is understood here (RFC 7515 §4.1.11), so any `crit` fails the token.
  if (header['crit'] !== undefined) throw new errors.JWSInvalid('unsupported "crit" header');
  const lastDot = token.lastIndexOf('.');
  const candidates: KeyObject[] = [];
  try {
    candidates.push(keyObject(await keys(header)));
  } catch (e) {
    if (!(e instanceof errors.JWKSMultipleMatchingKeys)) throw e;
    for await (const key of e as unknown as AsyncIterable<CryptoKey>)
      candidates.push(keyObject(key));
  }
  return {
    alg,
    signingInput: Buffer.from(token.slice(0, lastDot), 'ascii'),
    signature: Buffer.from(token.slice(lastDot + 1), 'base64url'),
    keys: candidates,
  };
}

/** Whether one of the candidate keys verifies the signature (node:crypto; runs on any thread). */
export function checkTokenSignature({
  alg,
  signingInput,
  signature,
  keys,
}: TokenSignature): boolean {
  // Own properties only: an `alg` such as "constructor" names no algorithm.
  const algorithm = Object.hasOwn(ALGORITHMS, alg) ? ALGORITHMS[alg] : undefined;
  if (!algorithm) return false;
  return keys.some((key) => {
    // A bare KeyObject where no options are needed (RS*, EdDSA): node:crypto takes the options
    // object path through an exception internally, ~20 µs per verify on Node 24.
    const input: KeyObject | VerifyKeyObjectInput = algorithm.bare
      ? key
      : { ...algorithm.params, key };
    try {
      return cryptoVerify(algorithm.digest, signingInput, input, signature);
    } catch {
      return false; // OpenSSL throws on some malformed signatures
    }
  });
}

/** Throws INVALID_SIGNATURE unless one of the candidate keys verifies the signature. */
export function requireTokenSignature(signature: TokenSignature): void {
  if (!checkTokenSignature(signature)) {
    throw new OidcError('INVALID_SIGNATURE', 'token signature verification failed');
  }
}

/** The payload bytes of a compact JWS. */
export function tokenPayload(token: string): Buffer {
  return Buffer.from(token.slice(token.indexOf('.') + 1, token.lastIndexOf('.')), 'base64url');
}

/** Maps a jose failure to our codes (jose messages are static and never quote the token). */
export function toOidcError(e: unknown): OidcError {
  if (e instanceof OidcError) return e;
  if (e instanceof errors.JOSEAlgNotAllowed || e instanceof errors.JOSENotSupported) {
    return new OidcError(
      'UNSUPPORTED_ALGORITHM',
      'token signing algorithm is not allowed for this issuer',
      { cause: e },
    );
  }
  if (e instanceof errors.JWKSNoMatchingKey)
    return new OidcError('UNKNOWN_KEY', 'no key of the issuer matches the token', { cause: e });
  if (e instanceof errors.JWSInvalid)
    return new OidcError('MALFORMED_TOKEN', 'malformed JWT', { cause: e });
  return new OidcError('INVALID_SIGNATURE', 'token signature verification failed', { cause: e });
}
