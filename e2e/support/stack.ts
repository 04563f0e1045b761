/**
 * Runs the all-in-one server (`apps/server/dist/main.js`) as a child process for end-to-end
 * tests: a temporary data directory and config file, free loopback ports, and either a throwaway
 * PostgreSQL database on TEST_DATABASE_URL or the embedded database. The server's output is kept
 * so a failing test can show it.
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
}

export interface StackExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export class SigsteadStack {
  private readonly lines: string[] = [];
  private exit: StackExit | undefined;
  private readonly exited: Promise<StackExit>;

  private constructor(
    private readonly child: ChildProcess,
    /** Fulcio's base URL (served at the host root). */
    readonly fulcioUrl: string,
    /** The CT log's base URL including its prefix: `<ctlogUrl>/ct/v1/get-sth`. */
    readonly ctlogUrl: string,
    /** Rekor's base URL (served at the host root). */
    readonly rekorUrl: string,
    readonly dataDir: string,
    private readonly database: ThrowawayDatabase | undefined,
  ) {
    for (const stream of [child.stdout, child.stderr]) {
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => this.record(chunk));
    }
    this.exited = new Promise((resolveExit) => {
      child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        resolveExit(this.exit);
      });
    });
  }

  /** Starts the server and resolves once it printed its ready line and every health check passes. */
  static async start(options: StackOptions): Promise<SigsteadStack> {
    if (!existsSync(SERVER_MAIN)) {
      throw new Error(`${SERVER_MAIN} does not exist: run \`npm run build\` first`);
    }
    const dataDir = await mkdtemp(join(tmpdir(), 'sigstead-e2e-'));
    const [fulcioPort, ctlogPort, devIssuerPort, rekorPort] = await freePorts(4);
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

    const child = spawn(process.execPath, [SERVER_MAIN, '--config', configPath], {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stack = new SigsteadStack(
      child,
      `http://127.0.0.1:${fulcioPort}`,
      `http://127.0.0.1:${ctlogPort}/${CT_PREFIX}`,
      `http://127.0.0.1:${rekorPort}`,
      dataDir,
      database,
    );
    try {
      await stack.waitUntilReady(
        [
          `http://127.0.0.1:${fulcioPort}/healthz`,
          `http://127.0.0.1:${ctlogPort}/healthz`,
          `http://127.0.0.1:${rekorPort}/healthz`,
        ],
        options.readyTimeoutMs ?? 120_000,
      );
    } catch (err) {
      await stack.stop();
      throw err;
    }
    return stack;
  }

  /** The server's recent stdout and stderr, for failure messages. */
  output(): string {
    return this.lines.join('\n');
  }

  /** Sends SIGTERM (SIGKILL after 15 s), then removes the data directory and database. */
  async stop(): Promise<StackExit> {
    if (!this.exit) {
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
      await this.exited;
      clearTimeout(timer);
    }
    await this.database?.drop();
    await rm(this.dataDir, { recursive: true, force: true });
    return this.exit!;
  }

  private record(chunk: string): void {
    for (const line of chunk.split('\n')) {
      if (line.trim() === '') continue;
      this.lines.push(line);
      if (this.lines.length > MAX_OUTPUT_LINES) this.lines.shift();
    }
  }

  private async waitUntilReady(healthUrls: string[], timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.exit) {
        throw new Error(
          `sigstead exited before it was ready (code ${this.exit.code}, signal ${this.exit.signal}):\n` +
            this.output(),
        );
      }
      if (this.lines.some((l) => l.includes(READY_LINE))) {
        const healthy = await Promise.all(healthUrls.map(isHealthy));
        if (healthy.every(Boolean)) return;
      }
      if (Date.now() > deadline) {
        throw new Error(`sigstead was not ready after ${timeoutMs} ms:\n${this.output()}`);
      }
      await sleep(200);
    }
  }
}

/** A database created for one stack on the server named by TEST_DATABASE_URL, dropped at the end. */
class ThrowawayDatabase {
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

function sleep(ms: number): Promise<void> {
  return new Promise((ok) => setTimeout(ok, ms));
}
