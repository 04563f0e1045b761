import { isMainThread, parentPort } from 'node:worker_threads';
import type { SerializedError } from './error.js';
import type { BatchRequest, BatchResult, WorkerMessage } from './protocol.js';

/**
 * The worker side of a `BatchWorkerPool`: answers each batch with `task`'s result (or error) for
 * every input, in order. Inputs of a batch run one after another, so a synchronous task keeps the
 * thread busy with one input at a time: blocking is what this thread is for.
 */
export function serveBatches<In, Out>(task: (input: In) => Out | Promise<Out>): void {
  if (isMainThread || !parentPort) throw new Error('serveBatches runs in a worker thread');
  const port = parentPort;
  port.on('message', (request: BatchRequest) => {
    void answer(request).then((results) =>
      port.postMessage({ id: request.id, results } satisfies WorkerMessage),
    );
  });
  port.postMessage({ ready: true } satisfies WorkerMessage);

  async function answer({ inputs }: BatchRequest): Promise<BatchResult[]> {
    const results: BatchResult[] = [];
    for (const input of inputs) {
      try {
        results.push({ ok: true, value: await task(input as In) });
      } catch (err) {
        results.push({ ok: false, error: serialize(err) });
      }
    }
    return results;
  }
}

function serialize(err: unknown): SerializedError {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err) };
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string'
    ? { name: err.name, message: err.message, code }
    : { name: err.name, message: err.message };
}
