/**
 * Locates and runs the pinned reference clients that `scripts/install-clients.sh` installs.
 * Paths come from SIGSTEAD_COSIGN_V3 / SIGSTEAD_COSIGN_V2 / SIGSTEAD_REKOR_CLI /
 * SIGSTEAD_SIGSTORE_PYTHON, else from the cache layout under
 * ${SIGSTEAD_CLIENTS_DIR:-~/.cache/sigstead}. A missing client is `undefined`, so its tests skip
 * locally; in CI (`CI=true`) a missing client is an error, so a broken install never passes silently.
 *
 * Every run gets a sandbox: HOME, TUF_ROOT and XDG_* point into a temporary directory, the
 * environment is otherwise minimal (no ambient CI credentials), and outbound proxies point at a
 * closed loopback port, so a client that tries a public Sigstore instance fails at once instead
 * of touching real user state or waiting on the network. Loopback traffic is exempt.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const COSIGN_V3_VERSION = 'v3.1.3';
export const COSIGN_V2_VERSION = 'v2.6.5';
export const REKOR_CLI_VERSION = 'v1.5.4';
export const SIGSTORE_PYTHON_VERSION = '4.5.1';

export interface ClientPaths {
  readonly cosignV3?: string;
  readonly cosignV2?: string;
  readonly rekorCli?: string;
  /** The `sigstore` CLI entry point of sigstore-python's virtualenv. */
  readonly sigstorePython?: string;
  /** The Python interpreter of that virtualenv (drives sigstore-python as a library). */
  readonly sigstorePythonInterpreter?: string;
}

/** Finds the installed clients; absent ones are left undefined. */
export function locateClients(env: NodeJS.ProcessEnv = process.env): ClientPaths {
  const cache = env['SIGSTEAD_CLIENTS_DIR'] || join(homedir(), '.cache/sigstead');
  const pick = (variable: string, fallback: string): string | undefined => {
    const candidate = env[variable] || fallback;
    return isExecutable(candidate) ? candidate : undefined;
  };
  const sigstorePython = pick(
    'SIGSTEAD_SIGSTORE_PYTHON',
    join(cache, `venv-sigstore-${SIGSTORE_PYTHON_VERSION}/bin/sigstore`),
  );
  const interpreter = sigstorePython ? join(dirname(sigstorePython), 'python') : undefined;
  const paths: ClientPaths = {
    cosignV3: pick('SIGSTEAD_COSIGN_V3', join(cache, `bin/cosign-${COSIGN_V3_VERSION}`)),
    cosignV2: pick('SIGSTEAD_COSIGN_V2', join(cache, `bin/cosign-${COSIGN_V2_VERSION}`)),
    rekorCli: pick('SIGSTEAD_REKOR_CLI', join(cache, `bin/rekor-cli-${REKOR_CLI_VERSION}`)),
    sigstorePython,
    sigstorePythonInterpreter: interpreter && isExecutable(interpreter) ? interpreter : undefined,
  };
  const missing = Object.entries(paths)
    .filter(([, v]) => v === undefined)
    .map(([k]) => k);
  if (env['CI'] === 'true' && missing.length > 0) {
    throw new Error(
      `reference clients missing in CI: ${missing.join(', ')} (run scripts/install-clients.sh)`,
    );
  }
  return paths;
}

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The command line and its output, for assertion messages. */
  readonly transcript: string;
}

/** A throwaway home for client runs. */
export class ClientSandbox {
  private constructor(readonly dir: string) {}

  static async create(): Promise<ClientSandbox> {
    const dir = await mkdtemp(join(tmpdir(), 'sigstead-clients-'));
    for (const sub of ['home', 'tuf', 'config', 'cache', 'data', 'state', 'work']) {
      await mkdir(join(dir, sub));
    }
    return new ClientSandbox(dir);
  }

  /** A scratch directory for the test's files (tokens, artifacts, bundles). */
  get workDir(): string {
    return join(this.dir, 'work');
  }

  path(name: string): string {
    return join(this.workDir, name);
  }

  /** The environment every client runs with; `extra` adds client-specific variables. */
  env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    const closedPort = 'http://127.0.0.1:9';
    return {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      LANG: 'C.UTF-8',
      HOME: join(this.dir, 'home'),
      TUF_ROOT: join(this.dir, 'tuf'),
      XDG_CONFIG_HOME: join(this.dir, 'config'),
      XDG_CACHE_HOME: join(this.dir, 'cache'),
      XDG_DATA_HOME: join(this.dir, 'data'),
      XDG_STATE_HOME: join(this.dir, 'state'),
      HTTP_PROXY: closedPort,
      HTTPS_PROXY: closedPort,
      http_proxy: closedPort,
      https_proxy: closedPort,
      NO_PROXY: '127.0.0.1,localhost',
      no_proxy: '127.0.0.1,localhost',
      PYTHONDONTWRITEBYTECODE: '1',
      ...extra,
    };
  }

  /** Runs `file args…` in the work directory; never rejects on a non-zero exit. */
  run(
    file: string,
    args: readonly string[],
    extraEnv: Record<string, string> = {},
    timeoutMs = 120_000,
  ): Promise<RunResult> {
    return this.runIn(this.workDir, file, args, extraEnv, timeoutMs);
  }

  /** `run` in another directory (with the same sandboxed environment). */
  runIn(
    cwd: string,
    file: string,
    args: readonly string[],
    extraEnv: Record<string, string> = {},
    timeoutMs = 120_000,
  ): Promise<RunResult> {
    return new Promise((resolveRun) => {
      execFile(
        file,
        args,
        { cwd, env: this.env(extraEnv), timeout: timeoutMs, maxBuffer: 16 << 20 },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
          const envText = Object.entries(extraEnv)
            .map(([k, v]) => `${k}=${v} `)
            .join('');
          const transcript =
            `$ ${envText}${file} ${args.join(' ')}\n[exit ${code}${error?.killed ? ', killed' : ''}]\n` +
            `--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`;
          resolveRun({ code, stdout, stderr, transcript });
        },
      );
    });
  }

  async remove(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** Whether `path` is an executable file. */
export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
