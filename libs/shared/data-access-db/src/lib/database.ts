import { execFile } from 'node:child_process';
import { access, mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { PromiseFirstClient } from './pg-client.js';

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
    extra: { max: options.poolSize ?? 10, Client: PromiseFirstClient },
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

/**
 * Creates a new embedded cluster (initdb) in a short-lived child process. initdb's few hundred MB
 * of transient WebAssembly memory go back to the OS when that process exits; freed in this process,
 * the allocator would keep most of it, and the server would idle ~150 MB larger after a first start.
 *
 * The child builds the cluster in `pg.init-<pid>` next to `dbPath`, and only a complete cluster is
 * renamed into place: a start interrupted anywhere (Ctrl-C, SIGKILL, a crash, even with the child
 * still running) leaves no half-built `pg` behind, and the next start clears the leftovers.
 */
async function initEmbeddedCluster(dbPath: string): Promise<void> {
  if (await exists(join(dbPath, 'PG_VERSION'))) return;
  const parent = dirname(dbPath);
  await mkdir(parent, { recursive: true });
  for (const entry of await readdir(parent)) {
    if (entry.startsWith(`${basename(dbPath)}.init-`)) {
      await rm(join(parent, entry), { recursive: true, force: true });
    }
  }
  // A `pg` without PG_VERSION is no cluster (an interrupted start of an older version): set aside.
  if (await exists(dbPath)) await rename(dbPath, `${dbPath}.incomplete-${Date.now()}`);
  const building = `${dbPath}.init-${process.pid}`;
  const pglite = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const code =
    'require(process.argv[1]).PGlite.create({ dataDir: process.argv[2] }).then((db) => db.close())';
  await new Promise<void>((resolve, reject) => {
    execFile(
      process.execPath,
      ['-e', code, pglite, building],
      { timeout: 300_000, maxBuffer: 1 << 20 },
      (err, _stdout, stderr) =>
        err
          ? reject(
              new Error(
                `creating the embedded database in ${dbPath} failed: ${stderr.trim() || err.message}`,
              ),
            )
          : resolve(),
    );
  });
  if (!(await exists(join(building, 'PG_VERSION')))) {
    throw new Error(`creating the embedded database in ${dbPath} failed: initdb left no cluster`);
  }
  await rename(building, dbPath);
}

function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

const EMBEDDED_SETTINGS = ['shared_buffers=32MB', 'wal_buffers=1MB'];

async function openEmbedded(options: DatabaseOptions): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  let dbPath: string | undefined;
  if (options.dataDir) {
    dbPath = join(options.dataDir, 'pg');
    await initEmbeddedCluster(dbPath);
  }
  // PostgreSQL's 128 MB of shared buffers would be most of the embedded process's memory; a laptop
  // install's working set (log tiles, TUF metadata) is far smaller, and the log engine caches tiles
  // in the process anyway. 32 MB keeps the idle process ~120 MB smaller.
  const pglite = await PGlite.create({
    dataDir: dbPath,
    startParams: [...PGlite.defaultStartParams, ...EMBEDDED_SETTINGS.flatMap((s) => ['-c', s])],
  });
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
      extra: { max: 1, Client: PromiseFirstClient },
    });
    await dataSource.initialize();
    if (options.migrate !== false) await dataSource.runMigrations({ transaction: 'each' });
  } catch (err) {
    await close().catch(() => undefined);
    throw err;
  }
  return { kind: 'embedded', dataSource, close };
}
