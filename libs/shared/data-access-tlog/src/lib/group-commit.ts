import { LogError } from './error.js';

interface Waiting<I, R> {
  readonly item: I;
  readonly resolve: (result: R) => void;
  readonly reject: (err: unknown) => void;
}

/**
 * Group commit without a timer: the first item starts a batch at once (after the current tick, so
 * the same tick's items join it); everything that arrives while batches are in flight forms the next
 * one (up to `maxBatch`). Up to `maxInFlight` batches run at once (one by default: the sequencer
 * builds each batch on the tree the previous one made). A full queue refuses new work with PUSHBACK
 * instead of growing latency without bound.
 */
export class GroupCommit<I, R> {
  readonly #run: (items: I[]) => Promise<R[]>;
  readonly #maxBatch: number;
  readonly #maxQueue: number;
  readonly #maxInFlight: number;
  #queue: Waiting<I, R>[] = [];
  #inFlight = 0;
  #scheduled = false;
  #idle: (() => void)[] = [];
  #closed = false;

  constructor(
    run: (items: I[]) => Promise<R[]>,
    maxBatch: number,
    maxQueue: number,
    maxInFlight = 1,
  ) {
    this.#run = run;
    this.#maxBatch = Math.max(1, maxBatch);
    this.#maxQueue = Math.max(this.#maxBatch, maxQueue);
    this.#maxInFlight = Math.max(1, maxInFlight);
  }

  /** Items waiting for a batch (not counting batches in flight). */
  get length(): number {
    return this.#queue.length;
  }

  /** Queues all items or none; resolves in order once their batch committed. */
  submit(items: readonly I[]): Promise<R[]> {
    if (this.#closed) return Promise.reject(new LogError('CLOSED', 'the log is closed'));
    if (this.#queue.length + items.length > this.#maxQueue) {
      return Promise.reject(new LogError('PUSHBACK', 'too many appends are waiting; retry later'));
    }
    const results = items.map(
      (item) => new Promise<R>((resolve, reject) => this.#queue.push({ item, resolve, reject })),
    );
    if (!this.#scheduled) {
      this.#scheduled = true;
      queueMicrotask(() => {
        this.#scheduled = false;
        this.#pump();
      });
    }
    return Promise.all(results);
  }

  /** Refuses new items and waits until everything already queued has been committed or failed. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#inFlight === 0 && this.#queue.length === 0 && !this.#scheduled) return;
    await new Promise<void>((resolve) => this.#idle.push(resolve));
  }

  #pump(): void {
    while (this.#inFlight < this.#maxInFlight && this.#queue.length > 0) {
      this.#inFlight++;
      void this.#runBatch(this.#queue.splice(0, this.#maxBatch));
    }
    if (this.#inFlight === 0 && this.#queue.length === 0 && !this.#scheduled) {
      for (const resolve of this.#idle.splice(0)) resolve();
    }
  }

  /** Never rejects: a failed batch rejects its own items. */
  async #runBatch(batch: Waiting<I, R>[]): Promise<void> {
    try {
      const results = await this.#run(batch.map((w) => w.item));
      if (results.length !== batch.length)
        throw new LogError('STORAGE', `a batch of ${batch.length} gave ${results.length} results`);
      batch.forEach((w, i) => w.resolve(results[i]!));
    } catch (err) {
      for (const w of batch) w.reject(err);
    } finally {
      this.#inFlight--;
      this.#pump();
    }
  }
}
