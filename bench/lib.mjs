// Shared bench helpers: a bounded closed-loop load generator over keep-alive HTTP and percentiles.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import { SERVER_NODE_FLAGS } from '../apps/server/dist/node-flags.js';

/** The concurrent client counts to measure: 16 and 64, or BENCH_CLIENTS (comma-separated). */
export function clientCounts() {
  return (process.env.BENCH_CLIENTS ?? '16,64').split(',').map(Number);
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/**
 * Starts the all-in-one server with a YAML config (`$DIR` is replaced by `dir`, a fresh temporary
 * directory unless given); resolves once it prints "sigstead ready".
 */
export async function startServer(
  yaml,
  env = {},
  dir = mkdtempSync(join(tmpdir(), 'sigstead-bench-')),
) {
  const file = join(dir, 'config.yaml');
  writeFileSync(file, yaml.replaceAll('$DIR', dir));
  const child = spawn(
    process.execPath,
    [
      // The flags production runs the server with; BENCH_NODE_ARGS come after, so they can override.
      ...SERVER_NODE_FLAGS,
      ...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean),
      'apps/server/dist/main.js',
      '--config',
      file,
    ],
    {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let timer;
  await new Promise((resolve, reject) => {
    const onData = (d) => {
      out += d;
      if (out.includes('sigstead ready')) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => reject(new Error(`server exited ${code}:\n${out}`)));
    timer = setTimeout(() => reject(new Error(`server not ready in 60 s:\n${out}`)), 60_000);
  }).finally(() => clearTimeout(timer));
  // After it is ready, the server must only stop when asked: say so (with its last output) if not,
  // and the load generator's connections fail instead of waiting.
  child.removeAllListeners('exit');
  child.on('exit', (code, signal) => {
    console.error(
      `\nserver exited during the run (code ${code}, signal ${signal}):\n${out.slice(-4000)}`,
    );
  });
  return {
    dir,
    pid: child.pid,
    stop: () =>
      new Promise((resolve) => {
        child.removeAllListeners('exit');
        child.on('exit', resolve);
        child.kill('SIGTERM');
      }),
  };
}

/**
 * The load generator: the node one below, or `wrk` with `BENCH_LOADGEN=wrk` (a C program, one
 * thread), as a cross-check that the numbers are the server's and not the generator's.
 */
export const loadGenerator = chooseGenerator();

function chooseGenerator() {
  const want = process.env.BENCH_LOADGEN ?? 'node';
  if (want !== 'wrk' && want !== 'node') throw new Error(`BENCH_LOADGEN=${want}: wrk or node`);
  if (want === 'wrk' && spawnSync('wrk', ['--version']).error !== undefined) {
    throw new Error('BENCH_LOADGEN=wrk, but wrk is not on PATH');
  }
  return want;
}

/**
 * Closed loop: `concurrency` keep-alive connections, each sending its next request when the
 * previous answered, for `seconds` (and at most `maxRequests`). `makeRequest(i)` returns
 * {path, headers, body}; `cycle: n` says that request i is request i % n (reads, reused tokens),
 * else the requests must not repeat and `maxRequests` bounds them (appends). Every request is
 * encoded before the clock starts. With `wrk`, the status check is "below 400" (wrk counts the
 * rest as errors); with the node generator it is `expectStatus`. `cpu: { pid, database }` adds
 * `cpu`, where the CPU went per request (`cpuPerOp`), from the clock's start to its end.
 * `generator` overrides the run's choice (a row of a fixed number of requests needs the node
 * generator: wrk runs for a duration).
 */
export async function load({
  url,
  concurrency,
  seconds,
  maxRequests,
  makeRequest,
  expectStatus,
  cycle,
  cpu,
  generator = loadGenerator,
}) {
  const count = cycle ?? maxRequests;
  if (!Number.isSafeInteger(count) || count < 1) {
    throw new Error(
      'load() needs `cycle` (requests that repeat) or `maxRequests` (ones that do not)',
    );
  }
  const { hostname, port } = new URL(url);
  const pool = Array.from({ length: count }, (_, i) =>
    encodeRequest(makeRequest(i), hostname, port),
  );
  const run = { hostname, port, concurrency, seconds, pool, cycle: cycle !== undefined };
  // Whatever the generator prepares (wrk's request file) is done before the CPU sample.
  const start = generator === 'wrk' ? prepareWrk(run) : () => loadNode(run, expectStatus);
  const before = cpu && cpuSample(cpu.pid, cpu.database);
  const r = await start();
  if (before) {
    const after = cpuSample(cpu.pid, cpu.database);
    after.loadgen -= r.setupTicks ?? 0; // wrk reading its requests, before its clock started
    r.cpu = cpuPerOp(before, after, r.ok);
  }
  return r;
}

/**
 * The node generator: writes each request as one pre-encoded buffer on a plain socket and reads
 * only the status line and the body's framing (as autocannon does), instead of spending the
 * server's CPU in `node:http`.
 */
async function loadNode({ hostname, port, concurrency, seconds, pool, cycle }, expectStatus) {
  const latencies = [];
  const limit = cycle ? Infinity : pool.length;
  let sent = 0;
  let errors = 0;
  let firstError;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  const connections = await Promise.all(
    Array.from({ length: concurrency }, () => connect(hostname, Number(port))),
  );
  await Promise.all(
    connections.map(async (conn) => {
      while (performance.now() < deadline && sent < limit) {
        const i = sent++;
        const t0 = performance.now();
        try {
          const res = await conn.exchange(pool[i % pool.length]);
          if (res.status !== expectStatus) {
            errors++;
            firstError ??= `${res.status} ${res.body.toString().slice(0, 200)}`;
          } else latencies.push(performance.now() - t0);
        } catch (err) {
          errors++;
          firstError ??= String(err);
          return; // the connection is gone
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  for (const conn of connections) conn.close();
  latencies.sort((a, b) => a - b);
  const pct = (p) => percentile(latencies, p);
  return {
    ok: latencies.length,
    errors,
    firstError,
    perSecond: latencies.length / elapsed,
    p50: pct(50),
    p99: pct(99),
    max: latencies[latencies.length - 1] ?? NaN,
  };
}

/**
 * wrk, one thread (`bench/wrk-requests.lua` replays the pool from a file written here). Its CPU is
 * counted as the load generator's: a waited-for child's time is added to this process's
 * (`cpuSample`). wrk's percentiles include its correction for coordinated omission (it adds
 * samples for latencies above twice the mean interval), which the node generator does not make.
 */
function prepareWrk({ hostname, port, concurrency, seconds, pool, cycle }) {
  const dir = mkdtempSync(join(tmpdir(), 'sigstead-wrk-'));
  const file = join(dir, 'requests');
  const records = [];
  for (const bytes of pool) records.push(Buffer.from(`${bytes.length}\n`), bytes);
  writeFileSync(file, Buffer.concat(records));
  return async () => {
    try {
      return await runWrk({ hostname, port, concurrency, seconds, file, cycle });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

async function runWrk({ hostname, port, concurrency, seconds, file, cycle }) {
  const wrk = spawn(
    'wrk',
    [
      '-t1',
      `-c${concurrency}`,
      `-d${Math.max(1, Math.round(seconds))}s`,
      '--timeout',
      '60s',
      '-s',
      join(import.meta.dirname, 'wrk-requests.lua'),
      `http://${hostname}:${port}`,
    ],
    { env: { ...process.env, WRK_REQUESTS: file, WRK_CYCLE: cycle ? '1' : '0' } },
  );
  let out = '';
  wrk.stdout.on('data', (d) => (out += d));
  wrk.stderr.on('data', (d) => (out += d));
  const code = await new Promise((resolve, reject) => {
    wrk.on('error', reject);
    wrk.on('close', resolve);
  });
  const line = /^WRK_RESULT (.*)$/m.exec(out);
  if (code !== 0 || !line) throw new Error(`wrk exited ${code}:\n${out.slice(-2000)}`);
  const w = JSON.parse(line[1]);
  if (w.exhausted) {
    // wrk would report the rate over its whole duration, not over the time the requests took.
    throw new Error('wrk ran out of requests before its duration: give the row more of them');
  }
  const failed = w.connect + w.read + w.write + w.timeout;
  const ok = w.requests - w.status;
  return {
    ok,
    errors: w.status + failed,
    firstError:
      w.status + failed === 0
        ? undefined
        : `wrk: ${w.status} responses with status >= 400; errors: connect ${w.connect}, read ${w.read}, write ${w.write}, timeout ${w.timeout}`,
    perSecond: ok / (w.durationUs / 1e6),
    p50: w.p50Us / 1000,
    p99: w.p99Us / 1000,
    max: w.maxUs / 1000,
    setupTicks: w.setupCpuUs / 10_000,
  };
}

/** A request's bytes: `{ path, headers, body }` as HTTP/1.1, GET without a body, POST with one. */
function encodeRequest(req, hostname, port) {
  const body = req.body === undefined ? undefined : Buffer.from(req.body);
  let head = `${body ? 'POST' : 'GET'} ${req.path} HTTP/1.1\r\nhost: ${hostname}:${port}\r\n`;
  for (const [name, value] of Object.entries(req.headers ?? {})) head += `${name}: ${value}\r\n`;
  if (body) head += `content-length: ${body.length}\r\n`;
  return Buffer.concat([Buffer.from(`${head}\r\n`, 'latin1'), body ?? Buffer.alloc(0)]);
}

/** One keep-alive connection answering one request at a time (content-length or chunked replies). */
function connect(host, port) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port, noDelay: true });
    let buffered = Buffer.alloc(0);
    let waiting; // { resolve, reject } of the request in flight
    const fail = (err) => {
      const w = waiting;
      waiting = undefined;
      w?.reject(err);
    };
    socket.on('data', (chunk) => {
      buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
      let res;
      try {
        res = parseResponse(buffered);
      } catch (err) {
        socket.destroy(err);
        return;
      }
      if (!res || !waiting) return;
      buffered = buffered.subarray(res.consumed);
      const w = waiting;
      waiting = undefined;
      w.resolve(res);
    });
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('connection closed')));
    socket.once('connect', () =>
      resolve({
        exchange: (bytes) =>
          new Promise((res, rej) => {
            if (socket.destroyed) return rej(new Error('connection closed'));
            waiting = { resolve: res, reject: rej };
            socket.write(bytes);
          }),
        close: () => socket.destroy(),
      }),
    );
    socket.once('error', reject);
  });
}

/** A complete response at the start of `buf`, or undefined while more bytes are needed. */
function parseResponse(buf) {
  const headEnd = buf.indexOf('\r\n\r\n');
  if (headEnd < 0) return undefined;
  const head = buf.toString('latin1', 0, headEnd);
  const status = Number(head.slice(9, 12));
  const length = /\r\ncontent-length: *(\d+)/i.exec(head);
  const start = headEnd + 4;
  if (length) {
    const end = start + Number(length[1]);
    return buf.length < end ? undefined : { status, body: buf.subarray(start, end), consumed: end };
  }
  if (!/\r\ntransfer-encoding: *chunked/i.test(head)) {
    throw new Error(`response without a length: ${head.split('\r\n')[0]}`);
  }
  const parts = [];
  let at = start;
  for (;;) {
    const lineEnd = buf.indexOf('\r\n', at);
    if (lineEnd < 0) return undefined;
    const size = parseInt(buf.toString('latin1', at, lineEnd), 16);
    if (buf.length < lineEnd + 2 + size + 2) return undefined;
    if (size === 0) return { status, body: Buffer.concat(parts), consumed: lineEnd + 4 };
    parts.push(buf.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

/**
 * `/proc/<path>/stat` of a process (`"1234"`) or thread (`"1234/task/1240"`): its name, its parent's
 * pid and the CPU ticks (USER_HZ, user + system) it has used; undefined once it is gone.
 */
function procStat(path) {
  try {
    const stat = readFileSync(`/proc/${path}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return {
      comm: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
      ppid: f[1],
      ticks: Number(f[11]) + Number(f[12]),
    };
  } catch {
    return undefined;
  }
}

/** The server's process and its children (cluster workers). */
function serverPids(pid) {
  return readdirSync('/proc').filter((entry) => {
    if (!/^\d+$/.test(entry)) return false;
    return entry === String(pid) || procStat(entry)?.ppid === String(pid);
  });
}

/** What a server thread is, from its name: Node names worker threads after their pool. */
function threadKind(pid, tid, comm) {
  if (tid === pid) return 'event loop';
  if (comm === 'V8Worker') return 'V8 helpers';
  if (comm === 'libuv-worker') return 'libuv pool';
  if (/^(rekor-validate|fulcio-key-pro)/.test(comm)) return 'validation threads';
  return 'other threads';
}

/**
 * Where the CPU goes: the server's threads by kind, the PostgreSQL backends serving `database` (their
 * command line names it), this load generator, and the machine's busy share, as ticks (USER_HZ) at
 * one moment. `cpuPerOp` turns two of them into milliseconds per operation.
 */
export function cpuSample(pid, database) {
  const kinds = {};
  for (const p of serverPids(pid)) {
    let tids = [];
    try {
      tids = readdirSync(`/proc/${p}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      const t = procStat(`${p}/task/${tid}`);
      if (t) {
        const kind = threadKind(p, tid, t.comm);
        kinds[kind] = (kinds[kind] ?? 0) + t.ticks;
      }
    }
  }
  let postgres = 0;
  if (database) {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      let cmdline;
      try {
        cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      } catch {
        continue;
      }
      if (!cmdline.startsWith('postgres: ') || !cmdline.includes(` ${database} `)) continue;
      postgres += procStat(entry)?.ticks ?? 0;
    }
  }
  const usage = process.cpuUsage();
  // Children this process has waited for (wrk) count as the load generator too.
  const self = readFileSync('/proc/self/stat', 'utf8');
  const f = self.slice(self.lastIndexOf(')') + 2).split(' ');
  const children = Number(f[13]) + Number(f[14]);
  const cpu = readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]
    .trim()
    .split(/\s+/)
    .slice(1, 9) // user nice system idle iowait irq softirq steal (guest time is within user)
    .map(Number);
  return {
    kinds,
    postgres: database ? postgres : undefined,
    loadgen: (usage.user + usage.system) / 10_000 + children, // µs to ticks
    idle: cpu[3] + cpu[4],
    total: cpu.reduce((a, b) => a + b, 0),
  };
}

/** Milliseconds of CPU per operation between two `cpuSample`s, by where it was spent. */
export function cpuPerOp(before, after, ops) {
  const ms = (ticks) => (ticks * 10) / ops;
  const kinds = Object.fromEntries(
    Object.entries(after.kinds).map(([k, v]) => [k, ms(v - (before.kinds[k] ?? 0))]),
  );
  return {
    server: Object.values(kinds).reduce((a, b) => a + b, 0),
    kinds,
    postgres: after.postgres === undefined ? undefined : ms(after.postgres - before.postgres),
    loadgen: ms(after.loadgen - before.loadgen),
    busy: 1 - (after.idle - before.idle) / (after.total - before.total),
  };
}

/** The p-th percentile of ascending `sorted` values (NaN when empty). */
export function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export function report(name, r) {
  const f = (n) => n.toFixed(1);
  const cpu = r.cpu === undefined ? '' : `  server CPU ${r.cpu.server.toFixed(2)} ms/op`;
  console.log(
    `${name.padEnd(44)} ${f(r.perSecond).padStart(9)}/s  p50 ${f(r.p50).padStart(6)} ms  p99 ${f(r.p99).padStart(6)} ms  max ${f(r.max).padStart(6)} ms  (${r.ok} ok, ${r.errors} errors)${cpu}`,
  );
  if (r.cpu) console.log(`  ${cpuLine(r.cpu)}`);
  if (r.errors) console.log(`  first error: ${r.firstError}`);
}

const KIND_ORDER = [
  'event loop',
  'validation threads',
  'V8 helpers',
  'libuv pool',
  'other threads',
];

/** "CPU ms/op: event loop 0.25, …; PostgreSQL 0.15; load generator 0.06; machine 87 % busy". */
function cpuLine(c) {
  const two = (n) => n.toFixed(2);
  const threads = KIND_ORDER.filter((k) => (c.kinds[k] ?? 0) >= 0.005).map(
    (k) => `${k} ${two(c.kinds[k])}`,
  );
  const parts = [`server: ${threads.join(', ')}`];
  if (c.postgres !== undefined) parts.push(`PostgreSQL ${two(c.postgres)}`);
  parts.push(`load generator ${two(c.loadgen)}`);
  return `CPU ms/op, ${parts.join('; ')}; machine ${Math.round(c.busy * 100)} % busy; ${ceiling(c)}`;
}

/**
 * The rate at which this work would fill every core: the row's ceiling on this machine whatever the
 * code's concurrency, since the server, PostgreSQL and the load generator share the cores.
 */
function ceiling(c) {
  const perOp = c.server + (c.postgres ?? 0) + c.loadgen;
  const cores = availableParallelism();
  const rate = Math.round((cores * 1000) / perOp).toLocaleString('en-US');
  return `ceiling ~${rate}/s with all ${cores} cores busy`;
}

/**
 * A new, empty database on the server of `adminUrl`, for one bench run. Databases earlier runs
 * left behind go first (those still in use stay): they add up to gigabytes.
 */
export async function freshDatabase(adminUrl) {
  const { default: pg } = await import('pg');
  const name = `sigstead_bench_${Date.now()}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  const { rows } = await client.query(
    `SELECT datname FROM pg_database WHERE datname ~ '^sigstead_bench_[0-9]+$'`,
  );
  for (const { datname } of rows) {
    await client.query(`DROP DATABASE IF EXISTS ${datname}`).catch(() => undefined);
  }
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}
