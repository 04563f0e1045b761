// JWS signature verification against a provider's keys, restricted to the provider's algorithms.
// jose picks the candidate keys from the JWKS (kid, kty, alg, use, key_ops, crv, as RFC 7517 says);
// the signature itself is checked with node:crypto on a KeyObject made once per key, which costs a
// fifth of a WebCrypto round trip on the hot path of every certificate.
import {
  KeyObject,
  constants,
  verify as cryptoVerify,
  type VerifyKeyObjectInput,
} from 'node:crypto';
import { errors, type CryptoKey, type JWSHeaderParameters } from 'jose';
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
 * Verifies a compact JWS with `keys`; when several keys match (no `kid`), tries each, as go-oidc
 * does. `header` is the token's decoded protected header. Resolves to the payload bytes.
 */
export async function verifyWithKeys(
  token: string,
  header: Readonly<Record<string, unknown>>,
  keys: LocalKeySet,
  algorithms: readonly string[],
): Promise<Buffer> {
  const alg = header['alg'];
  const algorithm = typeof alg === 'string' ? ALGORITHMS[alg] : undefined;
  if (typeof alg !== 'string' || !algorithms.includes(alg) || !algorithm) {
    throw new errors.JOSEAlgNotAllowed('"alg" (Algorithm) Header Parameter value not allowed');
  }
  // No critical extension is understood here (RFC 7515 §4.1.11), so any `crit` fails the token.
  if (header['crit'] !== undefined) throw new errors.JWSInvalid('unsupported "crit" header');
  const lastDot = token.lastIndexOf('.');
  const firstDot = token.indexOf('.');
  const signingInput = Buffer.from(token.slice(0, lastDot), 'ascii');
  const signature = Buffer.from(token.slice(lastDot + 1), 'base64url');
  const check = (key: CryptoKey): boolean => {
    // A bare KeyObject where no options are needed (RS*, EdDSA): node:crypto takes the options
    // object path through an exception internally, ~20 µs per verify on Node 24.
    const input: KeyObject | VerifyKeyObjectInput = algorithm.bare
      ? keyObject(key)
      : { ...algorithm.params, key: keyObject(key) };
    try {
      return cryptoVerify(algorithm.digest, signingInput, input, signature);
    } catch {
      return false; // OpenSSL throws on some malformed signatures
    }
  };
  const jwsHeader = header as JWSHeaderParameters;
  let verified = false;
  try {
    verified = check(await keys(jwsHeader));
  } catch (e) {
    if (!(e instanceof errors.JWKSMultipleMatchingKeys)) throw e;
    for await (const key of e as unknown as AsyncIterable<CryptoKey>) {
      if (check(key)) {
        verified = true;
        break;
      }
    }
  }
  if (!verified) throw new errors.JWSSignatureVerificationFailed();
  return Buffer.from(token.slice(firstDot + 1, lastDot), 'base64url');
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
