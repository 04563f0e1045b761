import { GroupCommit } from './group-commit.js';

/**
 * Point reads that arrive together go to the database together: lookups made while `maxInFlight`
 * queries are running wait and leave in one query of up to `maxBatch` keys. One lookup on a quiet
 * log still leaves at once (after the current tick, so the same tick's lookups join it). Under load
 * this turns a round trip per request into a round trip per batch, which on a small machine is
 * what a read costs most: the database's CPU and the wake-ups on both sides. The batching is the
 * appends' group commit, with no queue bound and several batches in flight.
 */
export class ReadCoalescer<K, V> {
  readonly #batches: GroupCommit<K, V>;

  /** `fetch` answers for every key, in order (a miss is a value too, e.g. null). */
  constructor(fetch: (keys: K[]) => Promise<V[]>, maxBatch = 256, maxInFlight = 2) {
    this.#batches = new GroupCommit(
      async (keys) => {
        const values = await fetch(keys);
        if (values.length !== keys.length) {
          throw new Error(`a read of ${keys.length} keys gave ${values.length} values`);
        }
        return values;
      },
      maxBatch,
      Number.POSITIVE_INFINITY,
      maxInFlight,
    );
  }

  get(key: K): Promise<V> {
    return this.#batches.submit([key]).then((values) => values[0]!);
  }
}
