import type { DataSource, QueryRunner } from 'typeorm';
import { RightEdge, hashEqual } from '@sigstead/util-merkle';
import type { TileData } from '@sigstead/util-merkle';
import { LogError } from './error.js';
import type { LeafRow } from './rows.js';
import { LEAF_COLUMNS, toEntry } from './rows.js';
import type { LogTables } from './schema.js';
import type { TileCache } from './tile-cache.js';
import type { AppendResult, BatchHook, LogEntry, LogItem } from './types.js';

/** An item ready to sequence: its leaf hash was computed when it was queued. */
export interface HashedItem {
  readonly item: LogItem;
  readonly leafHash: Buffer;
}

interface StateRow {
  tree_size: string;
  tree_root: Buffer;
}

interface Tree {
  readonly edge: RightEdge;
  readonly root: Buffer;
}

/**
 * Integrates one batch per transaction: lock the tree state, catch up with other replicas,
 * resolve duplicates, assign contiguous indices, write leaves + changed tiles + new tree state in
 * one statement, run the caller's hook, commit. Nothing is half-integrated: the tiles, the leaves
 * and the tree state only ever change together.
 */
export class Sequencer {
  readonly #ds: DataSource;
  readonly #t: LogTables;
  readonly #tiles: TileCache;
  readonly #onBatch: BatchHook | undefined;
  readonly #clock: () => number;
  /** The last committed tree this process knows; replaced only after a successful commit. */
  #tree: Tree | undefined;

  constructor(
    ds: DataSource,
    tables: LogTables,
    tiles: TileCache,
    onBatch: BatchHook | undefined,
    clock: () => number,
  ) {
    this.#ds = ds;
    this.#t = tables;
    this.#tiles = tiles;
    this.#onBatch = onBatch;
    this.#clock = clock;
  }

  /** Loads the committed tree (outside any batch), e.g. at start-up; returns its size. */
  async load(): Promise<bigint> {
    const runner = this.#ds.createQueryRunner();
    try {
      const rows = (await runner.query(
        `SELECT size AS tree_size, root_hash AS tree_root FROM ${this.#t.treeState} WHERE id = 1`,
      )) as StateRow[];
      this.#tree = await this.#catchUp(runner, rows[0]);
      return this.#tree.edge.size;
    } finally {
      await runner.release();
    }
  }

  async integrate(batch: readonly HashedItem[]): Promise<AppendResult[]> {
    const runner = this.#ds.createQueryRunner();
    try {
      await runner.connect();
      await runner.startTransaction();
      const identities = batch.map((b) => b.item.identity);
      const leafHashes = batch.map((b) => b.leafHash);
      // One round trip: lock the tree state, and look for stored duplicates.
      const rows = (await runner.query(
        `WITH state AS (SELECT size, root_hash FROM ${this.#t.treeState} WHERE id = 1 FOR UPDATE)
         SELECT s.size AS tree_size, s.root_hash AS tree_root, ${LEAF_COLUMNS}
         FROM state s LEFT JOIN ${this.#t.leaves} l
           ON l.identity = ANY($1::bytea[]) OR l.leaf_hash = ANY($2::bytea[])`,
        [identities, leafHashes],
      )) as (StateRow & Partial<LeafRow>)[];
      const known = this.#tree;
      const tree = await this.#catchUp(runner, rows[0]);
      this.#tree = tree;
      let stored: LeafRow[] = rows.filter((r): r is StateRow & LeafRow => r.idx != null);
      if (tree !== known) {
        // Another replica committed while this statement waited for the lock; its snapshot
        // predates those leaves, so look for duplicates again.
        stored = (await runner.query(
          `SELECT ${LEAF_COLUMNS} FROM ${this.#t.leaves} l
           WHERE l.identity = ANY($1::bytea[]) OR l.leaf_hash = ANY($2::bytea[])`,
          [identities, leafHashes],
        )) as LeafRow[];
      }
      const { resolved, fresh } = this.#resolve(stored, tree.edge.size, batch);
      let next = tree;
      let tiles: TileData[] = [];
      if (fresh.length > 0) {
        const edge = tree.edge.clone();
        tiles = edge.append(fresh.map((e) => e.leafHash));
        next = { edge, root: edge.root() };
        await this.#write(runner, fresh, tiles, next);
        if (this.#onBatch) await this.#onBatch(runner, fresh);
      }
      await runner.commitTransaction();
      this.#tree = next;
      this.#tiles.remember(tiles);
      const treeSize = next.edge.size;
      return resolved.map((r) => ({
        ...r.entry,
        duplicate: r.duplicate,
        treeSize,
        rootHash: next.root,
      }));
    } catch (err) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw err instanceof LogError
        ? err
        : new LogError('STORAGE', 'integrating the batch failed', { cause: err });
    } finally {
      await runner.release();
    }
  }

