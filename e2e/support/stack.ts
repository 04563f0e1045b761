/**
 * Runs the all-in-one server (`apps/server/dist/main.js`) as a child process for end-to-end
 * tests: a temporary data directory and config file, free loopback ports, and either a throwaway
 * PostgreSQL database on TEST_DATABASE_URL or the embedded database. The server's output is kept
 * so a failing test can show it. `kill` ends the server abruptly and keeps its state; `restart` starts
 * it again on the same data directory, database, ports and key passphrase.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { stringify } from 'yaml';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The `sigstead` command line (built by `npm run build`). */
export const CLI_MAIN = join(REPO_ROOT, 'apps/cli/bin/sigstead.js');
/** SIGSTEAD_E2E_SERVER runs the suite against another build of the server's entry point. */
const SERVER_MAIN =
  process.env['SIGSTEAD_E2E_SERVER'] || join(REPO_ROOT, 'apps/server/dist/main.js');
const READY_LINE = 'sigstead ready';
const CT_PREFIX = 'sigstead';
const MAX_OUTPUT_LINES = 400;

export interface StackOptions {
  /** Fulcio's own issuer configuration (`oidc-issuers`, `meta-issuers`, …), passed verbatim. */
  readonly fulcioConfig: Record<string, unknown>;
  /** Default: `postgres` when TEST_DATABASE_URL is set, else `embedded`. */
  readonly database?: 'embedded' | 'postgres';
  readonly readyTimeoutMs?: number;
  /** Server worker processes sharing the ports (PostgreSQL only). */
  readonly workers?: number;
  /** Extra `tuf` settings (the repository runs with server-held keys unless this says otherwise). */
  readonly tuf?: Record<string, unknown>;
  /** Flags for `node` ahead of the server's script, as an operator's command line might carry. */
  readonly nodeArgs?: readonly string[];
}

export interface StackExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** How one server is run: everything a restart needs to start it again the same way. */
interface Launch {
  readonly configPath: string;
  config: Record<string, unknown>;
  readonly env: NodeJS.ProcessEnv;
  readonly healthUrls: readonly string[];
  readonly readyTimeoutMs: number;
  readonly nodeArgs: readonly string[];
}

export class SigsteadStack {
  private readonly lines: string[] = [];
  private server: ServerProcess;

  private constructor(
    private readonly launch: Launch,
    /** Fulcio's base URL (served at the host root). */
    readonly fulcioUrl: string,
    /** The CT log's base URL including its prefix: `<ctlogUrl>/ct/v1/get-sth`. */
    readonly ctlogUrl: string,
    /** Rekor's base URL (served at the host root). */
    readonly rekorUrl: string,
    /** The TUF mirror's base URL (`<tufUrl>/1.root.json`). */
    readonly tufUrl: string,
    readonly dataDir: string,
    private readonly database: ThrowawayDatabase | undefined,
  ) {
    this.server = this.spawnServer();
  }

  /** Starts the server and resolves once it printed its ready line and every health check passes. */
  static async start(options: StackOptions): Promise<SigsteadStack> {
    if (!existsSync(SERVER_MAIN)) {
      throw new Error(`${SERVER_MAIN} does not exist: run \`npm run build\` first`);
    }
    const dataDir = await mkdtemp(join(tmpdir(), 'sigstead-e2e-'));
    const [fulcioPort, ctlogPort, devIssuerPort, rekorPort, tufPort] = await freePorts(5);
    const config = {
      dataDir,
      ...(options.workers ? { workers: options.workers } : {}),
      fulcio: {
        port: fulcioPort,
        publicUrl: `http://127.0.0.1:${fulcioPort}`,
        config: options.fulcioConfig,
      },
      ctlog: { port: ctlogPort, publicUrl: `http://127.0.0.1:${ctlogPort}`, prefix: CT_PREFIX },
      devIssuer: { enabled: false, port: devIssuerPort },
      rekor: { port: rekorPort, publicUrl: `http://127.0.0.1:${rekorPort}` },
      tuf: {
        port: tufPort,
        publicUrl: `http://127.0.0.1:${tufPort}`,
        keys: 'generated',
        ...options.tuf,
      },
    };
    const configPath = join(dataDir, 'sigstead.yaml');
    await writeFile(configPath, stringify(config));

    const mode = options.database ?? (process.env['TEST_DATABASE_URL'] ? 'postgres' : 'embedded');
    const database = mode === 'postgres' ? await ThrowawayDatabase.create() : undefined;
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env['DATABASE_URL'];
    delete env['REDIS_URL'];
    delete env['SIGSTEAD_CONFIG'];
    if (database) env['DATABASE_URL'] = database.url;
    // Keys are generated on first start and encrypted with this passphrase.
    env['SIGSTEAD_KEY_PASSPHRASE'] = randomBytes(16).toString('hex');

    const stack = new SigsteadStack(
      {
        configPath,
        config,
        env,
        healthUrls: [
          `http://127.0.0.1:${fulcioPort}/healthz`,
          `http://127.0.0.1:${ctlogPort}/healthz`,
          `http://127.0.0.1:${rekorPort}/healthz`,
          `http://127.0.0.1:${tufPort}/healthz`,
        ],
        readyTimeoutMs: options.readyTimeoutMs ?? 120_000,
        nodeArgs: options.nodeArgs ?? [],
      },
      `http://127.0.0.1:${fulcioPort}`,
      `http://127.0.0.1:${ctlogPort}/${CT_PREFIX}`,
      `http://127.0.0.1:${rekorPort}`,
      `http://127.0.0.1:${tufPort}`,
      dataDir,
      database,
    );
    try {
      await stack.waitUntilReady();
    } catch (err) {
      await stack.stop();
      throw err;
    }
    return stack;
  }

