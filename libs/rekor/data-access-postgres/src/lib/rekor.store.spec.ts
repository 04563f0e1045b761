import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { testBackends, type TestDatabase } from '@sigstead/data-access-db';
import { hashLeaf } from '@sigstead/util-merkle';
import { RekorMigrations } from './migration.js';
import { PostgresRekorStore, storedIndexKey } from './rekor.store.js';

const body = (i: number) => Buffer.from(JSON.stringify({ kind: 'test', n: i }));
const digestKey = (i: number) => `sha256:${createHash('sha256').update(`a${i}`).digest('hex')}`;

describe('storedIndexKey', () => {
  it('keeps a storable key, hashes a long one or one with a NUL, and drops the empty one', () => {
    expect(storedIndexKey('alice@example.com')).toBe('alice@example.com');
    expect(storedIndexKey('x'.repeat(512))).toBe('x'.repeat(512));
    const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
    expect(storedIndexKey('x'.repeat(513))).toBe(`key-sha256:${sha('x'.repeat(513))}`);
    expect(storedIndexKey('sha256:a\0b')).toBe(`key-sha256:${sha('sha256:a\0b')}`);
    expect(storedIndexKey('')).toBeUndefined();
    // A key written like a hashed one is hashed as well: it cannot be taken for the key it names.
    const named = `key-sha256:${sha('x'.repeat(513))}`;
    expect(storedIndexKey(named)).toBe(`key-sha256:${sha(named)}`);
  });
});

describe.each(testBackends())('PostgresRekorStore on $name', (backend) => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await backend.open([...RekorMigrations]);
    ds = db.dataSource;
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  const append = (store: PostgresRekorStore, i: number, keys = [digestKey(i)]) =>
    store.append({ body: body(i), indexKeys: keys }, hashLeaf(body(i)));

  it('stores each entry once under its leaf hash, with its index keys and no identity copy', async () => {
    const store = await PostgresRekorStore.open(ds);
    const results = await Promise.all([0, 1, 2, 1].map((i) => append(store, i)));
    expect(results.map((r) => [r.index, r.duplicate])).toEqual([
      [0n, false],
      [1n, false],
      [2n, false],
      [1n, true],
    ]);
    expect((await append(store, 0)).duplicate).toBe(true);
    expect(results[2]!.identity).toEqual(hashLeaf(body(2)));
    const rows = await ds.query<{ n: number; with_identity: number }[]>(
      `SELECT count(*)::int AS n, count(identity)::int AS with_identity FROM "rekor".leaves`,
    );
    expect(rows).toEqual([{ n: 3, with_identity: 0 }]);
    expect(await store.search({ groups: [[digestKey(1)]], operator: 'or', limit: 10 })).toEqual([
      { index: 1n, leafHash: hashLeaf(body(1)) },
    ]);
    // Neither the identity's unique index nor the search index's foreign key is left.
    const constraints = await ds.query<{ conname: string }[]>(
      `SELECT conname FROM pg_constraint WHERE conrelid IN ('"rekor".leaves'::regclass,
         '"rekor".index_keys'::regclass) ORDER BY conname`,
    );
    expect(constraints.map((c) => c.conname)).not.toContain('leaves_identity_key');
    expect(constraints.map((c) => c.conname)).not.toContain('index_keys_idx_fkey');
    await store.close();
  });

  it('reverts both migrations on a populated log and applies them again', async () => {
    await ds.undoLastMigration({ transaction: 'all' });
    await ds.undoLastMigration({ transaction: 'all' });
    const filled = await ds.query<{ same: boolean }[]>(
      `SELECT identity = leaf_hash AS same FROM "rekor".leaves ORDER BY idx`,
    );
    expect(filled).toEqual([{ same: true }, { same: true }, { same: true }]);
    await expect(
      ds.query(`INSERT INTO "rekor".index_keys (key, idx) VALUES ('k', 99)`),
    ).rejects.toThrow(/foreign key/);
    await ds.runMigrations({ transaction: 'all' });
    const store = await PostgresRekorStore.open(ds);
    const next = await append(store, 3);
    expect(next).toMatchObject({ index: 3n, duplicate: false });
    expect((await append(store, 2)).index).toBe(2n); // found by leaf hash; it kept its identity copy
    const identities = await ds.query<{ identity: Buffer | null }[]>(
      `SELECT identity FROM "rekor".leaves ORDER BY idx`,
    );
    expect(identities.map((r) => r.identity === null)).toEqual([false, false, false, true]);
    await store.close();
  });

  it('indexes keys the column cannot hold as they are without failing their batch', async () => {
    const store = await PostgresRekorStore.open(ds);
    const long = `https://ci.example/${'a'.repeat(600)}`;
    const [odd, plain] = await Promise.all([
      append(store, 100, [long, 'sha256:a\0b', '', digestKey(100)]),
      append(store, 101),
    ]);
    expect([odd.duplicate, plain.duplicate]).toEqual([false, false]);
    for (const key of [long, 'sha256:a\0b', digestKey(100)]) {
      const hits = await store.search({ groups: [[key]], operator: 'or', limit: 10 });
      expect(hits.map((h) => h.index)).toEqual([odd.index]);
    }
    expect(await store.search({ groups: [[long], ['']], operator: 'and', limit: 10 })).toEqual([]);
    const rows = await ds.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM "rekor".index_keys WHERE idx = $1`,
      [odd.index.toString()],
    );
    expect(rows).toEqual([{ n: 3 }]);
    await store.close();
  });

  it('refuses appends past its queue bound with PUSHBACK instead of queueing them', async () => {
    const store = await PostgresRekorStore.open(ds, { maxBatchSize: 1, maxQueueSize: 2 });
    const results = await Promise.allSettled([200, 201, 202, 203].map((i) => append(store, i)));
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'rejected',
    ]);
    expect((results[2] as PromiseRejectedResult).reason).toMatchObject({ code: 'PUSHBACK' });
    await store.close();
  });
});
