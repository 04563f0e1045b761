import { describe, expect, it } from 'vitest';
import { SignedCache } from './signed-cache.js';

describe('SignedCache', () => {
  it('signs once per key and shares the answer', async () => {
    const cache = new SignedCache<number>(4);
    let calls = 0;
    const sign = () => Promise.resolve(`sig${++calls}`);
    expect(await Promise.all([cache.get(1, sign), cache.get(1, sign)])).toEqual(['sig1', 'sig1']);
    expect(calls).toBe(1);
  });

  it('reads a finished signature without waiting, and nothing while it is pending', async () => {
    const cache = new SignedCache<number>(4);
    let finish!: (v: string) => void;
    const pending = cache.get(7, () => new Promise<string>((r) => (finish = r)));
    expect(cache.settled(7)).toBeUndefined();
    expect(cache.settled(8)).toBeUndefined();
    finish('sig');
    await pending;
    expect(cache.settled<string>(7)).toBe('sig');
  });

  it('forgets a failed signing, so the next caller signs again', async () => {
    const cache = new SignedCache<number>(4);
    await expect(cache.get(1, () => Promise.reject(new Error('HSM down')))).rejects.toThrow();
    await Promise.resolve();
    expect(cache.settled(1)).toBeUndefined();
    expect(await cache.get(1, () => Promise.resolve('sig'))).toBe('sig');
  });

  it('drops the oldest signature past its size', async () => {
    const cache = new SignedCache<number>(2);
    for (const k of [1, 2, 3]) await cache.get(k, () => Promise.resolve(`sig${k}`));
    expect(cache.settled(1)).toBeUndefined();
    expect([cache.settled(2), cache.settled(3)]).toEqual(['sig2', 'sig3']);
  });
});
