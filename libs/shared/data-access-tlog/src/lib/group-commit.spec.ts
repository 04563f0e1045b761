import { describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit.js';

/** A batch runner whose batches finish only when the test says so. */
function controlled() {
  const batches: number[][] = [];
  const gates: (() => void)[] = [];
  const run = async (items: number[]) => {
    batches.push(items);
    await new Promise<void>((resolve) => gates.push(resolve));
    return items.map((i) => i * 10);
  };
  const release = async () => {
    while (gates.length === 0) await new Promise((r) => setImmediate(r));
    gates.shift()!();
  };
  return { batches, run, release };
}

describe('GroupCommit', () => {
  it('batches what arrives while a batch is in flight, bounded by maxBatch', async () => {
    const c = controlled();
    const q = new GroupCommit(c.run, 3, 100);
    const first = q.submit([1, 2]);
    const second = q.submit([3]);
    await c.release(); // batch [1, 2, 3]: same-tick submissions share the first batch
    const rest = [q.submit([4]), q.submit([5, 6]), q.submit([7]), q.submit([8])];
    expect(q.length).toBe(5);
    await c.release();
    await c.release();
    expect(await first).toEqual([10, 20]);
    expect(await second).toEqual([30]);
    expect(await Promise.all(rest)).toEqual([[40], [50, 60], [70], [80]]);
    expect(c.batches).toEqual([
      [1, 2, 3],
      [4, 5, 6],
      [7, 8],
    ]);
  });

  it('pushes back when the queue is full, all or nothing', async () => {
    const c = controlled();
    const q = new GroupCommit(c.run, 2, 4);
    const accepted = q.submit([1, 2, 3, 4]);
    await expect(q.submit([5])).rejects.toMatchObject({ name: 'LogError', code: 'PUSHBACK' });
    await c.release();
    // Two left the queue with the first batch, so two more fit, but not three.
    await expect(q.submit([5, 6, 7])).rejects.toMatchObject({ code: 'PUSHBACK' });
    const more = q.submit([5, 6]);
    await c.release();
    await c.release();
    expect(await accepted).toEqual([10, 20, 30, 40]);
    expect(await more).toEqual([50, 60]);
  });

  it('fails every item of a failed batch and carries on with the next', async () => {
    let calls = 0;
    const q = new GroupCommit(
      (items: number[]) =>
        calls++ === 0 ? Promise.reject(new Error('boom')) : Promise.resolve(items),
      10,
      10,
    );
    const a = q.submit([1]);
    const b = q.submit([2]);
    await expect(a).rejects.toThrow('boom');
    await expect(b).rejects.toThrow('boom');
    expect(await q.submit([3])).toEqual([3]);
  });

  it('finishes queued work on close and then refuses more', async () => {
    const c = controlled();
    const q = new GroupCommit(c.run, 1, 10);
    const a = q.submit([1]);
    const b = q.submit([2]);
    const closed = q.close();
    await c.release();
    await c.release();
    await closed;
    expect(await Promise.all([a, b])).toEqual([[10], [20]]);
    await expect(q.submit([3])).rejects.toMatchObject({ code: 'CLOSED' });
    await q.close();
  });
});