  /**
   * What the `sigstead` CLI needs to work on this stack's repository: its config file and (on
   * PostgreSQL) its database. On the embedded database the server must be stopped first.
   */
  cliEnv(): Record<string, string> {
    return {
      SIGSTEAD_CONFIG: this.launch.configPath,
      ...(this.database ? { DATABASE_URL: this.database.url } : {}),
    };
  }

  /** Rewrites the config file (applied by the next `restart`). */
  async reconfigure(
    change: (config: Record<string, unknown>) => Record<string, unknown>,
  ): Promise<void> {
    this.launch.config = change(this.launch.config);
    await writeFile(this.launch.configPath, stringify(this.launch.config));
  }

  /** Whether the stack runs on the embedded database (one process: the CLI needs it stopped). */
  get embedded(): boolean {
    return this.database === undefined;
  }

  /** The server's recent stdout and stderr (across restarts), for failure messages. */
  output(): string {
    return this.lines.join('\n');
  }

  /**
   * Sends `signal` to the server's whole process group (the primary and any workers it forked) and
   * waits until they have exited. The data directory and database are kept for `restart`.
   */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<StackExit> {
    const { child, exited } = this.server;
    if (!this.server.exit && child.pid !== undefined) {
      try {
        process.kill(-child.pid, signal);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
      }
    }
    const exit = await exited;
    if (child.pid !== undefined) await groupGone(child.pid);
    return exit;
  }

  /** Starts the server again on the same data directory and database after it exited. */
  async restart(): Promise<void> {
    if (!this.server.exit) throw new Error('sigstead is still running; kill or stop it first');
    this.record(`--- restarting sigstead ---`);
    this.server = this.spawnServer();
    await this.waitUntilReady();
  }

