/**
 * The quick start, as the README tells it: `npm start` (scripts/start.mjs) on the shipped embedded
 * configuration (only its ports moved to free ones), then the commands the server prints, run by a
 * POSIX shell exactly as printed: `eval "$(npx sigstead env)"`, a dev token, an image pushed with
 * `cosign upload blob` to a local registry, then cosign v3, cosign v2 and sigstore-python signing
 * and verifying it (and a blob). Then `sigstead status`, a second instance refused on the same data
 * directory, Ctrl-C, and a restart that keeps the keys, the log and the trust root.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { ClientSandbox, locateClients, type RunResult } from './support/clients.js';
import { LocalRegistry, locateDockerRegistry } from './support/registry.js';
import { CLI_MAIN, REPO_ROOT, ThrowawayDatabase, freePorts } from './support/stack.js';

const clients = locateClients();
const dockerRegistry = locateDockerRegistry();
const START = join(REPO_ROOT, 'scripts/start.mjs');
const READY_TIMEOUT_MS = 120_000;

interface Started {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  output(): string;
}

let dir: string;
let configPath: string;
let ports: Record<'fulcio' | 'ctlog' | 'rekor' | 'tuf' | 'issuer', number>;
let server: Started;
let readyMs: number;
let sandbox: ClientSandbox;
let registry: LocalRegistry | undefined;

/** The environment of a fresh shell: nothing of a production setup leaks into the quick start. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ['DATABASE_URL', 'REDIS_URL', 'SIGSTEAD_CONFIG', 'SIGSTEAD_KEY_PASSPHRASE'])
    delete env[name];
  return env;
}

/** `npm start -- --config FILE` in `cwd`: resolves once the whole banner is out. */
async function start(
  extraEnv: Record<string, string> = {},
  cwd = dir,
  config = configPath,
): Promise<Started> {
  // Its own process group, so a failed start takes the build and initdb children with it.
  const child = spawn(process.execPath, [START, '--config', config], {
    cwd,
    env: { ...cleanEnv(), ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let text = '';
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => (text += chunk));
  }
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const started = { child, exited, output: () => text };
  const deadline = Date.now() + READY_TIMEOUT_MS;
  // The banner's last line is sigstore-js's verify options.
  while (!/certificateIssuer.*\n/.test(text)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      killGroup(child, 'SIGKILL');
      throw new Error(`npm start did not come up:\n${text}`);
    }
    await new Promise((ok) => setTimeout(ok, 100));
  }
  return started;
}

async function stop(s: Started, signal: NodeJS.Signals = 'SIGINT'): Promise<number | null> {
  if (s.child.exitCode === null) killGroup(s.child, signal);
  return s.exited;
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
}

/** Runs the CLI the way `npx sigstead …` does, in the quick start's directory. */
function cli(...args: string[]): Promise<RunResult> {
  return sandbox.runIn(dir, process.execPath, [CLI_MAIN, ...args], {
    SIGSTEAD_TUF_URL: `http://localhost:${ports.tuf}`,
  });
}

