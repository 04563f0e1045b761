import type { QueryResult } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PromiseFirstClient } from './pg-client.js';
import { testBackends, type TestDatabase } from './testing.js';

type Ask = (...args: unknown[]) => Promise<QueryResult>;
type Callback = (err: Error | null, res: QueryResult) => void;

describe.each(testBackends())('the pool’s client on $name', (backend) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await backend.open([]);
  });
  afterAll(async () => {
    await db.close();
  });

  /** Runs `fn` with a client borrowed from the DataSource's pool (the embedded one has one). */
  async function borrowed(fn: (ask: Ask, client: unknown) => Promise<void> | void): Promise<void> {
    const pool = (db.dataSource.driver as unknown as { master: { connect(): Promise<unknown> } })
      .master;
    const client = (await pool.connect()) as PromiseFirstClient & { release(): void };
    try {
      await fn((...args) => (client.query as unknown as Ask)(...args), client);
    } finally {
      client.release();
    }
  }

  it('is what the DataSource’s pool lends', () =>
    borrowed((_ask, client) => {
      expect(client).toBeInstanceOf(PromiseFirstClient);
    }));

  it('answers promise-form queries: text, text with values, and named statements', () =>
    borrowed(async (ask) => {
      expect((await ask('SELECT 1::int AS n')).rows).toEqual([{ n: 1 }]);
      expect((await ask('SELECT $1::text AS t', ['x'])).rows).toEqual([{ t: 'x' }]);
      const named = { name: 'probe_plus_one', text: 'SELECT $1::int + 1 AS n', values: [41] };
      expect((await ask(named)).rows).toEqual([{ n: 42 }]);
      expect((await ask({ ...named, values: [1] })).rows).toEqual([{ n: 2 }]);
    }));

  it('rejects with PostgreSQL’s error, its stack leading back to the caller', () =>
    borrowed(async (ask) => {
      const err = await ask('SELECT no_such_column').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Error);
      expect(err).toMatchObject({ code: '42703' });
      expect((err as Error).stack).toContain('pg-client.spec');
      // The connection stays usable.
      expect((await ask('SELECT 3::int AS n')).rows).toEqual([{ n: 3 }]);
    }));

  it('leaves the callback forms to pg', () =>
    borrowed(async (ask) => {
      const answer = (start: (done: Callback) => unknown) =>
        new Promise<QueryResult>((resolve, reject) => {
          expect(start((err, res) => (err ? reject(err) : resolve(res)))).toBeUndefined();
        });
      expect((await answer((done) => ask('SELECT $1::int AS n', [4], done))).rows).toEqual([
        { n: 4 },
      ]);
      expect((await answer((done) => ask('SELECT 5::int AS n', done))).rows).toEqual([{ n: 5 }]);
      expect(
        (await answer((done) => ask({ text: 'SELECT 6::int AS n', callback: done }))).rows,
      ).toEqual([{ n: 6 }]);
    }));

  it('runs TypeORM’s queries', async () => {
    expect(await db.dataSource.query('SELECT $1::int AS n', [7])).toEqual([{ n: 7 }]);
  });
});
