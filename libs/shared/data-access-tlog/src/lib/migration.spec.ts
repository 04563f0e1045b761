import { describe, expect, it } from 'vitest';
import type { QueryRunner } from 'typeorm';
import { EMPTY_ROOT } from '@sigstead/util-merkle';
import {
  createTlogLeafHashIdentityMigration,
  createTlogMigration,
  createTlogSealMigration,
} from './migration.js';

/** Records the SQL a migration would run (the DB-backed tests run it for real). */
function recorder(): { runner: QueryRunner; sql: string[]; params: unknown[][] } {
  const sql: string[] = [];
  const params: unknown[][] = [];
  const runner = {
    query: (q: string, p?: unknown[]) => {
      sql.push(q.replace(/\s+/g, ' '));
      params.push(p ?? []);
      return Promise.resolve([]);
    },
  } as unknown as QueryRunner;
  return { runner, sql, params };
}

describe('createTlogMigration', () => {
  it('creates the three tables in the given schema and seeds the empty tree', async () => {
    const Migration = createTlogMigration('rekor');
    const m = new Migration();
    expect(m.name).toBe('Tlog_rekor_1763769600000');
    const r = recorder();
    await m.up(r.runner);
    expect(r.sql[0]).toBe('CREATE SCHEMA IF NOT EXISTS "rekor"');
    expect(r.sql.slice(1, 4).map((s) => /CREATE TABLE (\S+)/.exec(s)![1])).toEqual([
      '"rekor".leaves',
      '"rekor".tiles',
      '"rekor".tree_state',
    ]);
    expect(r.params[4]).toEqual([EMPTY_ROOT]);
    const d = recorder();
    await m.down(d.runner);
    expect(d.sql).toEqual([
      'DROP TABLE IF EXISTS "rekor".tree_state, "rekor".tiles, "rekor".leaves',
    ]);
  });

  it('takes a custom name ending in a timestamp', () => {
    expect(new (createTlogMigration('ctlog', 'CtLogInit1763769600000'))().name).toBe(
      'CtLogInit1763769600000',
    );
  });

  it.each([
    ['Rekor', 'Tlog1763769600000'],
    ['re-kor', 'Tlog1763769600000'],
    ['pg_catalog', 'Tlog1763769600000'],
    ['x"; DROP TABLE y; --', 'Tlog1763769600000'],
    ['rekor', 'NoTimestamp'],
    ['rekor', 'Bad name 1763769600000'],
  ])('rejects schema %j / name %j', (schema, name) => {
    expect(() => createTlogMigration(schema, name)).toThrow(
      expect.objectContaining({ name: 'LogError', code: 'INVALID_ARGUMENT' }) as Error,
    );
  });
});

describe('createTlogSealMigration', () => {
  it('adds and drops the nullable seal column of the schema’s leaves', async () => {
    const m = new (createTlogSealMigration('rekor'))();
    expect(m.name).toBe('TlogSeal_rekor_1795305600000');
    const r = recorder();
    await m.up(r.runner);
    expect(r.sql).toEqual(['ALTER TABLE "rekor".leaves ADD COLUMN seal bytea']);
    const d = recorder();
    await m.down(d.runner);
    expect(d.sql).toEqual(['ALTER TABLE "rekor".leaves DROP COLUMN IF EXISTS seal']);
    expect(() => createTlogSealMigration('rekor', 'NoTimestamp')).toThrow(
      expect.objectContaining({ name: 'LogError', code: 'INVALID_ARGUMENT' }) as Error,
    );
  });
});

describe('createTlogLeafHashIdentityMigration', () => {
  it('makes the identity column optional and not unique, and back', async () => {
    const m = new (createTlogLeafHashIdentityMigration('rekor'))();
    expect(m.name).toBe('TlogLeafHashIdentity_rekor_1795392000000');
    const r = recorder();
    await m.up(r.runner);
    expect(r.sql).toEqual([
      'ALTER TABLE "rekor".leaves DROP CONSTRAINT leaves_identity_key, ALTER COLUMN identity DROP NOT NULL',
    ]);
    const d = recorder();
    await m.down(d.runner);
    expect(d.sql).toEqual([
      'UPDATE "rekor".leaves SET identity = leaf_hash WHERE identity IS NULL',
      'ALTER TABLE "rekor".leaves ALTER COLUMN identity SET NOT NULL, ADD CONSTRAINT leaves_identity_key UNIQUE (identity)',
    ]);
  });
});
