/**
 * Failure codes of this lib; callers branch on `code`, never on message text.
 * - `INVALID_CONFIG`: the issuer configuration was rejected at load time (`path` names the key).
 * - `INVALID_TEMPLATE`: a CI extension template failed to parse (load time) or to execute (issuance).
 * - `MISSING_CLAIM` / `INVALID_CLAIM`: the verified token lacks a claim the issuer type needs, or it is malformed.
 * - `EMAIL_NOT_VERIFIED`: `email_verified` is not true for an `email` issuer (fulcio `pkg/identity/email`).
 * - `ISSUER_MISMATCH`: the claims' `iss` is not the issuer they were matched against.
 */
export type IdentityErrorCode =
  | 'INVALID_CONFIG'
  | 'INVALID_TEMPLATE'
  | 'MISSING_CLAIM'
  | 'INVALID_CLAIM'
  | 'EMAIL_NOT_VERIFIED'
  | 'ISSUER_MISMATCH';

/**
 * The one error type of this lib. Messages are safe to show to an API client: they name claims and
 * configuration keys, never a token.
 */
export class IdentityError extends Error {
  override readonly name = 'IdentityError';
  constructor(
    readonly code: IdentityErrorCode,
    message: string,
    options?: { cause?: unknown; path?: string; atIssuance?: boolean },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    if (options?.path !== undefined) this.path = options.path;
    if (options?.atIssuance) this.atIssuance = true;
  }
  /** For `INVALID_CONFIG`: the offending key, e.g. `oidc-issuers["https://idp.example"].type`. */
  readonly path?: string;
  /**
   * Raised where upstream raises it only while building the certificate (a CI provider's claim
   * templates), and answers with the message itself rather than the invalid-token one.
   */
  readonly atIssuance?: boolean;
}

export function configError(path: string, detail: string, cause?: unknown): IdentityError {
  return new IdentityError('INVALID_CONFIG', `fulcio config ${path}: ${detail}`, { path, cause });
}
