import { describe, expect, it } from 'vitest';
import { Lru } from './lru.js';

describe('Lru', () => {
  it('evicts the least recently used entry', () => {
    const lru = new Lru<string, number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    expect(lru.get('a')).toBe(1);
    lru.set('c', 3);
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('a')).toBe(1);
    expect(lru.get('c')).toBe(3);
    lru.set('c', 4);
    expect(lru.size).toBe(2);
    expect(new Lru(0).size).toBe(0);
  });
});

describe('Lru with room for more', () => {
  it('moves a hit key to the back only once it is among the older half', () => {
    const lru = new Lru<number, number>(4);
    for (const k of [1, 2, 3, 4]) lru.set(k, k);
    lru.get(1); // older half: moved behind 4
    lru.get(4); // newest: stays
    lru.set(5, 5); // evicts 2, the least recently used
    expect(lru.get(2)).toBeUndefined();
    lru.set(6, 6); // evicts 3
    expect([1, 3, 4, 5, 6].map((k) => lru.get(k))).toEqual([1, undefined, 4, 5, 6]);
    expect(lru.size).toBe(4);
  });
});
