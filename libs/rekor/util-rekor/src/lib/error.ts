/** What went wrong with a proposed entry or a log artifact; every message is safe to show clients. */
export type RekorErrorCode =
  /** The entry is malformed, or its signature does not verify (upstream: 400 "error processing entry"). */
  | 'INVALID_ENTRY'
  /** A kind or apiVersion this log does not accept. */
  | 'UNSUPPORTED_TYPE'
  /** A checkpoint or signed note that does not parse or verify. */
  | 'INVALID_CHECKPOINT'
  /** An entry ID / UUID of the wrong shape. */
  | 'INVALID_ENTRY_ID';

export class RekorError extends Error {
  override readonly name = 'RekorError';
  constructor(
    readonly code: RekorErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
