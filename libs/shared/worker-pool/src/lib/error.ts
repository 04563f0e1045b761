export type WorkerPoolErrorCode =
  /** More inputs are waiting than the pool accepts: the caller should shed load (503). */
  | 'OVERLOADED'
  /** A worker thread died (or never started) with the input in flight. */
  | 'WORKER_FAILED'
  /** The pool was closed before the input was answered. */
  | 'CLOSED';

/** The pool's own failures; what the task function throws is rebuilt by `reviveError` instead. */
export class WorkerPoolError extends Error {
  override readonly name = 'WorkerPoolError';
  constructor(
    readonly code: WorkerPoolErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** An error thrown in a worker, as it crosses to the main thread (no stack, no cause). */
export interface SerializedError {
  readonly name: string;
  readonly message: string;
  /** A string `code` property, as typed errors here carry. */
  readonly code?: string;
}
