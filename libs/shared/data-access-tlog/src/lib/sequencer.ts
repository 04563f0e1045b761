import type { DataSource, QueryRunner } from 'typeorm';
import { RightEdge, hashEqual } from '@sigstead/util-merkle';
import type { TileData } from '@sigstead/util-merkle';
import { byteaArray, int4Array, int8Array } from './binary-array.js';
import { LogError } from './error.js';
import { pooledClient, StatementNames, type PgClient } from './statements.js';
import type { LeafRow } from './rows.js';
import { LEAF_COLUMNS, toEntry } from './rows.js';
import type { LogTables } from './schema.js';
import { readFromLeaves, type TileCache } from './tile-cache.js';
import type { AppendResult, BatchHook, LogEntry, LogItem, Sealer } from './types.js';

/** An item ready to sequence: its leaf hash was computed when it was queued. */
export interface HashedItem {
  readonly item: LogItem;
  readonly leafHash: Buffer;
}

interface StateRow {
  tree_size: string;
  tree_root: Buffer;
}

/** An entry of the batch being integrated: its seal is set once the sealer has signed it. */
type FreshEntry = { -readonly [K in keyof LogEntry]: LogEntry[K] };

/** The batch's new entries, and the identity column of each (null where the leaf hash is it). */
interface Fresh {
  readonly entries: FreshEntry[];
  readonly identities: (Buffer | null)[];
}

interface Tree {
  readonly edge: RightEdge;
  readonly root: Buffer;
}

/**
 * Integrates one batch at a time: assign contiguous indices, then write the leaves, the changed
 * tiles, the new tree state and the caller's rows in one statement, as a compare-and-swap on the
 * tree state, or, when that finds the tree moved or a leaf stored, inside a transaction that locks
 * the tree state, catches up with other replicas and resolves duplicates first. Nothing is
 * half-integrated: the tiles, the leaves and the tree state only ever change together.
 */
export class Sequencer {
  readonly #ds: DataSource;
  readonly #t: LogTables;
  readonly #tiles: TileCache;
  readonly #onBatch: BatchHook | undefined;
  readonly #sealer: Sealer | undefined;
  readonly #clock: () => number;
  readonly #statements = new StatementNames('tlog_batch');
  /** The last committed tree this process knows; replaced only after a successful commit. */
  #tree: Tree | undefined;

