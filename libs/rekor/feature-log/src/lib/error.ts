export type RekorServiceErrorCode =
  | 'BAD_REQUEST'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'TOO_MANY'
  /** A parameter outside its declared type or bounds (upstream's generated validation: 422). */
  | 'INVALID_PARAMETER';

/** Failures of the API layer (the entry types report theirs as RekorError). */
export class RekorServiceError extends Error {
  override readonly name = 'RekorServiceError';
  constructor(
    readonly code: RekorServiceErrorCode,
    message: string,
    readonly headers?: Readonly<Record<string, string>>,
    /** The body's `code` when it is not the status (upstream's validation codes, 6xx). */
    readonly bodyCode?: number,
  ) {
    super(message);
  }
}
