import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  createTlogLeafHashIdentityMigration,
  createTlogMigration,
  createTlogSealMigration,
  type TlogMigrationClass,
} from '@sigstead/data-access-tlog';

export const REKOR_SCHEMA = 'rekor';

/** The log's leaves, tiles and tree state (the shared engine's tables) in schema `rekor`. */
export const RekorLogMigration: TlogMigrationClass = createTlogMigration(
  REKOR_SCHEMA,
  'RekorLogInit1763942400000',
);

/**
 * The search index: one row per (key, entry). Written in the batch transaction that integrates the
 * entry, so it is complete; ordered by log index for paging.
 */
export class RekorIndexMigration1763942400001 implements MigrationInterface {
  readonly name = 'RekorIndexMigration1763942400001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "rekor".index_keys (
      key text NOT NULL CHECK (length(key) BETWEEN 1 AND 512),
      idx bigint NOT NULL REFERENCES "rekor".leaves (idx),
      PRIMARY KEY (key, idx)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS "rekor".index_keys`);
  }
}

/** `leaves.seal`: each entry's SignedEntryTimestamp, signed at integration and stored with it. */
export const RekorSealMigration: TlogMigrationClass = createTlogSealMigration(
  REKOR_SCHEMA,
  'RekorLogSeal1795305600001',
);

/**
 * Entries are appended without an identity of their own: a Rekor entry's UUID is its leaf hash,
 * which `leaves.leaf_hash` already holds under a unique index.
 */
export const RekorLeafHashIdentityMigration: TlogMigrationClass =
  createTlogLeafHashIdentityMigration(REKOR_SCHEMA, 'RekorLogLeafHashIdentity1795392000000');

/**
 * Drops the search index's foreign key to `leaves`. Its rows are written by the statement that
 * writes their leaves, guarded by the same compare-and-swap on the tree state (both or neither),
 * and leaves are never deleted, so the key never caught anything; its check cost PostgreSQL a
 * lookup and a row lock on the leaf for every index row (~15 µs of its CPU per entry at two keys).
 */
export class RekorIndexKeysUnlinked1795392000001 implements MigrationInterface {
  readonly name = 'RekorIndexKeysUnlinked1795392000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "rekor".index_keys DROP CONSTRAINT index_keys_idx_fkey`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE "rekor".index_keys ADD CONSTRAINT index_keys_idx_fkey FOREIGN KEY (idx) REFERENCES "rekor".leaves (idx)`,
    );
  }
}

export const RekorMigrations = [
  RekorLogMigration,
  RekorIndexMigration1763942400001,
  RekorSealMigration,
  RekorLeafHashIdentityMigration,
  RekorIndexKeysUnlinked1795392000001,
] as const;