  /** Returns the known tree if it is the committed one, else rebuilds the edge from stored tiles. */
  async #catchUp(runner: QueryRunner, state: StateRow | undefined): Promise<Tree> {
    if (state === undefined) {
      throw new LogError('INCONSISTENT', 'tree state is missing (migration not applied?)');
    }
    const size = BigInt(state.tree_size);
    const known = this.#tree;
    if (known !== undefined && known.edge.size === size && hashEqual(known.root, state.tree_root)) {
      return known;
    }
    const query = (sql: string, params?: unknown[]) =>
      runner.query(sql, params) as Promise<unknown>;
    // TileCache.tiles fails with INCONSISTENT unless every needed tile is stored wide enough.
    const edge = RightEdge.restore(
      size,
      await this.#tiles.tiles(query, RightEdge.tilesNeeded(size)),
    );
    const root = edge.root();
    if (!hashEqual(root, state.tree_root)) {
      throw new LogError('INCONSISTENT', `stored tiles do not match the root of tree size ${size}`);
    }
    return { edge, root };
  }

  /** Finds items already stored or repeated within the batch, and numbers the new ones. */
  #resolve(stored: readonly LeafRow[], size: bigint, batch: readonly HashedItem[]) {
    const byIdentity = new Map<string, LogEntry>();
    const byHash = new Map<string, LogEntry>();
    const index = (e: LogEntry) => {
      byIdentity.set(e.identity.toString('hex'), e);
      byHash.set(e.leafHash.toString('hex'), e);
    };
    stored.map(toEntry).forEach(index);
    const now = this.#clock();
    const fresh: LogEntry[] = [];
    const resolved: { entry: LogEntry; duplicate: boolean }[] = [];
    for (const { item, leafHash } of batch) {
      const existing =
        byIdentity.get(Buffer.from(item.identity).toString('hex')) ??
        byHash.get(leafHash.toString('hex'));
      if (existing !== undefined) {
        resolved.push({ entry: existing, duplicate: true });
        continue;
      }
      const entry: LogEntry = {
        index: size + BigInt(fresh.length),
        leafHash,
        identity: Buffer.from(item.identity),
        leafData: Buffer.from(item.leafData),
        extra: item.extra == null ? null : Buffer.from(item.extra),
        integratedAt: now,
      };
      fresh.push(entry);
      index(entry);
      resolved.push({ entry, duplicate: false });
    }
    return { resolved, fresh };
  }

  /** One statement: insert the leaves, upsert the changed tiles (never narrowing), move the tree. */
  async #write(
    runner: QueryRunner,
    fresh: readonly LogEntry[],
    tiles: readonly TileData[],
    next: Tree,
  ): Promise<void> {
    const t = this.#t;
    await runner.query(
      `WITH new_leaves AS (
         INSERT INTO ${t.leaves} (idx, leaf_hash, identity, leaf_data, extra, integrated_at)
         SELECT * FROM unnest($1::bigint[], $2::bytea[], $3::bytea[], $4::bytea[], $5::bytea[], $6::bigint[])
       ), new_tiles AS (
         INSERT INTO ${t.tiles} AS old (level, idx, width, hashes)
         SELECT * FROM unnest($7::int[], $8::bigint[], $9::int[], $10::bytea[])
         ON CONFLICT (level, idx) DO UPDATE SET width = EXCLUDED.width, hashes = EXCLUDED.hashes
         WHERE old.width < EXCLUDED.width
       )
       UPDATE ${t.treeState} SET size = $11, root_hash = $12, updated_at = now() WHERE id = 1`,
      [
        fresh.map((e) => e.index.toString()),
        fresh.map((e) => e.leafHash),
        fresh.map((e) => e.identity),
        fresh.map((e) => e.leafData),
        fresh.map((e) => e.extra),
        fresh.map((e) => e.integratedAt.toString()),
        tiles.map((x) => x.level),
        tiles.map((x) => x.index.toString()),
        tiles.map((x) => x.width),
        tiles.map((x) => x.hashes),
        next.edge.size.toString(),
        next.root,
      ],
    );
  }
}
