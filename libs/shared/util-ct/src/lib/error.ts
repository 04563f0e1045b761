export type CtErrorCode =
  /** Truncated input, bad lengths, trailing bytes, or a value that does not fit its TLS/DER field. */
  | 'MALFORMED'
  /** A structure version this implementation does not speak (only RFC 6962 v1 is supported). */
  | 'UNSUPPORTED_VERSION'
  /** A hash/signature algorithm or key type outside RFC 6962 §2.1.4 (SHA-256 with ECDSA or RSA). */
  | 'UNSUPPORTED_ALGORITHM'
  /** A certificate that cannot be used as asked (no poison, no SCT list, duplicate extensions…). */
  | 'INVALID_CERTIFICATE'
  /** An argument outside its domain (a log ID that is not 32 bytes, a negative timestamp…). */
  | 'INVALID_ARGUMENT'
  /** The injected signer failed. */
  | 'SIGNING_FAILED';

/** The one error type of this lib; callers branch on `code`. */
export class CtError extends Error {
  override readonly name = 'CtError';
  constructor(
    readonly code: CtErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
