import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';

/** A TypeORM migration class; every service ships its own, reviewed, never `synchronize`. */
export type MigrationClass = new () => MigrationInterface;

export interface DatabaseOptions {
  /** `postgres://…` selects a real server; without it an embedded PGlite lives under `dataDir`. */
  readonly url?: string;
  /** Directory for the embedded database (ignored with `url`); `undefined` means in memory. */
  readonly dataDir?: string;
  readonly migrations: readonly MigrationClass[];
  /** Run pending migrations on open (default true); production can run them as a separate step. */
  readonly migrate?: boolean;
  /** Connection pool size for a real server (default 10). The embedded database has one connection. */
  readonly poolSize?: number;
  readonly applicationName?: string;
}

export interface Database {
  readonly kind: 'postgres' | 'embedded';
  readonly dataSource: DataSource;
  close(): Promise<void>;
}

// Arbitrary constant key for the advisory lock that serialises migration runs across replicas.
const MIGRATION_LOCK_KEY = 0x5167_5354;

/**
 * Opens the one database a process uses. Both modes speak the PostgreSQL wire protocol through `pg`:
 * the embedded PGlite is served on a private unix socket, so there is one SQL dialect and one driver.
 */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url) return openServer(options.url, options);
  return openEmbedded(options);
}

async function openServer(url: string, options: DatabaseOptions): Promise<Database> {
  const dataSource = new DataSource({
    type: 'postgres',
    url,
    migrations: [...options.migrations],
    migrationsTableName: 'sigstead_migrations',
    applicationName: options.applicationName ?? 'sigstead',
    extra: { max: options.poolSize ?? 10 },
  });
  await dataSource.initialize();
  try {
    if (options.migrate !== false) await migrateLocked(dataSource);
  } catch (err) {
    await dataSource.destroy();
    throw err;
  }
  return { kind: 'postgres', dataSource, close: () => dataSource.destroy() };
}

async function migrateLocked(dataSource: DataSource): Promise<void> {
  const runner: QueryRunner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await runner
      .query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY])
      .catch(() => undefined);
    await runner.release();
  }
}

async function openEmbedded(options: DatabaseOptions): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  let dbPath: string | undefined;
  if (options.dataDir) {
    dbPath = join(options.dataDir, 'pg');
    await mkdir(dbPath, { recursive: true });
  }
  const pglite = dbPath ? await PGlite.create(dbPath) : await PGlite.create();
  // Unix socket paths are limited to ~107 bytes, so the socket lives in a short private temp dir.
  let socketDir: string | undefined;
  let server: InstanceType<typeof PGLiteSocketServer> | undefined;
  let dataSource: DataSource | undefined;
  const close = async () => {
    if (dataSource?.isInitialized) await dataSource.destroy();
    await server?.stop();
    await pglite.close();
    if (socketDir) await rm(socketDir, { recursive: true, force: true });
  };
  try {
    socketDir = await mkdtemp(join(tmpdir(), 'sigstead-pg-'));
    server = new PGLiteSocketServer({
      db: pglite,
      path: join(socketDir, '.s.PGSQL.5432'),
      maxConnections: 1,
    });
    await server.start();
    dataSource = new DataSource({
      type: 'postgres',
      host: socketDir,
      port: 5432,
      username: 'postgres',
      database: 'postgres',
      migrations: [...options.migrations],
      migrationsTableName: 'sigstead_migrations',
      extra: { max: 1 },
    });
    await dataSource.initialize();
    if (options.migrate !== false) await dataSource.runMigrations({ transaction: 'each' });
  } catch (err) {
    await close().catch(() => undefined);
    throw err;
  }
  return { kind: 'embedded', dataSource, close };
}
