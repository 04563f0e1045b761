import type { MigrationInterface, QueryRunner } from 'typeorm';

export const TUF_SCHEMA = 'tuf';

/**
 * The TUF repository, shared by every replica:
 * - `metadata`: every published version of every role, as the exact bytes served. Rows are never
 *   updated or deleted; (role, version) is unique, so two writers cannot publish the same version.
 * - `target_files`: target contents by name and SHA-256 (consistent snapshots serve every version).
 * - `trust_material`: what the services registered for the trust root, with validity windows. Entries
 *   are closed (`valid_to`) when replaced, never removed.
 */
export class TufInit1764460800000 implements MigrationInterface {
  readonly name = 'TufInit1764460800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS "tuf"`);
    await q.query(`CREATE TABLE "tuf".metadata (
      role text NOT NULL CHECK (role IN ('root', 'targets', 'snapshot', 'timestamp')),
      version integer NOT NULL CHECK (version >= 1),
      body bytea NOT NULL,
      expires timestamptz NOT NULL,
      published_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (role, version)
    )`);
    await q.query(`CREATE TABLE "tuf".target_files (
      name text NOT NULL CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$'),
      sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      body bytea NOT NULL,
      PRIMARY KEY (name, sha256)
    )`);
    await q.query(`CREATE TABLE "tuf".trust_material (
      id bigserial PRIMARY KEY,
      kind text NOT NULL CHECK (kind IN ('ca', 'tlog', 'ctlog', 'tsa', 'oidc')),
      url text NOT NULL,
      fingerprint text NOT NULL UNIQUE,
      der jsonb NOT NULL,
      valid_from timestamptz NOT NULL,
      valid_to timestamptz,
      CHECK (valid_to IS NULL OR valid_to >= valid_from)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA IF EXISTS "tuf" CASCADE`);
  }
}

export const TufMigrations = [TufInit1764460800000] as const;
