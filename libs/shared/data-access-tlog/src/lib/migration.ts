import type { MigrationInterface, QueryRunner } from 'typeorm';
import { EMPTY_ROOT } from '@sigstead/util-merkle';
import { LogError } from './error.js';
import { logTables } from './schema.js';

/** A TypeORM migration class (what `DataSource.migrations` takes). */
export type TlogMigrationClass = new () => MigrationInterface;

/**
 * The tables of one log in its own schema:
 * - `leaves`: one row per entry, `idx` contiguous from 0; `identity` is the caller's dedup key.
 * - `tiles`: c2sp.org/tlog-tiles hash tiles; full tiles are written once, the partial tile at the
 *   right edge of each level above 0 is rewritten as it grows (never shrinks). Level 0's partial
 *   tile is not stored, as its entries are the leaf hashes in `leaves` (a row written by an earlier
 *   version stays until the tile is full and overwrites it).
 * - `tree_state`: the single row holding the size and root that `leaves` and `tiles` match; the
 *   sequencer locks it for every batch, which serialises appends across replicas.
 *
 * `name` must end in a 13-digit millisecond timestamp (TypeORM orders migrations by it) and be
 * unique in the migrations table; the default is derived from the schema.
 */
export function createTlogMigration(
  schema: string,
  name = `Tlog_${schema}_1763769600000`,
): TlogMigrationClass {
  const t = logTables(schema);
  return migration(
    name,
    async (q) => {
      await q.query(`CREATE SCHEMA IF NOT EXISTS ${t.schema}`);
      await q.query(`CREATE TABLE ${t.leaves} (
        idx bigint PRIMARY KEY CHECK (idx >= 0),
        leaf_hash bytea NOT NULL UNIQUE CHECK (octet_length(leaf_hash) = 32),
        identity bytea NOT NULL UNIQUE,
        leaf_data bytea NOT NULL,
        extra bytea,
        integrated_at bigint NOT NULL
      )`);
      await q.query(`CREATE TABLE ${t.tiles} (
        level int NOT NULL CHECK (level BETWEEN 0 AND 63),
        idx bigint NOT NULL CHECK (idx >= 0),
        width int NOT NULL CHECK (width BETWEEN 1 AND 256),
        hashes bytea NOT NULL CHECK (octet_length(hashes) = width * 32),
        PRIMARY KEY (level, idx)
      )`);
      await q.query(`CREATE TABLE ${t.treeState} (
        id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
        size bigint NOT NULL CHECK (size >= 0),
        root_hash bytea NOT NULL CHECK (octet_length(root_hash) = 32),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
      await q.query(`INSERT INTO ${t.treeState} (id, size, root_hash) VALUES (1, 0, $1)`, [
        EMPTY_ROOT,
      ]);
    },
    // Drops the log's tables; the schema itself stays (other features may own tables in it).
    async (q) => {
      await q.query(`DROP TABLE IF EXISTS ${t.treeState}, ${t.tiles}, ${t.leaves}`);
    },
  );
}

/**
 * Adds `leaves.seal`: the log's signature over each entry, made at integration by the log's sealer
 * (see `TlogOptions.seal`) so that reads need not sign. Nullable: entries stored before it, and
 * logs without a sealer, have none. Every log created with `createTlogMigration` needs it.
 */
export function createTlogSealMigration(
  schema: string,
  name = `TlogSeal_${schema}_1795305600000`,
): TlogMigrationClass {
  const t = logTables(schema);
  return migration(
    name,
    async (q) => {
      await q.query(`ALTER TABLE ${t.leaves} ADD COLUMN seal bytea`);
    },
    async (q) => {
      await q.query(`ALTER TABLE ${t.leaves} DROP COLUMN IF EXISTS seal`);
    },
  );
}

/**
 * Lets the log's items omit their identity (`LogItem.identity`), for logs whose dedup key is the
 * leaf hash itself (Rekor's entry UUID is its leaf hash): `leaves.identity` becomes nullable and
 * loses its unique index, so such entries store the 32 bytes once, and each append updates two
 * unique indexes instead of three. Rows written before keep their copy. `down` fills the column
 * from the leaf hash again and restores the index.
 */
export function createTlogLeafHashIdentityMigration(
  schema: string,
  name = `TlogLeafHashIdentity_${schema}_1795392000000`,
): TlogMigrationClass {
  const t = logTables(schema);
  return migration(
    name,
    async (q) => {
      // The unique constraint's name is the one PostgreSQL gave it in createTlogMigration.
      await q.query(
        `ALTER TABLE ${t.leaves} DROP CONSTRAINT leaves_identity_key, ALTER COLUMN identity DROP NOT NULL`,
      );
    },
    async (q) => {
      await q.query(`UPDATE ${t.leaves} SET identity = leaf_hash WHERE identity IS NULL`);
      await q.query(
        `ALTER TABLE ${t.leaves} ALTER COLUMN identity SET NOT NULL, ADD CONSTRAINT leaves_identity_key UNIQUE (identity)`,
      );
    },
  );
}

/** A migration class named `name` (checked) running `up` and `down`. */
function migration(
  name: string,
  up: (q: QueryRunner) => Promise<void>,
  down: (q: QueryRunner) => Promise<void>,
): TlogMigrationClass {
  if (!/^[A-Za-z_][A-Za-z0-9_]*[0-9]{13}$/.test(name)) {
    throw new LogError('INVALID_ARGUMENT', 'migration name must end in a 13-digit timestamp');
  }
  return class TlogMigration implements MigrationInterface {
    readonly name = name;
    up = up;
    down = down;
  };
}
