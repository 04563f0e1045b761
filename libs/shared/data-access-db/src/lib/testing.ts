import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { openDatabase, type Database, type MigrationClass } from './database.js';

export interface TestBackend {
  readonly name: 'postgres' | 'embedded';
  /** Opens a fresh, empty database with the given migrations applied. */
  open(migrations: readonly MigrationClass[]): Promise<TestDatabase>;
}

export interface TestDatabase extends Database {
  /** Connection URL (postgres) or data directory (embedded) so a test can open it a second time. */
  readonly location: { url?: string; dataDir?: string };
}

/**
 * The storage backends tests must cover: the embedded PGlite always, and the real PostgreSQL named by
 * `TEST_DATABASE_URL`. In CI (`CI=true`) a missing PostgreSQL is an error, not a skipped backend.
 */
export function testBackends(): TestBackend[] {
  const url = process.env['TEST_DATABASE_URL'];
  if (!url && process.env['CI'] === 'true') {
    throw new Error('TEST_DATABASE_URL must point at PostgreSQL in CI');
  }
  const backends: TestBackend[] = [embeddedBackend()];
  if (url) backends.push(postgresBackend(url));
  return backends;
}

function embeddedBackend(): TestBackend {
  return {
    name: 'embedded',
    async open(migrations) {
      const dataDir = await mkdtemp(join(tmpdir(), 'sigstead-test-'));
      const db = await openDatabase({ dataDir, migrations });
      return {
        ...db,
        location: { dataDir },
        close: async () => {
          await db.close();
          await rm(dataDir, { recursive: true, force: true });
        },
      };
    },
  };
}

function postgresBackend(adminUrl: string): TestBackend {
  return {
    name: 'postgres',
    async open(migrations) {
      const name = `sigstead_test_${randomBytes(6).toString('hex')}`;
      await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      const db = await openDatabase({ url: url.toString(), migrations, poolSize: 8 });
      return {
        ...db,
        location: { url: url.toString() },
        close: async () => {
          await db.close();
          await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        },
      };
    },
  };
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
