import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { WorkerPoolError, type SerializedError } from './error.js';
import { startWorker, workerExecArgv } from './exec-argv.js';
import type { BatchRequest, WorkerMessage } from './protocol.js';

export interface WorkerPoolOptions {
  /** The worker module: one that calls `serveBatches`. */
  readonly script: URL;
  /** Worker threads, at least one. */
  readonly threads: number;
  /** Inputs waiting or in flight beyond which `run` refuses with `OVERLOADED` (default 4096). */
  readonly maxQueued?: number;
  /**
   * Rebuilds an error the task threw, typically the caller's own error class by name and code;
   * undefined (and by default) gives a plain `Error` with the same name and message.
   */
  readonly reviveError?: (error: SerializedError) => Error | undefined;
  /** Thread names are this plus a number (default "worker"). */
  readonly name?: string;
}

interface Pending {
  readonly input: unknown;
  readonly resolve: (value: never) => void;
  readonly reject: (error: Error) => void;
}

interface Slot {
  readonly worker: Worker;
  ready: boolean;
  /** Settles when the worker serves, or dies before it does. */
  readonly started: Promise<void>;
  /** Batches sent and not fully answered, by batch ID; answered inputs are cleared. */
  readonly inFlight: Map<number, (Pending | undefined)[]>;
  load: number;
  lastError?: Error;
}

const DEFAULT_MAX_QUEUED = 4096;

/**
 * CPU-bound work on worker threads, off the event loop. Inputs arriving in one turn of the event loop
 * go out together, one batch per worker (split across the least-loaded ones), so the message cost
 * is paid per batch rather than per input; a worker answers a long batch in slices (see
 * `serveBatches`), so its first inputs move on while the rest still run. A worker that dies fails
 * only its own unanswered inputs and is replaced. The queue is bounded: past `maxQueued` inputs,
 * `run` refuses at once.
 */
export class BatchWorkerPool<In, Out> {
  readonly #script: URL;
  readonly #name: string;
  readonly #maxQueued: number;
  readonly #revive: (error: SerializedError) => Error | undefined;
  readonly #slots: Slot[] = [];
  #queue: Pending[] = [];
  #outstanding = 0;
  #scheduled = false;
  #nextId = 0;
  #closed = false;
  /** The flags workers start with: the parent's, less what a worker refused the first time. */
  #execArgv: readonly string[] | undefined;
  #failure: WorkerPoolError | undefined;

