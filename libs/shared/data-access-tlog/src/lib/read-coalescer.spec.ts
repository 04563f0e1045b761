import { describe, expect, it } from 'vitest';
import { ReadCoalescer } from './read-coalescer.js';

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe('ReadCoalescer', () => {
  it('sends a lone lookup at once and the same tick’s lookups with it', async () => {
    const calls: number[][] = [];
    const reads = new ReadCoalescer<number, string>((keys) => {
      calls.push(keys);
      return Promise.resolve(keys.map((k) => `v${k}`));
    });
    expect(await reads.get(1)).toBe('v1');
    expect(await Promise.all([reads.get(2), reads.get(3), reads.get(2)])).toEqual([
      'v2',
      'v3',
      'v2',
    ]);
    expect(calls).toEqual([[1], [2, 3, 2]]);
  });

  it('holds lookups while the queries in flight run, then sends them together', async () => {
    const calls: number[][] = [];
    const first = gate();
    const reads = new ReadCoalescer<number, number>(
      async (keys) => {
        calls.push(keys);
        if (calls.length === 1) await first.opened;
        return keys.map((k) => k * 10);
      },
      3,
      1,
    );
    const a = reads.get(1);
    await Promise.resolve();
    await Promise.resolve();
    const rest = [2, 3, 4, 5].map((k) => reads.get(k));
    await new Promise((r) => setTimeout(r, 5));
    expect(calls).toEqual([[1]]);
    first.open();
    expect(await a).toBe(10);
    expect(await Promise.all(rest)).toEqual([20, 30, 40, 50]);
    expect(calls).toEqual([[1], [2, 3, 4], [5]]);
  });

  it('fails every lookup of a failed or short read, and keeps serving the next ones', async () => {
    let mode: 'fail' | 'short' | 'ok' = 'fail';
    const reads = new ReadCoalescer<number, number>((keys) => {
      if (mode === 'fail') return Promise.reject(new Error('database down'));
      return Promise.resolve(mode === 'short' ? keys.slice(1) : keys);
    });
    const failed = await Promise.allSettled([reads.get(1), reads.get(2)]);
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    mode = 'short';
    await expect(Promise.all([reads.get(1), reads.get(2)])).rejects.toThrow(/2 keys gave 1/);
    mode = 'ok';
    expect(await reads.get(7)).toBe(7);
  });
});
