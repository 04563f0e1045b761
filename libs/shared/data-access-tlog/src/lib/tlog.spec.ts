import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { openDatabase, testBackends } from '@sigstead/data-access-db';
import type { TestDatabase } from '@sigstead/data-access-db';
import { CompactRange, hashLeaf, verifyConsistency, verifyInclusion } from '@sigstead/util-merkle';
import {
  createTlogLeafHashIdentityMigration,
  createTlogMigration,
  createTlogSealMigration,
} from './migration.js';
import { TransparencyLog } from './tlog.js';
import type { AppendResult, LogEntry, LogItem } from './types.js';

const SCHEMAS = [
  'basic',
  'dedup',
  'proofs',
  'multi',
  'pushback',
  'hook',
  'restart',
  'big',
  'corrupt',
  'reads',
  'seal',
  'edge',
  'strict',
];
/** Logs whose items may omit their identity (the leaf hash is it). */
const LEAF_HASH_SCHEMAS = ['hashid', 'hashrace'];

const item = (i: number, tag = 'x') =>
  ({
    identity: Buffer.from(`${tag}-id-${i}`),
    leafData: Buffer.from(`${tag}-leaf-${i}`),
    extra: Buffer.from(`${tag}-extra-${i}`),
  }) satisfies LogItem;
const items = (from: number, to: number, tag = 'x') =>
  Array.from({ length: to - from }, (_, k) => item(from + k, tag));
const code = (c: string): Error => expect.objectContaining({ name: 'LogError', code: c }) as Error;

/** Roots of every prefix of the log, recomputed from the stored leaves (independent of tiles). */
async function rootsFromLeaves(log: TransparencyLog, size: bigint): Promise<Buffer[]> {
  const range = CompactRange.empty();
  const roots = [range.root()];
  for (let at = 0n; at < size;) {
    const rows = await log.getLeaves(at, size);
    for (const row of rows) {
      expect(row.index).toBe(range.size);
      expect(row.leafHash).toEqual(hashLeaf(row.leafData));
      range.append(row.leafHash);
      roots.push(range.root());
    }
    at += BigInt(rows.length);
  }
  return roots;
}

