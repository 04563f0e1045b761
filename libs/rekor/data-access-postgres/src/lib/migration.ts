import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
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

export const RekorMigrations = [
  RekorLogMigration,
  RekorIndexMigration1763942400001,
  RekorSealMigration,
] as const;
