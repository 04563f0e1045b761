/** What a caller appends. The engine computes the RFC 6962 leaf hash of `leafData` itself. */
export interface LogItem {
  /**
   * Dedup key: an item whose identity (or leaf hash) is already logged resolves to that entry.
   * Absent, the leaf hash is the item's only identity and the entry stores none of its own (its
   * `LogEntry.identity` is the leaf hash); the log's schema needs `createTlogLeafHashIdentityMigration`.
   */
  readonly identity?: Uint8Array;
  /** The Merkle leaf input (e.g. a CT MerkleTreeLeaf, a Rekor canonicalized body). */
  readonly leafData: Uint8Array;
  /** Caller payload stored with the entry and returned on duplicates (e.g. CT extra_data + SCT). */
  readonly extra?: Uint8Array | null;
}

/** One stored entry. */
export interface LogEntry {
  readonly index: bigint;
  readonly leafHash: Buffer;
  /** The item's identity, or its leaf hash if it was appended without one. */
  readonly identity: Buffer;
  readonly leafData: Buffer;
  readonly extra: Buffer | null;
  /** Milliseconds since the epoch at which the batch holding the entry was sequenced. */
  readonly integratedAt: number;
  /**
   * The log's signature over the entry, made by the `seal` option when the entry was integrated
   * and stored with it (e.g. Rekor's SET); null without a sealer, or for entries stored before one.
   */
  readonly seal: Buffer | null;
}

/** The outcome of one append: the entry (new or the original one) and a tree that contains it. */
export interface AppendResult extends LogEntry {
  /** True when the item was already logged (or repeated earlier in the same batch). */
  readonly duplicate: boolean;
  /** Size of the tree after the batch that resolved this item; always > `index`. */
  readonly treeSize: bigint;
  /** Root of that tree, for signing a checkpoint / STH that covers the entry. */
  readonly rootHash: Buffer;
}

export interface TreeHead {
  readonly size: bigint;
  readonly rootHash: Buffer;
  readonly updatedAt: Date;
}

export interface InclusionProof {
  readonly index: bigint;
  readonly treeSize: bigint;
  /** Root of the tree of `treeSize` leaves, computed from the same stored tiles. */
  readonly rootHash: Buffer;
  /** RFC 9162 §2.1.3.1 audit path, bottom to top. */
  readonly hashes: Buffer[];
}

export interface ConsistencyProof {
  readonly size1: bigint;
  readonly size2: bigint;
  /** RFC 9162 §2.1.4.1 consistency path. */
  readonly hashes: Buffer[];
}

/**
 * Rows a caller writes with each batch (e.g. a search index), in the very statement that writes the
 * batch's leaves, tiles and tree state, so they commit or fail together. If the rows cannot be
 * written (a constraint fails), the whole batch fails and every append in it. Only new entries are
 * passed; returning undefined writes nothing more.
 */
export type BatchHook = (entries: readonly LogEntry[]) => BatchRows | undefined;

/**
 * Signs a batch's new entries once their indices and time are known, before anything is written:
 * one signature per entry, in order, stored with the leaves in the batch's statement. A sealer that
 * fails (or answers the wrong count) fails the batch, and nothing of it is stored. It may run
 * again for the same items with other indices when the batch has to be retried.
 */
export type Sealer = (entries: readonly LogEntry[]) => Promise<readonly Uint8Array[]>;

export interface BatchRows {
  /** The table and its columns, e.g. `"rekor".index_keys (key, idx)`. */
  readonly into: string;
  /** A SELECT giving the rows; `param(value)` returns the placeholder of a bound value. */
  readonly select: (param: (value: unknown) => string) => string;
  /** e.g. `ON CONFLICT DO NOTHING`. */
  readonly onConflict?: string;
}

export interface TlogOptions {
  /** Schema holding this log's tables (created by `createTlogMigration(schema)`). */
  readonly schema: string;
  /** Items per sequencing transaction (default 1024). */
  readonly maxBatchSize?: number;
  /** Items waiting to be sequenced before `append` fails with PUSHBACK (default 16384). */
  readonly maxQueueSize?: number;
  /** Most entries `getLeaves` returns at once (default 1000). */
  readonly maxLeavesPerRead?: number;
  /** Tiles kept in memory for proofs (default 4096, about 32 MiB when full). */
  readonly tileCacheSize?: number;
  readonly onBatch?: BatchHook;
  readonly seal?: Sealer;
  /** Milliseconds since the epoch (default `Date.now`). */
  readonly clock?: () => number;
}
