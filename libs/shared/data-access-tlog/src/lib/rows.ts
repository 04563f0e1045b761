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

export function toTile(row: TileRow): TileData {
  return { level: row.level, index: BigInt(row.idx), width: row.width, hashes: row.hashes };
}