  /** Starts the workers; resolves once every one is serving, rejects if one dies first. */
  static async start<In, Out>(options: WorkerPoolOptions): Promise<BatchWorkerPool<In, Out>> {
    const pool = new BatchWorkerPool<In, Out>(options);
    try {
      await Promise.all(pool.#slots.map((slot) => slot.started));
    } catch (err) {
      await pool.close();
      throw err;
    }
    return pool;
  }

  private constructor(options: WorkerPoolOptions) {
    if (!Number.isInteger(options.threads) || options.threads < 1) {
      throw new RangeError(`a worker pool needs at least one thread, not ${options.threads}`);
    }
    this.#script = compiledScript(options.script);
    this.#name = options.name ?? 'worker';
    this.#maxQueued = options.maxQueued ?? DEFAULT_MAX_QUEUED;
    this.#revive = options.reviveError ?? (() => undefined);
    for (let i = 0; i < options.threads; i++) this.#slots.push(this.#spawn(i));
  }

  /** Inputs accepted and not yet answered. */
  get outstanding(): number {
    return this.#outstanding;
  }

  run(input: In): Promise<Out> {
    if (this.#closed) return Promise.reject(new WorkerPoolError('CLOSED', 'the pool is closed'));
    if (this.#failure) return Promise.reject(this.#failure);
    if (this.#outstanding >= this.#maxQueued) {
      return Promise.reject(
        new WorkerPoolError('OVERLOADED', `${this.#outstanding} inputs are already waiting`),
      );
    }
    this.#outstanding++;
    return new Promise<Out>((resolve, reject) => {
      this.#queue.push({ input, resolve, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.#flush());
      }
    });
  }

  /** Stops every worker; inputs not yet answered are refused with `CLOSED`. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#settle(this.#queue, new WorkerPoolError('CLOSED', 'the pool is closed'));
    this.#queue = [];
    await Promise.all(this.#slots.map((slot) => slot.worker.terminate()));
  }

  #flush(): void {
    this.#scheduled = false;
    const queue = this.#queue;
    this.#queue = [];
    if (queue.length === 0 || this.#closed) return;
    const slots = this.#slots.toSorted((a, b) => a.load - b.load);
    if (slots.length === 0) {
      this.#settle(queue, this.#failure ?? new WorkerPoolError('WORKER_FAILED', 'no workers'));
      return;
    }
    const size = Math.ceil(queue.length / Math.min(slots.length, queue.length));
    for (let i = 0, at = 0; at < queue.length; i++, at += size) {
      this.#send(slots[i]!, queue.slice(at, at + size));
    }
  }

  #send(slot: Slot, batch: Pending[]): void {
    const id = this.#nextId++;
    slot.inFlight.set(id, batch);
    slot.load += batch.length;
    slot.worker.postMessage({ id, inputs: batch.map((p) => p.input) } satisfies BatchRequest);
  }

  #spawn(index: number): Slot {
    const { worker, execArgv } = startWorker(
      this.#script,
      { name: `${this.#name}-${index}` },
      this.#execArgv ?? workerExecArgv(process.execArgv),
    );
    this.#execArgv = execArgv;
    const started = Promise.withResolvers<void>();
    started.promise.catch(() => undefined); // awaited by `start` only
    const slot: Slot = {
      worker,
      ready: false,
      started: started.promise,
      inFlight: new Map(),
      load: 0,
    };
    worker.on('message', (message: WorkerMessage) => {
      if ('ready' in message) {
        slot.ready = true;
        started.resolve();
        return;
      }
      const batch = slot.inFlight.get(message.id);
      if (!batch) return;
      const { from, results } = message;
      if (from + results.length >= batch.length) slot.inFlight.delete(message.id);
      results.forEach((result, i) => {
        const pending = batch[from + i];
        if (pending === undefined) return;
        // A settled input's slot is cleared, so a worker that dies later fails only the rest.
        batch[from + i] = undefined;
        slot.load--;
        this.#outstanding--;
        if (result.ok) pending.resolve(result.value as never);
        else pending.reject(this.#revive(result.error) ?? reviveAsError(result.error));
      });
    });
    worker.on('error', (err: Error) => {
      slot.lastError = err;
    });
    worker.on('exit', (code) => started.reject(this.#onExit(slot, index, code)));
    return slot;
  }

  /** Fails the worker's in-flight inputs and replaces it; returns the error they got. */
  #onExit(slot: Slot, index: number, code: number): WorkerPoolError {
    const error = this.#closed
      ? new WorkerPoolError('CLOSED', 'the pool is closed')
      : new WorkerPoolError(
          'WORKER_FAILED',
          `worker thread ${this.#name}-${index} exited (code ${code})${
            slot.lastError ? `: ${slot.lastError.message}` : ''
          }`,
          { cause: slot.lastError },
        );
    for (const batch of slot.inFlight.values()) {
      this.#settle(
        batch.filter((p) => p !== undefined),
        error,
      );
    }
    slot.inFlight.clear();
    slot.load = 0;
    const at = this.#slots.indexOf(slot);
    if (this.#closed || at < 0) return error;
    if (!slot.ready) {
      // It died before serving: the script itself is broken, and a replacement would die too.
      this.#slots.splice(at, 1);
      if (this.#slots.length === 0) this.#failure = error;
      return error;
    }
    this.#slots[at] = this.#spawn(index);
    return error;
  }

  #settle(batch: readonly Pending[], error: Error): void {
    this.#outstanding -= batch.length;
    for (const pending of batch) pending.reject(error);
  }
}

function reviveAsError({ name, message }: SerializedError): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

/**
 * The compiled twin of a worker script: callers name it by the URL next to their own module, which
 * under the TypeScript sources (as tests run them) is `src/…`; the build emits it under `dist/…`.
 */
function compiledScript(script: URL): URL {
  if (script.protocol !== 'file:' || existsSync(fileURLToPath(script))) return script;
  const at = script.pathname.lastIndexOf('/src/');
  if (at < 0) return script;
  const twin = new URL(script.href);
  twin.pathname = `${script.pathname.slice(0, at)}/dist/${script.pathname.slice(at + 5)}`;
  return existsSync(fileURLToPath(twin)) ? twin : script;
}
