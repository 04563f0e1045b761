export type CtLogErrorCode =
  /** The request is malformed (bad JSON shape, base64, DER, parameters). */
  | 'BAD_REQUEST'
  /** The chain does not end at an accepted root, or a signature in it does not verify. */
  | 'UNTRUSTED_CHAIN'
  /** A precertificate without the critical poison extension, or a certificate with it. */
  | 'WRONG_ENTRY_TYPE'
  /** A hash or index the tree does not contain. */
  | 'NOT_FOUND'
  /** The log cannot take more right now (maps to 503 + Retry-After). */
  | 'PUSHBACK'
  /** An endpoint asked with another HTTP method than its own. */
  | 'METHOD_NOT_ALLOWED';

export class CtLogError extends Error {
  override readonly name = 'CtLogError';
  constructor(
    readonly code: CtLogErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
