import { performance } from 'node:perf_hooks';
import { isMainThread, parentPort } from 'node:worker_threads';
import type { SerializedError } from './error.js';
import type { BatchRequest, BatchResult, WorkerMessage } from './protocol.js';

export interface ServeOptions {
  /**
   * A batch's results go back in slices, one whenever this much time passed since the last
   * (default 1 ms), so the first inputs of a long batch move on while the rest are still running.
   */
  readonly sliceMs?: number;
}

const DEFAULT_SLICE_MS = 1;

/**
 * The worker side of a `BatchWorkerPool`: answers each batch with `task`'s result (or error) for
 * every input, in order, in slices of about `sliceMs` of work. Inputs of a batch run one after
 * another, so a synchronous task keeps the thread busy with one input at a time: blocking is what
 * this thread is for.
 */
export function serveBatches<In, Out>(
  task: (input: In) => Out | Promise<Out>,
  options: ServeOptions = {},
): void {
  if (isMainThread || !parentPort) throw new Error('serveBatches runs in a worker thread');
  const port = parentPort;
  const sliceMs = options.sliceMs ?? DEFAULT_SLICE_MS;
  let queue = Promise.resolve();
  port.on('message', (request: BatchRequest) => {
    // One batch at a time, as they came. A result that cannot be posted (not cloneable) rejects,
    // unhandled: the thread exits and the pool fails the inputs it had not answered.
    queue = queue.then(() => answer(request));
  });
  port.postMessage({ ready: true } satisfies WorkerMessage);

  async function answer({ id, inputs }: BatchRequest): Promise<void> {
    let from = 0;
    let results: BatchResult[] = [];
    let since = performance.now();
    for (const input of inputs) {
      try {
        results.push({ ok: true, value: await task(input as In) });
      } catch (err) {
        results.push({ ok: false, error: serialize(err) });
      }
      const now = performance.now();
      if (now - since >= sliceMs || from + results.length === inputs.length) {
        port.postMessage({ id, from, results } satisfies WorkerMessage);
        from += results.length;
        results = [];
        since = now;
      }
    }
  }
}

function serialize(err: unknown): SerializedError {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err) };
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string'
    ? { name: err.name, message: err.message, code }
    : { name: err.name, message: err.message };
}
