// ID-token claim checks after the signature (go-oidc IDTokenVerifier.Verify as fulcio configures it):
// exact `iss`, `aud` containing the client ID, `exp` required and not passed (no leeway), `nbf` with
// five minutes of leeway. `iat` is not checked (fulcio doesn't).
import type { MatchedIssuer } from '@sigstead/util-identity';
import { OidcError } from './error.js';

const NBF_LEEWAY_MS = 5 * 60 * 1000;

export function checkClaims(
  claims: Readonly<Record<string, unknown>>,
  issuer: MatchedIssuer,
  nowMs: number,
): void {
  if (claims['iss'] !== issuer.issuerUrl)
    throw new OidcError('INVALID_ISSUER', 'token issuer does not match the expected issuer');

  const aud = claims['aud'];
  const audiences = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud : [];
  if (!audiences.includes(issuer.clientId)) {
    throw new OidcError(
      'INVALID_AUDIENCE',
      `token audience does not contain the expected client ID ${JSON.stringify(issuer.clientId)}`,
    );
  }

  const exp = claims['exp'];
  if (typeof exp !== 'number' || !Number.isFinite(exp))
    throw new OidcError('TOKEN_EXPIRED', 'token has no valid exp claim');
  if (exp * 1000 < nowMs) throw new OidcError('TOKEN_EXPIRED', 'token is expired');

  const nbf = claims['nbf'];
  if (nbf !== undefined) {
    if (typeof nbf !== 'number' || !Number.isFinite(nbf))
      throw new OidcError('TOKEN_NOT_YET_VALID', 'token has an invalid nbf claim');
    if (nowMs + NBF_LEEWAY_MS < nbf * 1000)
      throw new OidcError('TOKEN_NOT_YET_VALID', 'token is not valid yet');
  }
}
