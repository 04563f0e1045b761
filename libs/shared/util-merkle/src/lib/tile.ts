import { MerkleError } from './error.js';
import { HASH_SIZE, hashChildPair } from './hash.js';
import type { NodeId } from './node.js';

/** c2sp.org/tlog-tiles: tiles are 8 tree levels tall, so a full tile holds 256 hashes. */
export const TILE_HEIGHT = 8;
export const TILE_WIDTH = 1 << TILE_HEIGHT;

/** A tile: `width` consecutive hashes at tree level `level * 8`, starting at `index * 256`. */
export interface TileId {
  readonly level: number;
  readonly index: bigint;
  /** 1..256; below 256 the tile is partial (the right edge of the tree). */
  readonly width: number;
}

/** A tile with its content: `width` 32-byte hashes, concatenated. */
export interface TileData extends TileId {
  readonly hashes: Uint8Array;
}

/** Where in the tiling a tree node lives. */
export interface TileNodeRef {
  readonly tileLevel: number;
  readonly tileIndex: bigint;
  /** Height of the node above the tile's entries (0..7). */
  readonly subLevel: number;
  /** Index of the node among the tile's nodes at `subLevel`. */
  readonly subIndex: number;
  /** Entries the tile must hold for the node to be complete. */
  readonly minWidth: number;
}

/**
 * The tile holding node (level, index): a node at a multiple of 8 is one entry of a tile; any
 * other node is the root of 2^(level mod 8) consecutive entries of the tile below it.
 */
export function tileForNode(node: NodeId): TileNodeRef {
  const tileLevel = Math.floor(node.level / TILE_HEIGHT);
  const subLevel = node.level % TILE_HEIGHT;
  const perTile = BigInt(TILE_WIDTH >> subLevel);
  const subIndex = Number(node.index % perTile);
  return {
    tileLevel,
    tileIndex: node.index / perTile,
    subLevel,
    subIndex,
    minWidth: (subIndex + 1) << subLevel,
  };
}

/** `tileForNode` in doubles, for a node index below 2^53: the tile index is a number too. */
export function tileForNodeAt(
  level: number,
  index: number,
): Omit<TileNodeRef, 'tileIndex'> & { readonly tileIndex: number } {
  const subLevel = level % TILE_HEIGHT;
  const perTile = TILE_WIDTH >> subLevel;
  const subIndex = index % perTile;
  return {
    tileLevel: (level - subLevel) / TILE_HEIGHT,
    tileIndex: Math.floor(index / perTile),
    subLevel,
    subIndex,
    minWidth: (subIndex + 1) << subLevel,
  };
}

/** Entries tile (level, index) holds in the tree of `treeSize` leaves (0 when it does not exist yet). */
export function tileWidthAt(level: number, index: bigint, treeSize: bigint): number {
  const entries = (treeSize >> BigInt(level * TILE_HEIGHT)) - index * BigInt(TILE_WIDTH);
  if (entries <= 0n) return 0;
  return entries >= BigInt(TILE_WIDTH) ? TILE_WIDTH : Number(entries);
}

/**
 * Hash of the perfect subtree of 2^subLevel entries starting at entry `subIndex << subLevel`
 * of a tile's content (tlog-tiles: "levels between … are reconstructed by hashing the leaves").
 */
export function tileSubtreeHash(hashes: Uint8Array, subLevel: number, subIndex: number): Buffer {
  return new TileHashes(hashes).node(subLevel, subIndex);
}

/** Nodes a tile holds above its entries: 128 at sub-level 1, 64 at sub-level 2, …, 2 at sub-level 7. */
const INNER_NODES = TILE_WIDTH - 2;
/** A tile's node store: the inner nodes' hashes (sub-level 1 first), then one "computed" byte each. */
const STORE_SIZE = INNER_NODES * (HASH_SIZE + 1);
const KNOWN_AT = INNER_NODES * HASH_SIZE;

/** Slot of inner node (subLevel ≥ 1, subIndex) in a node store. */
function slotOf(subLevel: number, subIndex: number): number {
  return TILE_WIDTH - (TILE_WIDTH >> (subLevel - 1)) + subIndex;
}

