interface Slot<V> {
  readonly value: V;
  /** The insertion count when the key was last (re)inserted. */
  stamp: number;
}

/**
 * A small least-recently-used map (Map keeps insertion order; a hit re-inserts the key). A hit on
 * one of the newest half of the insertions moves nothing: that key is at least `max / 2`
 * insertions away from eviction anyway, and a hot key (a tile read by every proof) is then not
 * deleted and re-added on each hit.
 */
export class Lru<K, V> {
  readonly #max: number;
  readonly #fresh: number;
  readonly #map = new Map<K, Slot<V>>();
  #inserts = 0;

  constructor(max: number) {
    this.#max = Math.max(1, max);
    this.#fresh = Math.max(1, this.#max >> 1);
  }

  get(key: K): V | undefined {
    const slot = this.#map.get(key);
    if (slot === undefined) return undefined;
    if (this.#inserts - slot.stamp >= this.#fresh) {
      this.#map.delete(key);
      this.#map.set(key, slot);
      slot.stamp = ++this.#inserts;
    }
    return slot.value;
  }

  set(key: K, value: V): void {
    this.#map.delete(key);
    this.#map.set(key, { value, stamp: ++this.#inserts });
    if (this.#map.size > this.#max) this.#map.delete(this.#map.keys().next().value!);
  }

  get size(): number {
    return this.#map.size;
  }
}