/** The banner's `eval "$(npx sigstead env …)"` line. */
function envLine(from: Started = server): string {
  const line = from
    .output()
    .split('\n')
    .find((l) => l.includes('eval "$(npx sigstead env'));
  expect(line, from.output()).toBeDefined();
  return line!.replace(/#.*$/, '').trim();
}

/** The indented commands under `heading` in the banner (up to the next blank line). */
function bannerSection(banner: string, heading: string): string[] {
  const lines = banner.split('\n');
  const at = lines.findIndex((l) => l.startsWith(`  ${heading}`));
  expect(at, `no "${heading}" in the banner:\n${banner}`).toBeGreaterThan(-1);
  const out: string[] = [];
  for (const line of lines.slice(at + 1)) {
    if (!line.startsWith('    ')) break;
    out.push(line.trim());
  }
  return out;
}

/**
 * A shell script of banner commands, as a user pastes them: `npx sigstead` is the CLI of this
 * checkout, `cosign`/`sigstore` the pinned clients, and `localhost:5000` the test's registry.
 */
function script(
  commands: string[],
  tools: { cosign?: string; sigstore?: string },
  from: Started = server,
): string {
  return [
    'set -eu',
    `npx() { shift; ${process.execPath} ${CLI_MAIN} "$@"; }`,
    envLine(from),
    ...(tools.cosign ? [`cosign() { ${tools.cosign} "$@"; }`] : []),
    ...(tools.sigstore ? [`sigstore() { ${tools.sigstore} "$@"; }`] : []),
    ...commands.map((c) => (registry ? c.replaceAll('localhost:5000', registry.host) : c)),
  ].join('\n');
}

function expectOk(r: RunResult): void {
  expect(r.code, r.transcript).toBe(0);
}

beforeAll(async () => {
  // The real path: the server prints resolved paths (tmpdir may be a symlink, as on macOS).
  dir = await realpath(await mkdtemp(join(tmpdir(), 'sigstead-quickstart-')));
  const [fulcio, ctlog, rekor, tuf, issuer] = await freePorts(5);
  ports = { fulcio: fulcio!, ctlog: ctlog!, rekor: rekor!, tuf: tuf!, issuer: issuer! };
  // The shipped quick-start file with only the ports changed (and the TUF port, left default there).
  const config = parse(await readFile(join(REPO_ROOT, 'config/sigstead.yaml'), 'utf8')) as Record<
    string,
    Record<string, unknown>
  >;
  expect(config['dataDir']).toBe('.sigstead');
  config['fulcio']!['port'] = ports.fulcio;
  config['ctlog']!['port'] = ports.ctlog;
  config['rekor']!['port'] = ports.rekor;
  config['devIssuer']!['port'] = ports.issuer;
  config['tuf'] = { ...config['tuf'], port: ports.tuf };
  configPath = join(dir, 'sigstead.yaml');
  await writeFile(configPath, stringify(config));
  sandbox = await ClientSandbox.create();
  if (dockerRegistry) registry = await LocalRegistry.start(dockerRegistry);
  const t0 = Date.now();
  server = await start();
  readyMs = Date.now() - t0;
}, READY_TIMEOUT_MS + 30_000);

afterAll(async () => {
  if (server) await stop(server, 'SIGKILL');
  await registry?.stop();
  await sandbox?.remove();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('npm start on the embedded defaults', () => {
  it('prints every URL, the trust root and the client setup', () => {
    const banner = server.output();
    expect(banner).toMatch(/sigstead ready in \d+ ms \(embedded database, data in \.sigstead\)/);
    for (const [name, url] of [
      ['fulcio', `http://localhost:${ports.fulcio}`],
      ['ctlog', `http://localhost:${ports.ctlog}/sigstead`],
      ['rekor', `http://localhost:${ports.rekor}`],
      ['tuf', `http://localhost:${ports.tuf}`],
      ['dev-issuer', `http://localhost:${ports.issuer}`],
    ]) {
      expect(banner).toContain(`  ${name!.padEnd(11)} ${url}\n`);
    }
    expect(banner).toContain(
      `trust root  http://localhost:${ports.tuf}/root.json (v1), copy in ${dir}/.sigstead/root.json`,
    );
    expect(banner).toContain(
      `eval "$(npx sigstead env --tuf http://localhost:${ports.tuf} --root ${dir}/.sigstead/root.json)"`,
    );
    for (const heading of ['cosign v3', 'cosign v2', 'sigstore-python', 'sigstore-js']) {
      expect(bannerSection(banner, heading).length).toBeGreaterThan(0);
    }
    // Reported by the closing note of the issue; the target is ≤ 10 s after the first start.
    console.log(
      `quick start: ready ${readyMs} ms after npm start (first start, incl. the build check)`,
    );
  });

  it('has `sigstead env` export what the banner printed', async () => {
    const env = await cli('env');
    expectOk(env);
    const exports = (text: string) =>
      text
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l.startsWith('export '));
    expect(exports(env.stdout)).toEqual(exports(server.output()));
    expect(exports(env.stdout)).toContain(`export SIGSTEAD_ROOT=${dir}/.sigstead/root.json`);
    const json = await cli('env', '--json');
    expectOk(json);
    expect(JSON.parse(json.stdout)).toMatchObject({
      rootVersion: 1,
      SIGSTEAD_FULCIO_URL: `http://localhost:${ports.fulcio}`,
      SIGSTEAD_REKOR_URL: `http://localhost:${ports.rekor}`,
      SIGSTEAD_ISSUER: `http://localhost:${ports.issuer}`,
    });
  });

  describe.skipIf(!clients.cosignV3 || !dockerRegistry)('the printed commands', () => {
    const prelude = () => [
      ...bannerSection(server.output(), 'an identity token'),
      ...bannerSection(server.output(), 'an image to sign'),
    ];

    it('sign and verify an image and a blob with cosign v3', async () => {
      const commands = [...prelude(), ...bannerSection(server.output(), 'cosign v3')];
      expectOk(
        await sandbox.runIn(dir, 'sh', ['-c', script(commands, { cosign: clients.cosignV3 })]),
      );
    });

    it.skipIf(!clients.cosignV2)('sign and verify the image with cosign v2', async () => {
      const commands = [...prelude(), ...bannerSection(server.output(), 'cosign v2')];
      expectOk(
        await sandbox.runIn(dir, 'sh', ['-c', script(commands, { cosign: clients.cosignV2 })]),
      );
    });

    it.skipIf(!clients.sigstorePython)('sign and verify a blob with sigstore-python', async () => {
      const commands = [
        ...bannerSection(server.output(), 'an identity token'),
        'echo hello > artifact',
        ...bannerSection(server.output(), 'sigstore-python'),
      ];
      expectOk(
        await sandbox.runIn(
          dir,
          'sh',
          ['-c', script(commands, { sigstore: clients.sigstorePython })],
          { COLUMNS: '400' },
        ),
      );
    });

    it('are refused for another identity', async () => {
      const verify = bannerSection(server.output(), 'cosign v3').find((c) =>
        c.startsWith('cosign verify '),
      )!;
      const other = verify.replace('you@example.com', 'mallory@example.com');
      const r = await sandbox.runIn(dir, 'sh', [
        '-c',
        script([...bannerSection(server.output(), 'an image to sign'), other], {
          cosign: clients.cosignV3,
        }),
      ]);
      expect(r.code, r.transcript).not.toBe(0);
      expect(r.stderr).toMatch(/none of the expected identities matched|no matching/);
    });
  });

  it('reports services, log sizes, trust root and keys with `sigstead status`', async () => {
    const r = await cli('status');
    expectOk(r);
    expect(r.stdout).toMatch(
      new RegExp(`rekor +http://localhost:${ports.rekor} +up +\\d+ entries`),
    );
    expect(r.stdout).toMatch(/ctlog +\S+ +up +\d+ certificates/);
    expect(r.stdout).toMatch(/root +v1 +expires/);
    expect(r.stdout).toMatch(/CA root +[0-9a-f]{64}/);
    expect(r.stdout).toMatch(/Rekor +[0-9a-f]{64}/);
    const json = JSON.parse((await cli('status', '--json')).stdout);
    expect(json.problems).toEqual([]);
  });

  it('refuses a second instance on the same data directory', async () => {
    const second = spawn(process.execPath, [START, '--config', configPath], {
      cwd: dir,
      env: cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    second.stderr.on('data', (d: Buffer) => (text += d.toString()));
    const timer = setTimeout(() => second.kill('SIGKILL'), 60_000);
    const code = await new Promise<number | null>((done) => second.once('exit', done));
    clearTimeout(timer);
    expect(code).toBe(1);
    expect(text).toMatch(
      new RegExp(`another sigstead \\(pid ${server.child.pid}\\) is running on data directory`),
    );
  });

  it('stops cleanly on Ctrl-C and restarts with the same keys, log and trust root', async () => {
    const before = JSON.parse((await cli('status', '--json')).stdout);
    const root = await readFile(join(dir, '.sigstead/root.json'));
    expect(await stop(server, 'SIGINT')).toBe(0);
    expect(server.output()).toContain('SIGINT: stopping sigstead');
    const down = await cli('status');
    expect(down.code, down.transcript).toBe(1);
    expect(down.stderr).toContain(
      `cannot reach the TUF repository at http://localhost:${ports.tuf}`,
    );
    server = await start();
    const after = JSON.parse((await cli('status', '--json')).stdout);
    expect(after.keys).toEqual(before.keys);
    expect(after.roles[0]).toEqual(before.roles[0]);
    expect(after.services).toEqual(before.services);
    expect(await readFile(join(dir, '.sigstead/root.json'))).toEqual(root);
  });
});

describe.skipIf(!process.env['TEST_DATABASE_URL'])(
  'npm start with DATABASE_URL and REDIS_URL',
  () => {
    it('runs the same quick start on PostgreSQL and Redis', async () => {
      const database = await ThrowawayDatabase.create();
      const pgDir = await realpath(await mkdtemp(join(tmpdir(), 'sigstead-quickstart-pg-')));
      const [fulcio, ctlog, rekor, tuf, issuer] = await freePorts(5);
      const config = parse(await readFile(configPath, 'utf8')) as Record<
        string,
        Record<string, unknown>
      >;
      for (const [name, port] of Object.entries({ fulcio, ctlog, rekor, tuf, devIssuer: issuer })) {
        config[name] = { ...config[name], port };
      }
      const pgConfig = join(pgDir, 'sigstead.yaml');
      await writeFile(pgConfig, stringify(config));
      const env = {
        DATABASE_URL: database.url,
        REDIS_URL: process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379',
      };
      const pg = await start(env, pgDir, pgConfig);
      try {
        expect(pg.output()).toMatch(/sigstead ready in \d+ ms \(postgres database/);
        expect(pg.output()).toContain(`copy in ${pgDir}/.sigstead/root.json`);
        const status = await sandbox.runIn(pgDir, process.execPath, [CLI_MAIN, 'status'], {
          SIGSTEAD_TUF_URL: `http://localhost:${tuf}`,
        });
        expectOk(status);
        expect(status.stdout).toMatch(/rekor +\S+ +up +0 entries/);
        if (clients.cosignV3) {
          const commands = [
            ...bannerSection(pg.output(), 'an identity token'),
            'echo hello > artifact',
            ...bannerSection(pg.output(), 'cosign v3').filter(
              (c) => c.includes('blob') || c.startsWith('cosign initialize'),
            ),
          ];
          const run = await sandbox.runIn(pgDir, 'sh', [
            '-c',
            script(commands, { cosign: clients.cosignV3 }, pg),
          ]);
          expectOk(run);
        }
      } finally {
        await stop(pg, 'SIGTERM');
        await database.drop();
        await rm(pgDir, { recursive: true, force: true });
      }
    });
  },
);
