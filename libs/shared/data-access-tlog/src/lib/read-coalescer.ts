interface Pending<K, V> {
  readonly key: K;
  readonly resolve: (value: V) => void;
  readonly reject: (err: unknown) => void;
}

/**
 * Point reads that arrive together go to the database together: lookups made while `maxInFlight`
 * queries are running wait and leave in one query of up to `maxBatch` keys. One lookup on a quiet
 * log still leaves at once (after the current tick, so the same tick's lookups join it). Under load
 * this turns a round trip per request into a round trip per batch, which on a small machine is
 * what a read costs most: the database's CPU and the wake-ups on both sides.
 */
export class ReadCoalescer<K, V> {
  readonly #fetch: (keys: K[]) => Promise<V[]>;
  readonly #maxBatch: number;
  readonly #maxInFlight: number;
  #pending: Pending<K, V>[] = [];
  #inFlight = 0;
  #scheduled = false;

  /** `fetch` answers for every key, in order (a miss is a value too, e.g. null). */
  constructor(fetch: (keys: K[]) => Promise<V[]>, maxBatch = 256, maxInFlight = 2) {
    this.#fetch = fetch;
    this.#maxBatch = Math.max(1, maxBatch);
    this.#maxInFlight = Math.max(1, maxInFlight);
  }

  get(key: K): Promise<V> {
    return new Promise<V>((resolve, reject) => {
      this.#pending.push({ key, resolve, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        queueMicrotask(() => {
          this.#scheduled = false;
          this.#pump();
        });
      }
    });
  }

  #pump(): void {
    while (this.#inFlight < this.#maxInFlight && this.#pending.length > 0) {
      const batch = this.#pending.splice(0, this.#maxBatch);
      this.#inFlight++;
      // #run never rejects: a failed read rejects its own lookups.
      void this.#run(batch).finally(() => {
        this.#inFlight--;
        this.#pump();
      });
    }
  }

  async #run(batch: readonly Pending<K, V>[]): Promise<void> {
    try {
      const values = await this.#fetch(batch.map((p) => p.key));
      if (values.length !== batch.length) {
        throw new Error(`a read of ${batch.length} keys gave ${values.length} values`);
      }
      batch.forEach((p, i) => p.resolve(values[i]!));
    } catch (err) {
      for (const p of batch) p.reject(err);
    }
  }
}
