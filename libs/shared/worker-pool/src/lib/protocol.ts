import type { SerializedError } from './error.js';

/** Main thread → worker: one batch of inputs. */
export interface BatchRequest {
  readonly id: number;
  readonly inputs: readonly unknown[];
}

/** Worker → main thread: one result per input, in order; or the worker's readiness. */
export type WorkerMessage =
  { readonly ready: true } | { readonly id: number; readonly results: readonly BatchResult[] };

export type BatchResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: SerializedError };
