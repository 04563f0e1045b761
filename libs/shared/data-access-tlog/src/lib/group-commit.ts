import { LogError } from './error.js';

interface Waiting<I, R> {
  readonly item: I;
  readonly resolve: (result: R) => void;
  readonly reject: (err: unknown) => void;
}

/**
 * Group commit without a timer: the first item starts a batch at once; everything that arrives
 * while that batch commits forms the next one (up to `maxBatch`). One batch runs at a time.
 * A full queue refuses new work with PUSHBACK instead of growing latency without bound.
 */
export class GroupCommit<I, R> {
  readonly #run: (items: I[]) => Promise<R[]>;
  readonly #maxBatch: number;
  readonly #maxQueue: number;
  #queue: Waiting<I, R>[] = [];
  #running: Promise<void> | undefined;
  #closed = false;

  constructor(run: (items: I[]) => Promise<R[]>, maxBatch: number, maxQueue: number) {
    this.#run = run;
    this.#maxBatch = Math.max(1, maxBatch);
    this.#maxQueue = Math.max(this.#maxBatch, maxQueue);
  }

  /** Items waiting for a batch (not counting the batch in flight). */
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
    this.#start();
    return Promise.all(results);
  }

  /** Refuses new items and waits until everything already queued has been committed or failed. */
  async close(): Promise<void> {
    this.#closed = true;
    while (this.#running !== undefined) await this.#running;
  }

  #start(): void {
    if (this.#running === undefined) this.#running = this.#drain();
  }

  async #drain(): Promise<void> {
    // Let appends made in the same tick join the first batch.
    await Promise.resolve();
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, this.#maxBatch);
      try {
        const results = await this.#run(batch.map((w) => w.item));
        if (results.length !== batch.length)
          throw new LogError(
            'STORAGE',
            `a batch of ${batch.length} gave ${results.length} results`,
          );
        batch.forEach((w, i) => w.resolve(results[i]!));
      } catch (err) {
        for (const w of batch) w.reject(err);
      }
    }
    // Cleared in the same synchronous step as the empty-queue check, so no submission is stranded.
    this.#running = undefined;
  }
}
