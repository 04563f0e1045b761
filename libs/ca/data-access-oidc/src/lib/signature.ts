// JWS signature verification against a provider's keys, restricted to the provider's algorithms.
import { compactVerify, errors, type CryptoKey } from 'jose';
import { OidcError } from './error.js';
import type { LocalKeySet } from './jwks.js';

type Key = LocalKeySet | CryptoKey;

/** Verifies with `keys`; when several keys match (no `kid`), tries each, as go-oidc does. */
export async function verifyWithKeys(
  token: string,
  keys: LocalKeySet,
  algorithms: readonly string[],
): Promise<Uint8Array> {
  const once = async (key: Key) =>
    (await compactVerify(token, key as LocalKeySet, { algorithms: [...algorithms] })).payload;
  try {
    return await once(keys);
  } catch (e) {
    if (!(e instanceof errors.JWKSMultipleMatchingKeys)) throw e;
    for await (const key of e as unknown as AsyncIterable<CryptoKey>) {
      try {
        return await once(key);
      } catch {
        // try the next candidate
      }
    }
    throw new errors.JWSSignatureVerificationFailed();
  }
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
