import type { SerializedError } from './error.js';

/** Main thread → worker: one batch of inputs. */
export interface BatchRequest {
  readonly id: number;
  readonly inputs: readonly unknown[];
}

/**
 * Worker → main thread: the worker's readiness, or results of a batch in order, one per input,
 * starting at input `from`. A batch is answered in one or more consecutive slices.
 */
export type WorkerMessage =
  | { readonly ready: true }
  | { readonly id: number; readonly from: number; readonly results: readonly BatchResult[] };

export type BatchResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: SerializedError };
