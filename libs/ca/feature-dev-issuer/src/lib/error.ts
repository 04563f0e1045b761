/** A bad token request to the development issuer (maps to 400). */
export class DevIssuerError extends Error {
  override readonly name = 'DevIssuerError';
  readonly code = 'INVALID_TOKEN_REQUEST';
}
