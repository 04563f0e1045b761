import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from './database.js';
import { testBackends, type TestDatabase } from './testing.js';

class CreateProbe1700000000000 implements MigrationInterface {
  name = 'CreateProbe1700000000000';
  async up(q: QueryRunner) {
    await q.query('CREATE SCHEMA probe');
    await q.query('CREATE TABLE probe.items (id bigint PRIMARY KEY, body bytea NOT NULL)');
  }
  async down(q: QueryRunner) {
    await q.query('DROP SCHEMA probe CASCADE');
  }
}

describe.each(testBackends())('openDatabase on $name', (backend) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await backend.open([CreateProbe1700000000000]);
  });
  afterAll(async () => {
    await db.close();
  });

  it('applies migrations and round-trips bytea and bigint values', async () => {
    const body = Buffer.from([0, 1, 2, 255]);
    await db.dataSource.query('INSERT INTO probe.items (id, body) VALUES ($1, $2)', [
      '9007199254740993',
      body,
    ]);
    const rows: { id: string; body: Buffer }[] = await db.dataSource.query(
      'SELECT id, body FROM probe.items',
    );
    expect(rows).toEqual([{ id: '9007199254740993', body }]);
  });

  it('commits concurrent transactions, serialised on the embedded connection', async () => {
    const txs = Array.from({ length: 5 }, (_, i) =>
      db.dataSource.transaction(async (m) => {
        await m.query('INSERT INTO probe.items (id, body) VALUES ($1, $2)', [
          100 + i,
          Buffer.alloc(1),
        ]);
        const [{ n }] = await m.query(
          'SELECT count(*)::int AS n FROM probe.items WHERE id BETWEEN 100 AND 199',
        );
        return n as number;
      }),
    );
    const seen = await Promise.all(txs);
    // One embedded connection runs whole transactions one after another; a server runs them side by side.
    if (db.kind === 'embedded') expect(seen.sort()).toEqual([1, 2, 3, 4, 5]);
    const [{ n }] = await db.dataSource.query(
      'SELECT count(*)::int AS n FROM probe.items WHERE id BETWEEN 100 AND 199',
    );
    expect(n).toBe(5);
  });

  it('keeps data and skips applied migrations when reopened', async () => {
    if (db.kind === 'embedded') return; // one process owns an embedded data dir at a time
    const again = await openDatabase({ ...db.location, migrations: [CreateProbe1700000000000] });
    const [{ n }] = await again.dataSource.query('SELECT count(*)::int AS n FROM probe.items');
    expect(n).toBeGreaterThan(0);
    await again.close();
  });
});

describe('embedded database', () => {
  it('persists across reopen of the same data directory', async () => {
    const [backend] = testBackends();
    const db = await backend!.open([CreateProbe1700000000000]);
    const { dataDir } = db.location;
    await db.dataSource.query('INSERT INTO probe.items (id, body) VALUES (1, $1)', [
      Buffer.from('x'),
    ]);
    await db.dataSource.destroy();
    // Reopen while the first PGlite is still closing would race; close fully but keep the directory.
    const reopened = await openDatabase({
      dataDir: dataDir!,
      migrations: [CreateProbe1700000000000],
    });
    const rows: unknown[] = await reopened.dataSource.query('SELECT id FROM probe.items');
    expect(rows).toHaveLength(1);
    await reopened.close();
    await db.close().catch(() => undefined);
  });

  it('builds a new cluster aside and clears what an interrupted first start left', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sigstead-db-init-'));
    try {
      // An initdb killed halfway (its own directory) and a `pg` without PG_VERSION.
      await mkdir(join(dataDir, 'pg.init-99999/base'), { recursive: true });
      await mkdir(join(dataDir, 'pg'));
      await writeFile(join(dataDir, 'pg/postgresql.conf'), '# torn\n');
      const db = await openDatabase({ dataDir, migrations: [CreateProbe1700000000000] });
      const rows: unknown[] = await db.dataSource.query('SELECT count(*) FROM probe.items');
      expect(rows).toHaveLength(1);
      await db.close();
      const entries = await readdir(dataDir);
      expect(entries).toContain('pg');
      expect(entries.filter((e) => e.startsWith('pg.init-'))).toEqual([]);
      expect(entries.filter((e) => e.startsWith('pg.incomplete-'))).toHaveLength(1);
      expect(await readFile(join(dataDir, 'pg/PG_VERSION'), 'utf8')).toMatch(/^\d+/);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
