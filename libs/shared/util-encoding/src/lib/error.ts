export type EncodingErrorCode = 'INVALID_BASE64' | 'INVALID_HEX' | 'INVALID_PEM' | 'INVALID_DER';

/** The one error type of this lib; callers branch on `code`. */
export class EncodingError extends Error {
  override readonly name = 'EncodingError';
  constructor(
    readonly code: EncodingErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
