/**
 * Failure codes of token verification. All are client errors in Fulcio's terms (HTTP 400 "There was an
 * error processing the identity token"), except that `DISCOVERY_FAILED` / `JWKS_FAILED` mean the IdP could
 * not be reached or answered badly, which an operator will want to see in logs.
 */
export type OidcErrorCode =
  | 'MALFORMED_TOKEN'
  | 'UNKNOWN_ISSUER'
  | 'INSECURE_ISSUER'
  | 'DISCOVERY_FAILED'
  | 'JWKS_FAILED'
  | 'UNSUPPORTED_ALGORITHM'
  | 'UNKNOWN_KEY'
  | 'INVALID_SIGNATURE'
  | 'INVALID_ISSUER'
  | 'INVALID_AUDIENCE'
  | 'TOKEN_EXPIRED'
  | 'TOKEN_NOT_YET_VALID'
  | 'INVALID_PRINCIPAL';

/**
 * The one error type of this lib. Messages never contain the token (nor decoded parts of it other than
 * the issuer URL), so they may be logged; `cause` holds the underlying error where one exists.
 */
export class OidcError extends Error {
  override readonly name = 'OidcError';
  constructor(
    readonly code: OidcErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** An issuer URL for a message: quoted, and cut short so an attacker-chosen `iss` can't flood logs. */
export function showIssuer(iss: string): string {
  return JSON.stringify(iss.length > 200 ? `${iss.slice(0, 200)}…` : iss);
}