/**
 * A tile's content with the nodes inside it computed on demand and remembered, so a cached full
 * tile answers any node below it with at most 254 hashes over its lifetime.
 *
 * The nodes live in one ~8 KB buffer per tile (`STORE_SIZE`), allocated at the first node, and are
 * handed out as views of it: each slot is written once. With each node a Buffer of its own (its
 * JS objects and native backing store), a fully computed tile took ~180 KB of the process's
 * memory, so a full tile cache (4,096 tiles) could hold ~700 MB of nodes; and every widening of the
 * log's right-edge tile, once per batch, copied its table of nodes.
 */
export class TileHashes {
  readonly #hashes: Uint8Array;
  #store: Buffer | undefined;

  constructor(hashes: Uint8Array) {
    if (
      hashes.length === 0 ||
      hashes.length % HASH_SIZE !== 0 ||
      hashes.length > TILE_WIDTH * HASH_SIZE
    ) {
      throw new MerkleError('INVALID_TILE', 'tile content must be 1..256 hashes');
    }
    this.#hashes = hashes;
  }

  /** Entries held. */
  get width(): number {
    return this.#hashes.length / HASH_SIZE;
  }

  get hashes(): Uint8Array {
    return this.#hashes;
  }

  /**
   * The same tile grown to `hashes` (its old entries followed by new ones), keeping the nodes
   * already computed: they cover old entries only, so they still hold. Anything else (narrower,
   * or other entries) starts with no nodes.
   *
   * The computed nodes move to the wider tile instead of being copied. This tile stays usable and
   * computes any node it needs again in a store of its own, so a second widening of it (other
   * entries after the same prefix, e.g. a batch retried after another replica's commit) never sees
   * nodes computed over the first one's entries.
   */
  widen(hashes: Uint8Array): TileHashes {
    const wider = new TileHashes(hashes);
    const old = this.#hashes;
    if (
      this.#store !== undefined &&
      hashes.length >= old.length &&
      Buffer.from(hashes.buffer, hashes.byteOffset, old.length).equals(old)
    ) {
      wider.#store = this.#store;
      this.#store = undefined;
    }
    return wider;
  }

  /**
   * Hash of node (subLevel, subIndex) inside the tile, as a view of the tile's memory; throws when
   * the tile is too narrow for it.
   */
  node(subLevel: number, subIndex: number): Buffer {
    if (
      !Number.isInteger(subLevel) ||
      !Number.isInteger(subIndex) ||
      subLevel < 0 ||
      subLevel >= TILE_HEIGHT ||
      subIndex < 0 ||
      (subIndex + 1) << subLevel > this.width
    ) {
      throw new MerkleError(
        'INVALID_TILE',
        `tile has no complete node at (${subLevel}, ${subIndex})`,
      );
    }
    if (subLevel === 0) {
      return Buffer.from(
        this.#hashes.buffer,
        this.#hashes.byteOffset + subIndex * HASH_SIZE,
        HASH_SIZE,
      );
    }
    const store = this.#compute(subLevel, subIndex);
    return Buffer.from(
      store.buffer,
      store.byteOffset + slotOf(subLevel, subIndex) * HASH_SIZE,
      HASH_SIZE,
    );
  }

  /**
   * Makes sure inner node (subLevel ≥ 1, subIndex) is in the store. A node's two children are
   * adjacent (entries 2i and 2i + 1, or slots 2i and 2i + 1 of the sub-level below), so each node
   * is one hash over 64 contiguous bytes.
   */
  #compute(subLevel: number, subIndex: number): Buffer {
    const store = (this.#store ??= Buffer.alloc(STORE_SIZE));
    const slot = slotOf(subLevel, subIndex);
    if (store[KNOWN_AT + slot] === 1) return store;
    let children: Uint8Array;
    if (subLevel === 1) {
      const at = 2 * subIndex * HASH_SIZE;
      children = this.#hashes.subarray(at, at + 2 * HASH_SIZE);
    } else {
      this.#compute(subLevel - 1, 2 * subIndex);
      this.#compute(subLevel - 1, 2 * subIndex + 1);
      const at = slotOf(subLevel - 1, 2 * subIndex) * HASH_SIZE;
      children = store.subarray(at, at + 2 * HASH_SIZE);
    }
    store.set(hashChildPair(children), slot * HASH_SIZE);
    store[KNOWN_AT + slot] = 1;
    return store;
  }
}
