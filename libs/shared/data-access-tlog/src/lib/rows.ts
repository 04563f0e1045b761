import type { TileData } from '@sigstead/util-merkle';
import type { LogEntry } from './types.js';

/** A `leaves` row as pg returns it (bigint columns arrive as strings). */
export interface LeafRow {
  idx: string;
  leaf_hash: Buffer;
  /** Null for an entry appended without an identity of its own (see `LogItem.identity`). */
  identity: Buffer | null;
  leaf_data: Buffer;
  extra: Buffer | null;
  integrated_at: string;
  seal: Buffer | null;
}

export interface TileRow {
  level: number;
  idx: string;
  width: number;
  hashes: Buffer;
}

export const LEAF_COLUMNS = 'idx, leaf_hash, identity, leaf_data, extra, integrated_at, seal';

/**
 * A `leaves` row as pg returns it with `rowMode: 'array'`, in `LEAF_COLUMNS` order: pg then fills
 * an array per row instead of copying a prebuilt object, for the reads every entry lookup makes.
 */
export type LeafTuple = readonly [
  idx: string,
  leafHash: Buffer,
  identity: Buffer | null,
  leafData: Buffer,
  extra: Buffer | null,
  integratedAt: string,
  seal: Buffer | null,
];

export function toEntry(row: LeafRow): LogEntry {
  return entryOf(
    row.idx,
    row.leaf_hash,
    row.identity,
    row.leaf_data,
    row.extra,
    row.integrated_at,
    row.seal,
  );
}

export function tupleToEntry(row: LeafTuple): LogEntry {
  return entryOf(...row);
}

/** A stored leaf as a `LogEntry`, from its columns in `LEAF_COLUMNS` order. */
function entryOf(
  ...[idx, leafHash, identity, leafData, extra, integratedAt, seal]: LeafTuple
): LogEntry {
  return {
    index: BigInt(idx),
    leafHash,
    identity: identity ?? leafHash,
    leafData,
    extra,
    integratedAt: Number(integratedAt),
    seal,
  };
}

export function toTile(row: TileRow): TileData {
  return { level: row.level, index: BigInt(row.idx), width: row.width, hashes: row.hashes };
}
