import { afterEach, describe, expect, it } from 'vitest';
import { WorkerPoolError, type SerializedError } from './error.js';
import { BatchWorkerPool, type WorkerPoolOptions } from './pool.js';
import { asBuffer, defaultThreadCount } from './threads.js';

const ECHO = new URL('../testdata/echo.worker.mjs', import.meta.url);

type Input = { op: string; n?: number; ms?: number };

const pools: BatchWorkerPool<Input, unknown>[] = [];
async function pool(options: Partial<WorkerPoolOptions> = {}) {
  const p = await BatchWorkerPool.start<Input, unknown>({ script: ECHO, threads: 1, ...options });
  pools.push(p);
  return p;
}
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

class TaskError extends Error {
  constructor(
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

describe('BatchWorkerPool', () => {
  it('answers every input in order, across batches and threads', async () => {
    const p = await pool({ threads: 2 });
    const first = await Promise.all(
      Array.from({ length: 300 }, (_, n) => p.run({ op: 'double', n })),
    );
    expect(first).toEqual(Array.from({ length: 300 }, (_, n) => n * 2));
    const later = await Promise.all(
      Array.from({ length: 5 }, (_, n) => p.run({ op: 'double', n })),
    );
    expect(later).toEqual([0, 2, 4, 6, 8]);
    expect(p.outstanding).toBe(0);
  });

  it('splits one turn’s inputs across the threads', async () => {
    const p = await pool({ threads: 2 });
    const threads = await Promise.all(Array.from({ length: 20 }, () => p.run({ op: 'thread' })));
    expect(new Set(threads).size).toBe(2);
  });

  it('rebuilds the task’s errors with reviveError, and fails only that input', async () => {
    const revived: SerializedError[] = [];
    const p = await pool({
      reviveError: (e) => {
        revived.push(e);
        return new TaskError(e.code, e.message);
      },
    });
    const [bad, good] = await Promise.allSettled([
      p.run({ op: 'throw', n: 7 }),
      p.run({ op: 'double', n: 7 }),
    ]);
    expect(good).toEqual({ status: 'fulfilled', value: 14 });
    expect(bad.status).toBe('rejected');
    const reason = (bad as PromiseRejectedResult).reason as TaskError;
    expect(reason).toBeInstanceOf(TaskError);
    expect(reason.code).toBe('BAD_INPUT');
    expect(reason.message).toBe('cannot take 7');
    expect(revived).toEqual([{ name: 'TaskError', message: 'cannot take 7', code: 'BAD_INPUT' }]);
  });

  it('keeps the name and message of an error by default; bytes come back as a Uint8Array', async () => {
    const p = await pool();
    const error = await p.run({ op: 'throw', n: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'TaskError', message: 'cannot take 1' });
    expect(await p.run({ op: 'bytes' })).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('refuses at once past maxQueued, and accepts again once drained', async () => {
    const p = await pool({ maxQueued: 3 });
    const accepted = [1, 2, 3].map(() => p.run({ op: 'wait', ms: 50 }));
    const refused = await p.run({ op: 'double', n: 1 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(WorkerPoolError);
    expect((refused as WorkerPoolError).code).toBe('OVERLOADED');
    expect(await Promise.all(accepted)).toEqual(['waited', 'waited', 'waited']);
    expect(await p.run({ op: 'double', n: 1 })).toBe(2);
  });

  it('fails the in-flight inputs of a worker that dies, and replaces it', async () => {
    const p = await pool();
    const results = await Promise.allSettled([
      p.run({ op: 'double', n: 1 }),
      p.run({ op: 'exit' }),
    ]);
    // One batch: the worker answered nothing before it exited.
    for (const r of results) {
      expect(r.status).toBe('rejected');
      const reason = (r as PromiseRejectedResult).reason as WorkerPoolError;
      expect(reason).toBeInstanceOf(WorkerPoolError);
      expect(reason.code).toBe('WORKER_FAILED');
      expect(reason.message).toMatch(/exited \(code 3\)/);
    }
    expect(p.outstanding).toBe(0);
    expect(await p.run({ op: 'double', n: 21 })).toBe(42);
  });

  it('answers a long batch in slices, so its first inputs do not wait for the last', async () => {
    const p = await pool();
    const settled: number[] = [];
    const spins = [0, 1, 2].map(() =>
      p.run({ op: 'spin', ms: 30 }).then(() => settled.push(Date.now())),
    );
    await Promise.all(spins);
    // One batch (one turn), each input 30 ms of work, each answered on its own.
    expect(settled[2]! - settled[0]!).toBeGreaterThanOrEqual(40);
    expect(p.outstanding).toBe(0);
  });

  it('keeps the answers a dying worker already sent, and fails only the rest', async () => {
    const p = await pool();
    const [spun, exited, after] = await Promise.allSettled([
      p.run({ op: 'spin', ms: 30 }),
      p.run({ op: 'exit' }),
      p.run({ op: 'double', n: 1 }),
    ]);
    expect(spun).toEqual({ status: 'fulfilled', value: 'spun' });
    for (const r of [exited, after]) {
      expect(r.status).toBe('rejected');
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'WORKER_FAILED' });
    }
    expect(p.outstanding).toBe(0);
    expect(await p.run({ op: 'double', n: 4 })).toBe(8);
  });

  it('fails the inputs of an answer the worker cannot post, and replaces the worker', async () => {
    const p = await pool();
    await expect(p.run({ op: 'function' })).rejects.toMatchObject({ code: 'WORKER_FAILED' });
    expect(await p.run({ op: 'double', n: 5 })).toBe(10);
    expect(p.outstanding).toBe(0);
  });

  it('refuses to start when the script cannot load', async () => {
    const error = await BatchWorkerPool.start({
      script: new URL('../testdata/broken.worker.mjs', import.meta.url),
      threads: 2,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkerPoolError);
    expect((error as WorkerPoolError).code).toBe('WORKER_FAILED');
    expect((error as WorkerPoolError).message).toMatch(/this script cannot load/);
  });

  it('refuses waiting and new inputs with CLOSED once closed', async () => {
    const p = await pool();
    const busy = p.run({ op: 'spin', ms: 100 });
    const closing = p.close();
    await expect(busy).rejects.toMatchObject({ code: 'CLOSED' });
    await closing;
    await expect(p.run({ op: 'double', n: 1 })).rejects.toMatchObject({ code: 'CLOSED' });
  });

  it('needs at least one thread', async () => {
    await expect(BatchWorkerPool.start({ script: ECHO, threads: 0 })).rejects.toThrow(RangeError);
  });
});

describe('thread helpers', () => {
  it('leaves the event loop a CPU and stays between 1 and 4 threads', () => {
    const n = defaultThreadCount();
    expect(n).toBeGreaterThanOrEqual(1);
    expect(n).toBeLessThanOrEqual(4);
  });

  it('views a cloned Uint8Array as a Buffer without copying', () => {
    const backing = new Uint8Array([9, 1, 2, 3, 9]);
    const view = asBuffer(backing.subarray(1, 4));
    expect(Buffer.isBuffer(view)).toBe(true);
    expect([...view]).toEqual([1, 2, 3]);
    view[0] = 7;
    expect(backing[1]).toBe(7);
  });
});
