/**
 * Signatures the service has already made, keyed by what they sign (a tree size, a log index): the
 * first caller starts the signing, later callers share its promise. A failed signing is forgotten,
 * and past `max` entries the oldest one is dropped.
 */
export class SignedCache<K> {
  readonly #entries = new Map<K, Promise<Buffer | string>>();

  constructor(private readonly max: number) {}

  get<V extends Buffer | string>(key: K, sign: () => Promise<V>): Promise<V> {
    let pending = this.#entries.get(key) as Promise<V> | undefined;
    if (!pending) {
      pending = sign();
      this.#entries.set(key, pending);
      pending.catch(() => this.#entries.delete(key));
      if (this.#entries.size > this.max) this.#entries.delete(this.#entries.keys().next().value!);
    }
    return pending;
  }
}
