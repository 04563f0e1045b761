import { CompactRange } from './compact-range.js';
import { MerkleError } from './error.js';
import { HASH_SIZE } from './hash.js';
import { rangeNodes } from './node.js';
import type { NodeId } from './node.js';
import { TILE_HEIGHT, TILE_WIDTH, TileHashes, tileForNode, tileWidthAt } from './tile.js';
import type { TileData, TileId } from './tile.js';

/**
 * The growing edge of a tiled log: the compact range (for the root) plus the entries of the
 * rightmost, partial tile of every level (c2sp.org/tlog-tiles). Appending leaf hashes yields the
 * tiles whose content changed, ready to store; the edge can be rebuilt from those partial tiles.
 */
export class RightEdge {
  readonly #range: CompactRange;
  /** Per tile level, the entries of the rightmost tile that is not yet full. */
  readonly #partial: Buffer[][];

  private constructor(range: CompactRange, partial: Buffer[][]) {
    this.#range = range;
    this.#partial = partial;
  }

  static empty(): RightEdge {
    return new RightEdge(CompactRange.empty(), []);
  }

  /** The partial tiles `restore` needs for a tree of `size` leaves (one per non-empty level). */
  static tilesNeeded(size: bigint): TileId[] {
    const tiles: TileId[] = [];
    for (let level = 0; size >> BigInt(level * TILE_HEIGHT) > 0n; level++) {
      const entries = size >> BigInt(level * TILE_HEIGHT);
      const index = entries / BigInt(TILE_WIDTH);
      const width = tileWidthAt(level, index, size);
      if (width > 0) tiles.push({ level, index, width });
    }
    return tiles;
  }

  /**
   * Rebuilds the edge of a tree of `size` leaves from the tiles listed by `tilesNeeded(size)`
   * (wider versions of them are fine: a tile's prefix never changes).
   */
  static restore(size: bigint, tiles: readonly TileData[]): RightEdge {
    if (size < 0n) throw new MerkleError('INVALID_SIZE', 'size is negative');
    const partial: Buffer[][] = [];
    const content = new Map<number, TileHashes>();
    for (const need of RightEdge.tilesNeeded(size)) {
      const tile = tiles.find((t) => t.level === need.level && t.index === need.index);
      if (tile === undefined || tile.hashes.length < need.width * HASH_SIZE) {
        throw new MerkleError(
          'INVALID_STATE',
          `tile ${need.level}/${need.index} with ${need.width} entries is missing`,
        );
      }
      const hashes = tile.hashes.subarray(0, need.width * HASH_SIZE);
      content.set(need.level, new TileHashes(hashes));
      partial[need.level] = splitHashes(hashes);
    }
    // Every node of the compact range lies in the partial tile of its tile level (its entries are
    // the last 2^(level mod 8) of that level, and that count divides the partial width).
    const hashes = rangeNodes(0n, size).map((node) => {
      const ref = tileForNode(node);
      return content.get(ref.tileLevel)!.node(ref.subLevel, ref.subIndex);
    });
    return new RightEdge(CompactRange.fromHashes(size, hashes), partial);
  }

  get size(): bigint {
    return this.#range.size;
  }

  root(): Buffer {
    return this.#range.root();
  }

  /** The compact range of the whole tree (a copy). */
  compactRange(): CompactRange {
    return this.#range.clone();
  }

  /** An independent copy, e.g. to stage a batch that may still be rolled back. */
  clone(): RightEdge {
    return new RightEdge(
      this.#range.clone(),
      this.#partial.map((entries) => [...entries]),
    );
  }

  /** Appends leaf hashes; returns every tile whose content changed, with its new content. */
  append(leafHashes: readonly Uint8Array[]): TileData[] {
    const changed = new Map<string, TileData>();
    const record = (level: number, index: bigint, entries: Buffer[]): void => {
      changed.set(`${level}/${index}`, {
        level,
        index,
        width: entries.length,
        hashes: Buffer.concat(entries),
      });
    };
    const visit = (node: NodeId, hash: Buffer): void => {
      if (node.level % TILE_HEIGHT !== 0) return;
      const level = node.level / TILE_HEIGHT;
      const entries = (this.#partial[level] ??= []);
      entries.push(hash);
      const index = node.index / BigInt(TILE_WIDTH);
      if (entries.length === TILE_WIDTH) {
        record(level, index, entries);
        this.#partial[level] = [];
      } else {
        changed.set(`${level}/${index}`, { level, index, width: 0, hashes: new Uint8Array(0) });
      }
    };
    for (const leaf of leafHashes) this.#range.append(leaf, visit);
    // Partial tiles are recorded once, with their final content for this append.
    for (const tile of changed.values()) {
      if (tile.width === 0) record(tile.level, tile.index, this.#partial[tile.level] ?? []);
    }
    return [...changed.values()];
  }
}

function splitHashes(hashes: Uint8Array): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < hashes.length; at += HASH_SIZE)
    out.push(Buffer.from(hashes.subarray(at, at + HASH_SIZE)));
  return out;
}
