import { TILE_WIDTH, TileHashes, tileForNode } from '@sigstead/util-merkle';
import type { NodeId, TileData, TileId } from '@sigstead/util-merkle';
import { LogError } from './error.js';
import { Lru } from './lru.js';
import type { TileRow } from './rows.js';
import { toTile } from './rows.js';
import type { LogTables } from './schema.js';

/**
 * Whether a tile's content lives in `leaves` rather than in `tiles`: a partial tile of level 0,
 * whose entries are the leaf hashes themselves. The sequencer does not store it; the cache reads it
 * from the leaves.
 */
export function readFromLeaves(tile: Pick<TileId, 'level' | 'width'>): boolean {
  return tile.level === 0 && tile.width < TILE_WIDTH;
}

/** Runs one SQL statement (on the pool, or on a transaction's own connection). */
export type Query = (sql: string, params?: unknown[]) => Promise<unknown>;

interface Cached {
  readonly tile: TileData;
  readonly hashes: TileHashes;
}

/**
 * Reads node hashes from stored tiles through an in-memory LRU. A tile's first `w` hashes never
 * change once written (later writes only widen it), so any cached version at least as wide as a
 * request needs is valid, on every replica; narrower ones are refetched. A partial tile of level 0
 * is not stored (its entries are the leaf hashes, see `Sequencer`): it is read from `leaves`.
 */
export class TileCache {
  readonly #tables: LogTables;
  readonly #lru: Lru<string, Cached>;

  constructor(tables: LogTables, size: number) {
    this.#tables = tables;
    this.#lru = new Lru(size);
  }

  /** Keeps tiles this process wrote or read (only widening what is cached). */
  remember(tiles: readonly TileData[]): void {
    for (const tile of tiles) this.#put(tile);
  }

  /** Tiles at least as wide as requested, from the cache or in one query. */
  async tiles(query: Query, wanted: readonly TileId[]): Promise<TileData[]> {
    const found = await this.#fetch(query, new Map(wanted.map((t) => [key(t.level, t.index), t])));
    return wanted.map((t) => found.get(key(t.level, t.index))!.tile);
  }

  /** Hashes of complete tree nodes, computed from the tiles that hold them (one query at most). */
  async nodeHashes(query: Query, nodes: readonly NodeId[]): Promise<Buffer[]> {
    const refs = nodes.map(tileForNode);
    const wanted = new Map<string, TileId>();
    for (const r of refs) {
      const k = key(r.tileLevel, r.tileIndex);
      const width = Math.max(r.minWidth, wanted.get(k)?.width ?? 0);
      wanted.set(k, { level: r.tileLevel, index: r.tileIndex, width });
    }
    const found = await this.#fetch(query, wanted);
    return refs.map((r) =>
      found.get(key(r.tileLevel, r.tileIndex))!.hashes.node(r.subLevel, r.subIndex),
    );
  }

  /** The cached tile (level, index), if any; no query. For the proof path that falls back on a miss. */
  peek(level: number, index: number): TileHashes | undefined {
    return this.#lru.get(key(level, index))?.hashes;
  }

  async #fetch(query: Query, wanted: ReadonlyMap<string, TileId>): Promise<Map<string, Cached>> {
    const found = new Map<string, Cached>();
    const missing: TileId[] = [];
    for (const [k, t] of wanted) {
      const cached = this.#lru.get(k);
      if (cached !== undefined && cached.tile.width >= t.width) found.set(k, cached);
      else missing.push(t);
    }
    if (missing.length === 0) return found;
    // Stored tiles, and each partial level-0 tile that is not stored full as the leaf hashes it
    // holds, in one query: the leaves of the tile if they are contiguous from its start (idx is
    // unique, so the count and the bounds say so). A committed leaf never changes, so a result
    // wider than asked is as valid.
    const partial = missing.filter(readFromLeaves);
    const rows = (await query(
      `SELECT level, idx, width, hashes FROM ${this.#tables.tiles}
       WHERE (level, idx) IN (SELECT * FROM unnest($1::int[], $2::bigint[]))
       UNION ALL
       SELECT 0, w.i, count(*)::int, string_agg(l.leaf_hash, ''::bytea ORDER BY l.idx)
       FROM unnest($3::bigint[]) AS w(i)
       JOIN ${this.#tables.leaves} l
         ON l.idx >= w.i * ${TILE_WIDTH} AND l.idx < (w.i + 1) * ${TILE_WIDTH}
       WHERE NOT EXISTS (SELECT 1 FROM ${this.#tables.tiles} t
                         WHERE t.level = 0 AND t.idx = w.i AND t.width = ${TILE_WIDTH})
       GROUP BY w.i
       HAVING min(l.idx) = w.i * ${TILE_WIDTH} AND max(l.idx) = w.i * ${TILE_WIDTH} + count(*) - 1`,
      [
        missing.map((t) => t.level),
        missing.map((t) => t.index.toString()),
        partial.map((t) => t.index.toString()),
      ],
    )) as TileRow[];
    const loaded = new Map(
      rows.map((row) => [key(row.level, BigInt(row.idx)), this.#put(toTile(row))]),
    );
    for (const t of missing) {
      const got = loaded.get(key(t.level, t.index));
      if (got === undefined || got.tile.width < t.width) {
        throw new LogError(
          'INCONSISTENT',
          `tile ${t.level}/${t.index} with ${t.width} hashes is not stored`,
        );
      }
      found.set(key(t.level, t.index), got);
    }
    return found;
  }

  #put(tile: TileData): Cached {
    const k = key(tile.level, tile.index);
    const cached = this.#lru.get(k);
    if (cached !== undefined && cached.tile.width >= tile.width) return cached;
    const bytes = ownBytes(tile.hashes);
    // A tile only grows: the wider version keeps the nodes computed over its old entries.
    const fresh = {
      tile: bytes === tile.hashes ? tile : { ...tile, hashes: bytes },
      hashes: cached ? cached.hashes.widen(bytes) : new TileHashes(bytes),
    };
    this.#lru.set(k, fresh);
    return fresh;
  }
}

/**
 * The bytes in a buffer of their own. Node 24 serves every Buffer under 32 KiB (`Buffer.concat`,
 * pg's bytea parsing) from shared 64 KiB slabs, and a slab stays allocated while any view into it
 * lives: a cached 8 KiB tile made amid a batch's other allocations kept a whole slab, ~270 MB for a
 * full cache of 4096 tiles instead of ~34 MB. Only a view into a larger buffer is copied (8 KiB at
 * most, once per batch and per tile read).
 */
function ownBytes(bytes: Uint8Array): Uint8Array {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) return bytes;
  const own = Buffer.allocUnsafeSlow(bytes.byteLength);
  own.set(bytes);
  return own;
}

/** Same text for a bigint index and a safe-integer number index. */
function key(level: number, index: bigint | number): string {
  return `${level}/${index}`;
}