  constructor(
    ds: DataSource,
    tables: LogTables,
    tiles: TileCache,
    hooks: { readonly onBatch?: BatchHook; readonly seal?: Sealer },
    clock: () => number,
  ) {
    this.#ds = ds;
    this.#t = tables;
    this.#tiles = tiles;
    this.#onBatch = hooks.onBatch;
    this.#sealer = hooks.seal;
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

  /**
   * Integrates one batch. When this process knows the committed tree, the batch first goes in one
   * statement, no transaction block: a compare-and-swap on the tree state guards the leaves, tiles
   * and tree state written together. Another replica's commit (the swap finds another state) or a
   * leaf already stored (a unique violation) sends the batch the locked way below, which catches up
   * and resolves duplicates. One round trip instead of five matters most when the event loop is
   * busy: each await of a round trip waits behind the requests queued meanwhile.
   */
  async integrate(batch: readonly HashedItem[]): Promise<AppendResult[]> {
    const known = this.#tree;
    if (known !== undefined) {
      const done = await this.#integrateOptimistic(known, batch);
      if (done) return done;
    }
    return await this.#integrateLocked(batch);
  }

  async #integrateOptimistic(
    tree: Tree,
    batch: readonly HashedItem[],
  ): Promise<AppendResult[] | undefined> {
    const { resolved, fresh } = this.#resolve([], tree.edge.size, batch);
    await this.#seal(fresh.entries);
    const edge = tree.edge.clone();
    const tiles = edge.append(fresh.entries.map((e) => e.leafHash));
    const next = { edge, root: edge.root() };
    let moved: boolean;
    const client = await pooledClient(this.#ds, 'the batch');
    try {
      moved = await this.#write(client, fresh, tiles, tree, next);
    } catch (err) {
      if (isUniqueViolation(err)) return undefined;
      throw new LogError('STORAGE', 'integrating the batch failed', { cause: err });
    } finally {
      client.release();
    }
    if (!moved) return undefined;
    return this.#committed(resolved, tiles, next);
  }

  async #integrateLocked(batch: readonly HashedItem[]): Promise<AppendResult[]> {
    const runner = this.#ds.createQueryRunner();
    try {
      await runner.connect();
      await runner.startTransaction();
      // Items without an identity are found by leaf hash (a NULL in the array matches nothing).
      const identities = batch.map((b) => b.item.identity ?? null);
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
      if (fresh.entries.length > 0) {
        await this.#seal(fresh.entries);
        const edge = tree.edge.clone();
        tiles = edge.append(fresh.entries.map((e) => e.leafHash));
        next = { edge, root: edge.root() };
        const client = (await runner.connect()) as PgClient;
        if (!(await this.#write(client, fresh, tiles, tree, next))) {
          throw new LogError('INCONSISTENT', 'the locked tree state moved');
        }
      }
      await runner.commitTransaction();
      return this.#committed(resolved, tiles, next);
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
    const fresh: Fresh = { entries: [], identities: [] };
    const resolved: { entry: LogEntry; duplicate: boolean }[] = [];
    for (const { item, leafHash } of batch) {
      const identity = item.identity === undefined ? null : Buffer.from(item.identity);
      const existing =
        (identity === null ? undefined : byIdentity.get(identity.toString('hex'))) ??
        byHash.get(leafHash.toString('hex'));
      if (existing !== undefined) {
        resolved.push({ entry: existing, duplicate: true });
        continue;
      }
      const entry: FreshEntry = {
        index: size + BigInt(fresh.entries.length),
        leafHash,
        identity: identity ?? leafHash,
        leafData: Buffer.from(item.leafData),
        extra: item.extra == null ? null : Buffer.from(item.extra),
        integratedAt: now,
        seal: null,
      };
      fresh.entries.push(entry);
      fresh.identities.push(identity);
      index(entry);
      resolved.push({ entry, duplicate: false });
    }
    return { resolved, fresh };
  }

  /** Signs the new entries (when the log has a sealer) before anything of the batch is written. */
  async #seal(fresh: FreshEntry[]): Promise<void> {
    if (this.#sealer === undefined || fresh.length === 0) return;
    let seals: readonly Uint8Array[];
    try {
      seals = await this.#sealer(fresh);
    } catch (err) {
      throw new LogError('SEALING', 'sealing the batch failed', { cause: err });
    }
    if (seals.length !== fresh.length) {
      throw new LogError('SEALING', `${seals.length} seals for ${fresh.length} entries`);
    }
    fresh.forEach((e, i) => (e.seal = Buffer.from(seals[i]!)));
  }

  #committed(
    resolved: readonly { entry: LogEntry; duplicate: boolean }[],
    tiles: readonly TileData[],
    next: Tree,
  ): AppendResult[] {
    this.#tree = next;
    this.#tiles.remember(tiles);
    const treeSize = next.edge.size;
    return resolved.map((r) => ({
      ...r.entry,
      duplicate: r.duplicate,
      treeSize,
      rootHash: next.root,
    }));
  }

  /**
   * One statement: move the tree from `from` to `next` if it still is `from` (size and root), and only
   * then insert the leaves, upsert the changed tiles (never narrowing) and the caller's rows.
   * Returns whether the tree moved. The arrays travel in PostgreSQL's binary format.
   *
   * The partial tile of level 0 is left out: its entries are the leaf hashes written beside it, so
   * the tile cache reads it from `leaves`. Storing it rewrote up to 8 KB (a TOASTed value, with its
   * dead versions for vacuum) on every batch; the tiles of higher levels change once per 256 tiles
   * below them.
   */
  async #write(
    client: PgClient,
    { entries: fresh, identities }: Fresh,
    tiles: readonly TileData[],
    from: Tree,
    next: Tree,
  ): Promise<boolean> {
    const t = this.#t;
    const stored = tiles.filter((x) => !readFromLeaves(x));
    const params: unknown[] = [
      next.edge.size.toString(),
      next.root,
      from.edge.size.toString(),
      int8Array(fresh.map((e) => e.index)),
      byteaArray(fresh.map((e) => e.leafHash)),
      byteaArray(identities),
      byteaArray(fresh.map((e) => e.leafData)),
      byteaArray(fresh.map((e) => e.extra)),
      int8Array(fresh.map((e) => e.integratedAt)),
      int4Array(stored.map((x) => x.level)),
      int8Array(stored.map((x) => x.index)),
      int4Array(stored.map((x) => x.width)),
      byteaArray(stored.map((x) => x.hashes)),
      from.root,
      byteaArray(fresh.map((e) => e.seal)),
    ];
    const param = (value: unknown) => `$${params.push(value)}`;
    const rows = fresh.length > 0 ? this.#onBatch?.(fresh) : undefined;
    const extra = rows
      ? `, extra_rows AS (
         INSERT INTO ${rows.into}
         SELECT * FROM (${rows.select(param)}) AS r WHERE EXISTS (SELECT 1 FROM moved)
         ${rows.onConflict ?? ''}
       )`
      : '';
    const text = `WITH moved AS (
         UPDATE ${t.treeState} SET size = $1, root_hash = $2, updated_at = now()
         WHERE id = 1 AND size = $3 AND root_hash = $14
         RETURNING 1
       ), new_leaves AS (
         INSERT INTO ${t.leaves} (idx, leaf_hash, identity, leaf_data, extra, integrated_at, seal)
         SELECT * FROM unnest($4::bigint[], $5::bytea[], $6::bytea[], $7::bytea[], $8::bytea[], $9::bigint[], $15::bytea[])
         WHERE EXISTS (SELECT 1 FROM moved)
       ), new_tiles AS (
         INSERT INTO ${t.tiles} AS old (level, idx, width, hashes)
         SELECT * FROM unnest($10::int[], $11::bigint[], $12::int[], $13::bytea[])
         WHERE EXISTS (SELECT 1 FROM moved)
         ON CONFLICT (level, idx) DO UPDATE SET width = EXCLUDED.width, hashes = EXCLUDED.hashes
         WHERE old.width < EXCLUDED.width
       )${extra}
       SELECT count(*)::int AS moved FROM moved`;
    const result = await client.query<{ moved: number }>({
      name: this.#statements.nameOf(text),
      text,
      values: params,
    });
    return result.rows[0]?.moved === 1;
  }
}

/**
 * A unique violation (SQLSTATE 23505): most likely a leaf already stored. The locked path sorts it
 * out, or fails the same way if the violation was elsewhere (e.g. in the caller's rows).
 */
function isUniqueViolation(err: unknown): boolean {
  const e = (err as { driverError?: unknown } | null)?.driverError ?? err;
  return (e as { code?: unknown } | null)?.code === '23505';
}
