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
  return {
    index: BigInt(row.idx),
    leafHash: row.leaf_hash,
    identity: row.identity ?? row.leaf_hash,
    leafData: row.leaf_data,
    extra: row.extra,
    integratedAt: Number(row.integrated_at),
    seal: row.seal,
  };
}

export function tupleToEntry(row: LeafTuple): LogEntry {
  const [idx, leafHash, identity, leafData, extra, integratedAt, seal] = row;
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