describe.each(testBackends())('TransparencyLog on $name', (backend) => {
  let db: TestDatabase;
  let ds: DataSource;
  const open = (
    schema: string,
    extra: Partial<ConstructorParameters<typeof TransparencyLog>[1]> = {},
  ) => new TransparencyLog(ds, { schema, ...extra });

  beforeAll(async () => {
    db = await backend.open([
      ...SCHEMAS.flatMap((s) => [createTlogMigration(s), createTlogSealMigration(s)]),
      ...LEAF_HASH_SCHEMAS.flatMap((s) => [
        createTlogMigration(s),
        createTlogSealMigration(s),
        createTlogLeafHashIdentityMigration(s),
      ]),
    ]);
    ds = db.dataSource;
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  it('starts empty and appends with contiguous indices, answering with a tree that covers each entry', async () => {
    const log = open('basic');
    await log.init();
    const head0 = await log.getTreeHead();
    expect(head0.size).toBe(0n);
    expect(head0.updatedAt).toBeInstanceOf(Date);

    const single = await log.append(item(0));
    expect(single).toMatchObject({ index: 0n, duplicate: false, treeSize: 1n });
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => log.append(item(i + 1))),
    );
    const batch = await log.append(items(41, 60));
    const all = [single, ...results, ...batch];
    expect(all.map((r) => r.index).sort((a, b) => Number(a - b))).toEqual(
      all.map((_, i) => BigInt(i)),
    );

    const head = await log.getTreeHead();
    expect(head.size).toBe(60n);
    const roots = await rootsFromLeaves(log, head.size);
    for (const r of all) {
      expect(r.treeSize > r.index).toBe(true);
      expect(r.rootHash).toEqual(roots[Number(r.treeSize)]);
      expect(r.leafHash).toEqual(hashLeaf(r.leafData));
      expect(r.extra).toEqual(Buffer.from(`x-extra-${r.index}`));
    }
    expect(head.rootHash).toEqual(roots[60]);
    expect(await log.rootAt(37n)).toEqual(roots[37]);
    await log.close();
  });

  it('resolves duplicates within a batch and across batches to the original entry', async () => {
    const log = open('dedup', { clock: () => 1_700_000_000_000 });
    const first = await log.append(items(0, 5, 'd'));
    const again = await log.append([
      item(2, 'd'), // same identity as index 2
      item(9, 'd'), // new
      { ...item(9, 'd'), extra: Buffer.from('other') }, // repeated in the same batch
      { identity: Buffer.from('another-identity'), leafData: item(3, 'd').leafData }, // same leaf
      { identity: item(4, 'd').identity, leafData: Buffer.from('different leaf') }, // same identity
    ]);
    expect(again.map((r) => [r.index, r.duplicate])).toEqual([
      [2n, true],
      [5n, false],
      [5n, true],
      [3n, true],
      [4n, true],
    ]);
    const { index, leafHash, identity, leafData, extra, integratedAt } = first[2]!;
    expect(again[0]).toMatchObject({
      index,
      leafHash,
      identity,
      leafData,
      extra,
      integratedAt,
      treeSize: 6n,
    });
    expect(again[2]!.extra).toEqual(Buffer.from('d-extra-9'));
    expect(again[0]!.integratedAt).toBe(1_700_000_000_000);
    const replay = await log.append(items(0, 5, 'd'));
    expect(replay.every((r) => r.duplicate && r.treeSize === 6n)).toBe(true);
    expect((await log.getTreeHead()).size).toBe(6n);
    await expect(ds.query('SELECT count(*)::int AS n FROM "dedup".leaves')).resolves.toEqual([
      { n: 6 },
    ]);
  });

  it('appends items without an identity, storing none and resolving duplicates by leaf hash', async () => {
    const log = open('hashid');
    const bare = (i: number): LogItem => ({ leafData: Buffer.from(`h-leaf-${i}`) });
    const first = await log.append([bare(0), bare(1), bare(0), item(2, 'h')]);
    expect(first.map((r) => [r.index, r.duplicate])).toEqual([
      [0n, false],
      [1n, false],
      [0n, true],
      [2n, false],
    ]);
    expect(first[0]!.identity).toEqual(hashLeaf(bare(0).leafData));
    expect(first[3]!.identity).toEqual(item(2, 'h').identity);
    const again = await log.append([
      bare(1), // stored, found by leaf hash
      { identity: Buffer.from('named'), leafData: bare(0).leafData }, // same leaf, any identity
      { leafData: item(2, 'h').leafData }, // the leaf of an entry stored with an identity
      bare(3),
    ]);
    expect(again.map((r) => [r.index, r.duplicate])).toEqual([
      [1n, true],
      [0n, true],
      [2n, true],
      [3n, false],
    ]);
    const rows = await ds.query<{ idx: string; identity: Buffer | null }[]>(
      `SELECT idx, identity FROM "hashid".leaves ORDER BY idx`,
    );
    expect(rows.map((r) => [r.idx, r.identity])).toEqual([
      ['0', null],
      ['1', null],
      ['2', item(2, 'h').identity],
      ['3', null],
    ]);
    // Reads give the leaf hash as the identity of entries stored without one.
    expect((await log.getByIndex(3n))!.identity).toEqual(hashLeaf(bare(3).leafData));
    expect((await log.getLeaves(0n, 4n)).map((e) => e.identity)).toEqual(
      first
        .slice(0, 2)
        .map((r) => r.leafHash)
        .concat([item(2, 'h').identity, again[3]!.leafHash]),
    );
    expect(await log.getByIdentity(hashLeaf(bare(3).leafData))).toBeNull();
    expect((await log.getByLeafHash(hashLeaf(bare(3).leafData)))!.index).toBe(3n);
    // A log whose schema keeps identities required refuses the batch, and stores nothing of it.
    const strict = open('strict');
    await expect(strict.append({ leafData: Buffer.from('no identity') })).rejects.toThrow(
      code('STORAGE'),
    );
    expect((await strict.getTreeHead()).size).toBe(0n);
    expect((await strict.append(item(0, 'h'))).index).toBe(0n);
  });

  it('resolves identity-less duplicates under the lock when two engines race', async () => {
    const sealed: [bigint, number][] = [];
    const seal = (entries: readonly LogEntry[]) => {
      sealed.push([entries[0]!.index, entries.length]);
      return Promise.resolve(entries.map(() => new Uint8Array([1])));
    };
    const a = open('hashrace', { seal });
    const b = open('hashrace', { seal });
    await a.init();
    await b.init();
    const bare = (i: number): LogItem => ({ leafData: Buffer.from(`r-leaf-${i}`) });
    // Both engines know tree size 0 and submit overlapping items: one swap wins, the other batch
    // goes the locked way and finds the winner's leaves by hash.
    const results = await Promise.all([
      a.append([0, 1, 2, 3].map(bare)),
      b.append([2, 3, 4, 5].map(bare)),
    ]);
    const byLeaf = new Map<string, bigint>();
    for (const r of results.flat()) {
      const key = r.leafData.toString();
      if (byLeaf.has(key)) expect(r.index).toBe(byLeaf.get(key));
      else byLeaf.set(key, r.index);
    }
    expect([...byLeaf.values()].sort()).toEqual([0n, 1n, 2n, 3n, 4n, 5n]);
    expect(results.flat().filter((r) => r.duplicate)).toHaveLength(2);
    // Both sealed four entries at index 0; the loser sealed its two new ones again at index 4.
    expect(sealed).toEqual([
      [0n, 4],
      [0n, 4],
      [4n, 2],
    ]);
    expect((await a.getTreeHead()).size).toBe(6n);
    const roots = await rootsFromLeaves(a, 6n);
    expect((await b.getTreeHead()).rootHash).toEqual(roots[6]);
  });

  it('serves proofs that verify, across tile boundaries and after a restart', async () => {
    const log = open('proofs', { maxBatchSize: 100 });
    const sizes = [1, 2, 3, 7, 8, 255, 256, 257, 300, 511, 512, 513, 600];
    const heads = new Map<number, Buffer>();
    let appended = 0;
    for (const size of sizes) {
      const res = await log.append(items(appended, size, 'p'));
      appended = size;
      expect(res.at(-1)!.treeSize).toBe(BigInt(size));
      heads.set(size, res.at(-1)!.rootHash);
    }
    const roots = await rootsFromLeaves(log, 600n);
    const check = async (l: TransparencyLog) => {
      for (const size of sizes) {
        for (const index of new Set([0, size - 1, size >> 1, (size * 7) >> 3])) {
          const proof = await l.inclusionProof(BigInt(index), BigInt(size));
          expect(proof.rootHash).toEqual(roots[size]);
          verifyInclusion(
            index,
            size,
            hashLeaf(item(index, 'p').leafData),
            proof.hashes,
            heads.get(size)!,
          );
        }
        for (const size1 of sizes.filter((s) => s <= size)) {
          const c = await l.consistencyProof(BigInt(size1), BigInt(size));
          verifyConsistency(size1, size, c.hashes, roots[size1]!, roots[size]!);
        }
      }
      const byHash = await l.inclusionProofByLeafHash(hashLeaf(item(299, 'p').leafData), 513n);
      expect(byHash.index).toBe(299n);
      verifyInclusion(299, 513, hashLeaf(item(299, 'p').leafData), byHash.hashes, roots[513]!);
    };
    await check(log);
    // A fresh engine (empty caches, nothing in memory) resumes from the stored state.
    const restarted = open('proofs', { tileCacheSize: 2 });
    await check(restarted);
    const more = await restarted.append(
      items(600, 610, 'p').map(({ identity, leafData }) => ({ identity, leafData })),
    );
    expect(more[0]!.extra).toBeNull();
    expect(more.map((r) => r.index)).toEqual(Array.from({ length: 10 }, (_, i) => BigInt(600 + i)));
    expect(more.at(-1)!.rootHash).toEqual((await rootsFromLeaves(restarted, 610n))[610]);
  });

  it('keeps one contiguous log when two engines append concurrently', async () => {
    // Two DataSources on a server; the embedded database has one connection, so share it.
    const other =
      db.kind === 'postgres'
        ? await openDatabase({ url: db.location.url!, migrations: [] })
        : undefined;
    const a = open('multi', { maxBatchSize: 16 });
    const b = new TransparencyLog(other?.dataSource ?? ds, { schema: 'multi', maxBatchSize: 16 });
    try {
      const work: Promise<AppendResult>[] = [];
      for (let i = 0; i < 300; i++) work.push((i % 2 === 0 ? a : b).append(item(i % 250, 'm')));
      const results = await Promise.all(work);
      const fresh = results.filter((r) => !r.duplicate);
      expect(fresh).toHaveLength(250);
      expect(fresh.map((r) => r.index).sort((x, y) => Number(x - y))).toEqual(
        Array.from({ length: 250 }, (_, i) => BigInt(i)),
      );
      for (const r of results) {
        expect(r.index).toBe(fresh.find((f) => f.identity.equals(r.identity))!.index);
      }
      const roots = await rootsFromLeaves(a, 250n);
      expect((await b.getTreeHead()).rootHash).toEqual(roots[250]);
      for (const r of results) expect(r.rootHash).toEqual(roots[Number(r.treeSize)]);
      const p = await b.inclusionProof(7n, 250n);
      verifyInclusion(7, 250, results.find((r) => r.index === 7n)!.leafHash, p.hashes, roots[250]!);
    } finally {
      await other?.close();
    }
  });

  it('pushes back when the queue is full', async () => {
    const log = open('pushback', { maxBatchSize: 8, maxQueueSize: 16 });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 60 }, (_, i) => log.append(item(i, 'q'))),
    );
    const rejected = outcomes.filter((o) => o.status === 'rejected');
    expect(rejected.length).toBeGreaterThan(0);
    for (const o of rejected)
      expect(o.reason).toMatchObject({ name: 'LogError', code: 'PUSHBACK' });
    const ok = outcomes.filter((o) => o.status === 'fulfilled');
    expect((await log.getTreeHead()).size).toBe(BigInt(ok.length));
    await expect(log.append(items(0, 17, 'big'))).rejects.toThrow(code('PUSHBACK'));
    expect(log.queueLength).toBe(0);
    await log.close();
    await expect(log.append(item(1000, 'q'))).rejects.toThrow(code('CLOSED'));
  });

  it('writes the batch hook’s rows with the batch, and fails the whole batch when they cannot be written', async () => {
    await ds.query('CREATE TABLE "hook".index_keys (idx bigint PRIMARY KEY, key text NOT NULL)');
    let fail = false;
    const log = open('hook', {
      onBatch: (entries) => ({
        into: '"hook".index_keys (idx, key)',
        select: (param) =>
          `SELECT * FROM unnest(${param(entries.map((e) => e.index.toString()))}::bigint[], ${param(
            entries.map((e) => (fail ? null : e.identity.toString())),
          )}::text[])`,
      }),
    });
    await log.append(items(0, 3, 'h'));
    fail = true;
    await expect(log.append(items(3, 5, 'h'))).rejects.toThrow(code('STORAGE'));
    fail = false;
    const after = await log.append(items(5, 6, 'h'));
    expect(after[0]!.index).toBe(3n);
    expect(await ds.query('SELECT idx::int, key FROM "hook".index_keys ORDER BY idx')).toEqual([
      { idx: 0, key: 'h-id-0' },
      { idx: 1, key: 'h-id-1' },
      { idx: 2, key: 'h-id-2' },
      { idx: 3, key: 'h-id-5' },
    ]);
    expect((await log.getTreeHead()).size).toBe(4n);
    expect(await log.getByIdentity(item(3, 'h').identity)).toBeNull();
  });

  it('stores each new entry’s seal with it, re-seals a retried batch, and stores nothing when sealing fails', async () => {
    // The seal names the index and time it was made for, so a stale one would show.
    const sealOf = (e: { index: bigint; integratedAt: number }) =>
      Buffer.from(`seal ${e.index} ${e.integratedAt}`);
    let fail: 'throw' | 'short' | undefined;
    const calls: bigint[][] = [];
    const seal = (entries: readonly { index: bigint; integratedAt: number }[]) => {
      calls.push(entries.map((e) => e.index));
      if (fail === 'throw') return Promise.reject(new Error('the key is gone'));
      const seals = entries.map(sealOf);
      return Promise.resolve(fail === 'short' ? seals.slice(1) : seals);
    };
    const a = open('seal', { seal });
    const b = open('seal', { seal });
    const first = await a.append(items(0, 3, 's'));
    expect(first.map((r) => r.seal)).toEqual(first.map(sealOf));
    // Two engines that both know tree size 3 race: both seal indices 3–17, one swap loses, and
    // its batch is sealed again under the lock with indices 18–32.
    await b.init();
    calls.length = 0;
    const raced = await Promise.all(
      Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).append(item(i + 3, 's'))),
    );
    for (const r of raced) expect(r.seal).toEqual(sealOf(r));
    expect(calls.map((c) => [c[0], c.length])).toEqual([
      [3n, 15],
      [3n, 15],
      [18n, 15],
    ]);
    const dup = await b.append([item(1, 's'), item(40, 's'), item(40, 's')]);
    expect(dup.map((r) => [r.index, r.duplicate])).toEqual([
      [1n, true],
      [33n, false],
      [33n, true],
    ]);
    expect(dup[0]!.seal).toEqual(first[1]!.seal);
    expect(dup[2]!.seal).toEqual(dup[1]!.seal);
    expect(calls.at(-1)).toEqual([33n]); // only new entries are sealed
    for (const e of await a.getLeaves(0n, 34n)) expect(e.seal).toEqual(sealOf(e));
    expect((await b.getByIndex(20n))!.seal).toEqual(sealOf((await a.getByIndex(20n)) as LogEntry));

    for (const how of ['throw', 'short'] as const) {
      fail = how;
      await expect(a.append(item(50, 's'))).rejects.toThrow(code('SEALING'));
    }
    fail = undefined;
    expect((await a.getTreeHead()).size).toBe(34n);
    expect(await a.getByIdentity(item(50, 's').identity)).toBeNull();
    expect((await a.append(item(50, 's'))).index).toBe(34n);
    // A log without a sealer stores none.
    expect((await open('seal').append(item(51, 's'))).seal).toBeNull();
  });

  it('resumes from tree_state with a new engine and keeps tiles and leaves in step', async () => {
    const first = open('restart');
    await first.append(items(0, 300, 'r'));
    await first.close();
    const second = open('restart');
    await second.init();
    const res = await second.append(items(300, 301, 'r'));
    expect(res[0]).toMatchObject({ index: 300n, treeSize: 301n });
    const roots = await rootsFromLeaves(second, 301n);
    expect(res[0]!.rootHash).toEqual(roots[301]);
    // Level 0's partial tile is read from the leaves; only the full one is stored.
    const stored = await ds.query<{ level: number; idx: string; width: number }[]>(
      `SELECT level, idx, width FROM "restart".tiles ORDER BY level, idx`,
    );
    expect(stored).toEqual([
      { level: 0, idx: '0', width: 256 },
      { level: 1, idx: '0', width: 1 },
    ]);
  });

  it('refuses to run on tiles that disagree with tree_state', async () => {
    const log = open('corrupt');
    await log.append(items(0, 10, 'c'));
    await ds.query(`UPDATE "corrupt".tree_state SET root_hash = $1`, [Buffer.alloc(32, 7)]);
    await expect(open('corrupt').init()).rejects.toThrow(code('INCONSISTENT'));
    await expect(log.append(item(11, 'c'))).rejects.toThrow(code('INCONSISTENT'));
    await ds.query(`DELETE FROM "corrupt".tiles`);
    await expect(open('corrupt').init()).rejects.toThrow(code('INCONSISTENT'));
    await ds.query(`DELETE FROM "corrupt".tree_state`);
    await expect(open('corrupt').getTreeHead()).rejects.toThrow(code('INCONSISTENT'));
    await expect(open('corrupt').init()).rejects.toThrow(code('INCONSISTENT'));
  });

  it("reads level 0's partial tile from the leaves, takes an older stored one, and refuses gaps", async () => {
    const first = open('edge');
    await first.append(items(0, 260, 'g'));
    const roots = await rootsFromLeaves(first, 260n);
    // A fresh engine (a replica, or a restart) has nothing cached: the edge and the proofs into the
    // partial tile 0/1 come from the leaves.
    const replica = open('edge');
    await replica.init();
    for (const [index, size] of [
      [258, 260],
      [259, 260],
      [3, 259],
      [256, 257],
    ] as const) {
      const p = await replica.inclusionProof(BigInt(index), BigInt(size));
      verifyInclusion(index, size, hashLeaf(item(index, 'g').leafData), p.hashes, roots[size]!);
    }
    const c = await open('edge').consistencyProof(257n, 260n);
    verifyConsistency(257, 260, c.hashes, roots[257]!, roots[260]!);
    // A narrower row for that tile, as an earlier version stored it, changes nothing.
    await ds.query(`INSERT INTO "edge".tiles (level, idx, width, hashes) VALUES (0, 1, 1, $1)`, [
      hashLeaf(item(256, 'g').leafData),
    ]);
    const after = open('edge');
    const res = await after.append(item(260, 'g'));
    expect(res).toMatchObject({ index: 260n, treeSize: 261n });
    expect(res.rootHash).toEqual((await rootsFromLeaves(after, 261n))[261]);
    // A leaf missing inside the tile, or at its end, is a broken store.
    await ds.query(`DELETE FROM "edge".leaves WHERE idx = 258`);
    await expect(open('edge').init()).rejects.toThrow(code('INCONSISTENT'));
    await ds.query(`DELETE FROM "edge".leaves WHERE idx >= 258`);
    await expect(open('edge').init()).rejects.toThrow(code('INCONSISTENT'));
  });

  it('reads entries by index range, identity, leaf hash and index, and validates arguments', async () => {
    const log = open('reads', { maxLeavesPerRead: 4 });
    await log.append(items(0, 10, 'e'));
    expect((await log.getLeaves(2n, 100n)).map((e) => e.index)).toEqual([2n, 3n, 4n, 5n]);
    expect((await log.getLeaves('8', 10)).map((e) => e.index)).toEqual([8n, 9n]);
    expect(await log.getLeaves(20n, 30n)).toEqual([]);
    expect((await log.getByIndex(3n))!.leafData).toEqual(item(3, 'e').leafData);
    expect((await log.getByIdentity(item(4, 'e').identity))!.index).toBe(4n);
    expect((await log.getByLeafHash(hashLeaf(item(5, 'e').leafData)))!.index).toBe(5n);
    expect(await log.getByIndex(99n)).toBeNull();
    // Lookups made together share a query; each still gets its own entry, repeats and misses too.
    const byIndex = await Promise.all([7n, 99n, 0n, 7n, 9n].map((i) => log.getByIndex(i)));
    expect(byIndex.map((e) => e?.index ?? null)).toEqual([7n, null, 0n, 7n, 9n]);
    expect(byIndex[0]!.leafData).toEqual(item(7, 'e').leafData);
    const hashes = [2, 6].map((i) => hashLeaf(item(i, 'e').leafData));
    const byHash = await Promise.all(
      [...hashes, hashLeaf(Buffer.from('absent'))].map((h) => log.getByLeafHash(h)),
    );
    expect(byHash.map((e) => e?.index ?? null)).toEqual([2n, 6n, null]);

    await expect(log.getLeaves(5n, 5n)).rejects.toThrow(code('INVALID_ARGUMENT'));
    await expect(log.getByIndex(-1n)).rejects.toThrow(code('INVALID_ARGUMENT'));
    await expect(log.inclusionProof(0n, 11n)).rejects.toThrow(code('INVALID_ARGUMENT'));
    await expect(log.inclusionProof(10n, 10n)).rejects.toThrow(code('INVALID_ARGUMENT'));
    await expect(log.inclusionProof(0n, 0n)).rejects.toThrow(code('INVALID_ARGUMENT'));
    await expect(log.inclusionProof('x', 5n)).rejects.toThrow(code('INVALID_ARGUMENT'));
    await expect(log.consistencyProof(0n, 5n)).rejects.toThrow(code('INVALID_ARGUMENT'));
    await expect(log.consistencyProof(6n, 5n)).rejects.toThrow(code('INVALID_ARGUMENT'));
    await expect(log.rootAt(11n)).rejects.toThrow(code('INVALID_ARGUMENT'));
    await expect(log.inclusionProofByLeafHash(Buffer.alloc(32), 10n)).rejects.toThrow(
      code('NOT_FOUND'),
    );
    await expect(log.inclusionProofByLeafHash(hashLeaf(item(9, 'e').leafData), 9n)).rejects.toThrow(
      code('NOT_FOUND'),
    );
    expect((await log.consistencyProof(10n, 10n)).hashes).toEqual([]);

    const bad = [
      { identity: Buffer.alloc(0), leafData: Buffer.from('x') },
      { identity: 'id', leafData: Buffer.from('x') },
      { identity: Buffer.from('id'), leafData: 'x' },
      { identity: Buffer.from('id'), leafData: Buffer.from('x'), extra: 'x' },
      { identity: null, leafData: Buffer.from('x') },
      null,
    ];
    for (const b of bad)
      await expect(log.append(b as never)).rejects.toThrow(code('INVALID_ARGUMENT'));
    expect((await log.getTreeHead()).size).toBe(10n);
  });

  it('grows to 65,536+ leaves in batches with proofs at the level-2 tile boundary', async () => {
    const log = open('big');
    const total = 65_536 + 3;
    const chunk = 4096;
    let last: AppendResult | undefined;
    for (let at = 0; at < total; at += chunk) {
      const res = await log.append(items(at, Math.min(total, at + chunk), 'b'));
      last = res.at(-1);
    }
    expect(last!.treeSize).toBe(BigInt(total));
    const range = CompactRange.empty();
    const leaves = items(0, total, 'b').map((i) => hashLeaf(i.leafData));
    const roots = new Map<number, Buffer>();
    leaves.forEach((h, i) => {
      range.append(h);
      if ([65_535, 65_536, 65_537, total].includes(i + 1)) roots.set(i + 1, range.root());
    });
    expect(last!.rootHash).toEqual(roots.get(total));
    for (const size of [65_535, 65_536, 65_537, total]) {
      for (const index of [0, 255, 256, 65_535 % size, size - 1]) {
        const p = await log.inclusionProof(BigInt(index), BigInt(size));
        verifyInclusion(index, size, leaves[index]!, p.hashes, roots.get(size)!);
      }
    }
    const c = await log.consistencyProof(65_535n, BigInt(total));
    verifyConsistency(65_535, total, c.hashes, roots.get(65_535)!, roots.get(total)!);
    const tiles = await ds.query<{ level: number; n: number; min: number }[]>(
      `SELECT level, count(*)::int AS n, min(width) AS min FROM "big".tiles GROUP BY level ORDER BY level`,
    );
    expect(tiles).toEqual([
      { level: 0, n: 256, min: 256 },
      { level: 1, n: 1, min: 256 },
      { level: 2, n: 1, min: 1 },
    ]);
  }, 120_000);
});
