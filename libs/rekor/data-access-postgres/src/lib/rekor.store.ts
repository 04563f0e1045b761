import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import {
  int8Array,
  textArray,
  TransparencyLog,
  type AppendResult,
  type InclusionProof,
  type LogEntry,
  type Sealer,
} from '@sigstead/data-access-tlog';
import { REKOR_SCHEMA } from './migration.js';

export interface NewRekorEntry {
  /** Canonical body: the Merkle leaf. */
  readonly body: Buffer;
  readonly indexKeys: readonly string[];
}

export interface IndexQuery {
  /** Groups of keys: an entry matches a group when it has any key of it. */
  readonly groups: readonly (readonly string[])[];
  /** `or`: entries matching any group; `and`: entries matching every group. */
  readonly operator: 'and' | 'or';
  /** Only entries with a log index above this (paging). */
  readonly afterIndex?: bigint;
  readonly limit: number;
}

/** The longest key `index_keys.key` holds (its CHECK), in characters. */
const MAX_STORED_KEY = 512;
const HASHED_KEY_PREFIX = 'key-sha256:';

/**
 * The form a search-index key is stored and looked up in, or undefined for the empty key (which
 * matches nothing). `index_keys.key` holds 1–512 characters and PostgreSQL text holds no NUL, while
 * an entry's keys come from what its client chose (a certificate's SANs, an in-toto statement's
 * digests): a key that cannot be stored as it is goes in as the SHA-256 of its UTF-8 bytes, and a
 * lookup of the same key here finds it. (Through the API only a key with a NUL can be asked for: a
 * search's email and subject hold at most 512 characters, as upstream's.) Without this, one such
 * key failed the statement that writes its batch, and every entry of the batch with it. A key that
 * itself starts with the hashed form's prefix (a URI SAN can) is hashed too, so that no stored key
 * can stand for two.
 */
export function storedIndexKey(key: string): string | undefined {
  if (key.length === 0) return undefined;
  if (key.length <= MAX_STORED_KEY && !key.includes('\0') && !key.startsWith(HASHED_KEY_PREFIX)) {
    return key;
  }
  return `${HASHED_KEY_PREFIX}${createHash('sha256').update(key, 'utf8').digest('hex')}`;
}

export interface RekorStoreOptions {
  /** Signs each new entry's SET as its batch integrates (stored with it). */
  readonly seal?: Sealer;
  /** Most entries per batch (the log engine's default otherwise). */
  readonly maxBatchSize?: number;
  /** Most appends waiting for a batch before `append` fails with PUSHBACK. */
  readonly maxQueueSize?: number;
}

/** Rekor's storage: the shared tile log plus a search index written in each batch's transaction. */
export class PostgresRekorStore {
  readonly #ds: DataSource;
  readonly #log: TransparencyLog;
  /** Index keys of entries waiting for their batch, by hex leaf hash. */
  readonly #pending = new Map<string, readonly string[]>();

  private constructor(ds: DataSource, options: RekorStoreOptions) {
    this.#ds = ds;
    this.#log = new TransparencyLog(ds, {
      schema: REKOR_SCHEMA,
      seal: options.seal,
      maxBatchSize: options.maxBatchSize,
      maxQueueSize: options.maxQueueSize,
      onBatch: (entries) => {
        const keys: string[] = [];
        const idxs: bigint[] = [];
        for (const e of entries) {
          const stored = new Set<string>();
          for (const key of this.#pending.get(e.leafHash.toString('hex')) ?? []) {
            const k = storedIndexKey(key);
            if (k !== undefined) stored.add(k);
          }
          for (const k of stored) {
            keys.push(k);
            idxs.push(e.index);
          }
        }
        if (keys.length === 0) return undefined;
        return {
          into: '"rekor".index_keys (key, idx)',
          select: (param) =>
            `SELECT * FROM unnest(${param(textArray(keys))}::text[], ${param(int8Array(idxs))}::bigint[])`,
          onConflict: 'ON CONFLICT DO NOTHING',
        };
      },
    });
  }

  /**
   * `seal` signs each new entry's SignedEntryTimestamp as its batch integrates; the SET is stored
   * with the entry (`LogEntry.seal`), so reads return it without signing.
   */
  static async open(ds: DataSource, options: RekorStoreOptions = {}): Promise<PostgresRekorStore> {
    const store = new PostgresRekorStore(ds, options);
    await store.#log.init();
    return store;
  }

  get log(): TransparencyLog {
    return this.#log;
  }

  /** Appends (or finds) the entry; resolves once its batch, index rows included, committed. */
  async append(entry: NewRekorEntry, leafHash: Buffer): Promise<AppendResult> {
    const key = leafHash.toString('hex');
    this.#pending.set(key, entry.indexKeys);
    try {
      // No identity of its own: the leaf hash is the entry's UUID (RekorLeafHashIdentityMigration).
      return await this.#log.append({ leafData: entry.body });
    } finally {
      this.#pending.delete(key);
    }
  }

  getByIndex(index: bigint): Promise<LogEntry | null> {
    return this.#log.getByIndex(index);
  }

  getByLeafHash(leafHash: Buffer): Promise<LogEntry | null> {
    return this.#log.getByLeafHash(leafHash);
  }

  inclusionProof(index: bigint, treeSize: bigint): Promise<InclusionProof> {
    return this.#log.inclusionProof(index, treeSize);
  }

  /** Leaf hashes of matching entries, ordered by log index. */
  async search(q: IndexQuery): Promise<{ index: bigint; leafHash: Buffer }[]> {
    const stored = q.groups.map((g) => g.map(storedIndexKey).filter((k) => k !== undefined));
    // An `and` with a group that can match nothing matches nothing.
    if (q.operator === 'and' && stored.some((g) => g.length === 0)) return [];
    const groups = stored.filter((g) => g.length > 0);
    if (groups.length === 0) return [];
    const keys: string[] = [];
    const group: number[] = [];
    groups.forEach((g, i) => g.forEach((k) => (keys.push(k), group.push(i))));
    const need = q.operator === 'and' ? groups.length : 1;
    const rows = await this.#ds.query<{ idx: string; leaf_hash: Buffer }[]>(
      `WITH q AS (SELECT * FROM unnest($1::text[], $2::int[]) AS q(key, grp)),
       hits AS (
         SELECT k.idx FROM "rekor".index_keys k JOIN q ON q.key = k.key
         WHERE k.idx > $3
         GROUP BY k.idx HAVING count(DISTINCT q.grp) >= $4
       )
       SELECT l.idx, l.leaf_hash FROM hits JOIN "rekor".leaves l ON l.idx = hits.idx
       ORDER BY l.idx LIMIT $5`,
      [keys, group, (q.afterIndex ?? -1n).toString(), need, q.limit],
    );
    return rows.map((r) => ({ index: BigInt(r.idx), leafHash: r.leaf_hash }));
  }

  close(): Promise<void> {
    return this.#log.close();
  }
}
