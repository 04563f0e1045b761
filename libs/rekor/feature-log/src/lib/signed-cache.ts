/**
 * Signatures the service has already made, keyed by what they sign (a tree size, a log index): the
 * first caller starts the signing, later callers share its promise. A failed signing is forgotten,
 * and past `max` entries the oldest one is dropped. A finished signature can also be read without
 * waiting (`settled`), for the reads that would otherwise await an answer they already have.
 */
export class SignedCache<K> {
  readonly #entries = new Map<K, Slot>();

  constructor(private readonly max: number) {}

  get<V extends Buffer | string>(key: K, sign: () => Promise<V>): Promise<V> {
    let slot = this.#entries.get(key);
    if (!slot) {
      const fresh: Slot = { pending: sign() };
      slot = fresh;
      this.#entries.set(key, fresh);
      fresh.pending.then(
        (value) => (fresh.value = value),
        () => this.#entries.get(key) === fresh && this.#entries.delete(key),
      );
      if (this.#entries.size > this.max) this.#entries.delete(this.#entries.keys().next().value!);
    }
    return slot.pending as Promise<V>;
  }

  /** The signature under `key` if its signing has finished; undefined while pending or unknown. */
  settled<V extends Buffer | string>(key: K): V | undefined {
    return this.#entries.get(key)?.value as V | undefined;
  }
}

interface Slot {
  readonly pending: Promise<Buffer | string>;
  value?: Buffer | string;
}