  /**
   * A second process serving only the TUF repository, on the same database and online key (what a
   * second replica of the `tuf` Deployment is). PostgreSQL only: the embedded database is one process.
   */
  async startTufReplica(): Promise<{ readonly url: string; stop(): Promise<void> }> {
    if (!this.database) throw new Error('a TUF replica needs the PostgreSQL database');
    const dataDir = await mkdtemp(join(tmpdir(), 'sigstead-e2e-replica-'));
    const [port] = await freePorts(1);
    const configPath = join(dataDir, 'sigstead.yaml');
    await writeFile(
      configPath,
      stringify({
        dataDir,
        fulcio: { enabled: false },
        ctlog: { enabled: false },
        rekor: { enabled: false },
        tuf: {
          port,
          publicUrl: `http://127.0.0.1:${port}`,
          keys: 'offline',
          onlineKeyFile: join(this.dataDir, 'keys/tuf/online.key.pem'),
        },
      }),
    );
    const child = spawn(process.execPath, [SERVER_MAIN, '--config', configPath], {
      cwd: REPO_ROOT,
      env: this.launch.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    for (const stream of [child.stdout, child.stderr]) {
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => (output += chunk));
    }
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    const stop = async () => {
      child.kill('SIGTERM');
      await exited;
      await rm(dataDir, { recursive: true, force: true });
    };
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 60_000;
    while (!(await isHealthy(`${url}/healthz`))) {
      if (child.exitCode !== null || Date.now() > deadline) {
        await stop();
        throw new Error(`the TUF replica did not start:\n${output}`);
      }
      await sleep(200);
    }
    return { url, stop };
  }

  /** Sends SIGTERM (SIGKILL after 15 s), then removes the data directory and database. */
  async stop(): Promise<StackExit> {
    const { child, exited } = this.server;
    if (!this.server.exit) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    await this.database?.drop();
    await rm(this.dataDir, { recursive: true, force: true });
    return this.server.exit!;
  }

  private spawnServer(): ServerProcess {
    // Its own process group, so `kill` reaches the workers a primary forked as well.
    const args = [...this.launch.nodeArgs, SERVER_MAIN, '--config', this.launch.configPath];
    const child = spawn(process.execPath, args, {
      cwd: REPO_ROOT,
      env: this.launch.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const server: ServerProcess = {
      child,
      exit: undefined,
      exited: new Promise((resolveExit) => {
        child.once('exit', (code, signal) => {
          server.exit = { code, signal };
          resolveExit(server.exit);
        });
      }),
      ready: false,
    };
    for (const stream of [child.stdout, child.stderr]) {
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => this.record(chunk, server));
    }
    return server;
  }

  private record(chunk: string, server?: ServerProcess): void {
    for (const line of chunk.split('\n')) {
      if (line.trim() === '') continue;
      this.lines.push(line);
      if (this.lines.length > MAX_OUTPUT_LINES) this.lines.shift();
      if (server && line.includes(READY_LINE)) server.ready = true;
    }
  }

  private async waitUntilReady(): Promise<void> {
    const { healthUrls, readyTimeoutMs } = this.launch;
    const server = this.server;
    const deadline = Date.now() + readyTimeoutMs;
    for (;;) {
      if (server.exit) {
        throw new Error(
          `sigstead exited before it was ready (code ${server.exit.code}, signal ${server.exit.signal}):\n` +
            this.output(),
        );
      }
      if (server.ready) {
        const healthy = await Promise.all(healthUrls.map(isHealthy));
        if (healthy.every(Boolean)) return;
      }
      if (Date.now() > deadline) {
        throw new Error(`sigstead was not ready after ${readyTimeoutMs} ms:\n${this.output()}`);
      }
      await sleep(200);
    }
  }
}

/** One run of the server process. */
interface ServerProcess {
  readonly child: ChildProcess;
  exit: StackExit | undefined;
  readonly exited: Promise<StackExit>;
  /** Whether this run printed its ready line (earlier runs' lines stay in the output). */
  ready: boolean;
}

/** A database created for one stack on the server named by TEST_DATABASE_URL, dropped at the end. */
/** A database of its own on the TEST_DATABASE_URL server, dropped with `drop`. */
export class ThrowawayDatabase {
  private constructor(
    private readonly adminUrl: string,
    private readonly name: string,
    readonly url: string,
  ) {}

  static async create(): Promise<ThrowawayDatabase> {
    const adminUrl = process.env['TEST_DATABASE_URL'];
    if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set');
    const name = `sigstead_e2e_${randomBytes(6).toString('hex')}`;
    await withClient(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return new ThrowawayDatabase(adminUrl, name, url.toString());
  }

  async drop(): Promise<void> {
    await withClient(this.adminUrl, (c) =>
      c.query(`DROP DATABASE IF EXISTS ${this.name} WITH (FORCE)`),
    );
  }
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function isHealthy(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await res.body?.cancel();
    return res.status === 200;
  } catch {
    return false;
  }
}

/** Distinct free loopback ports (held open together so they differ, then released). */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, async () => {
      const server = createServer();
      await new Promise<void>((ok, fail) => {
        server.once('error', fail);
        server.listen(0, '127.0.0.1', () => ok());
      });
      return server;
    }),
  );
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise<void>((ok) => s.close(() => ok()))));
  return ports;
}

/**
 * Waits (up to 10 s) until no process of the group is left, so a restart finds the ports free. A
 * worker orphaned by its primary may linger as a zombie where nothing reaps it; that holds no ports.
 */
async function groupGone(pgid: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    try {
      process.kill(-pgid, 0);
    } catch {
      return;
    }
    await sleep(50);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((ok) => setTimeout(ok, ms));
}
