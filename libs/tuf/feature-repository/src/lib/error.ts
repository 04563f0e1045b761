export type TufServiceErrorCode = 'NOT_FOUND' | 'BAD_REQUEST' | 'MISCONFIGURED';

/** A repository failure with a message safe to show (and, for MISCONFIGURED, to act on). */
export class TufServiceError extends Error {
  override readonly name = 'TufServiceError';
  constructor(
    readonly code: TufServiceErrorCode,
    message: string,
  ) {
    super(message);
  }
}
