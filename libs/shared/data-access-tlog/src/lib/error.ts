export type LogErrorCode =
  /** The append queue is full: map to 503 with Retry-After. */
  | 'PUSHBACK'
  /** The engine was closed. */
  | 'CLOSED'
  /** A caller-supplied index, size or item is malformed or out of range. */
  | 'INVALID_ARGUMENT'
  /** No entry matches the lookup. */
  | 'NOT_FOUND'
  /** Stored tiles, leaves and tree state disagree (or the migration is missing). */
  | 'INCONSISTENT'
  /** The database failed while integrating a batch; nothing of that batch was stored. */
  | 'STORAGE'
  /** The sealer failed on a batch's new entries; nothing of that batch was stored. */
  | 'SEALING';

/** The one error type of this lib; callers branch on `code`, never on the message. */
export class LogError extends Error {
  override readonly name = 'LogError';
  constructor(
    readonly code: LogErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
