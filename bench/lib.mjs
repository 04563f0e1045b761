// Shared bench helpers: a bounded closed-loop load generator over keep-alive HTTP and percentiles.
import http from 'node:http';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';

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
  await new Promise((resolve, reject) => {
    const onData = (d) => {
      out += d;
      if (out.includes('sigstead ready')) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => reject(new Error(`server exited ${code}:\n${out}`)));
    setTimeout(() => reject(new Error(`server not ready in 60 s:\n${out}`)), 60_000);
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
 * Closed loop: `concurrency` clients, each sending its next request when the previous answered,
 * for `seconds` (and at most `maxRequests`). `makeRequest(i)` returns {path, headers, body}.
 */
export async function load({
  url,
  concurrency,
  seconds,
  maxRequests = 1e7,
  makeRequest,
  expectStatus,
}) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const { hostname, port } = new URL(url);
  const latencies = [];
  let sent = 0;
  let errors = 0;
  let firstError;
  const deadline = performance.now() + seconds * 1000;
  const one = (req) =>
    new Promise((resolve) => {
      const t0 = performance.now();
      const r = http.request(
        {
          agent,
          hostname,
          port,
          method: req.body ? 'POST' : 'GET',
          path: req.path,
          headers: req.headers,
        },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => {
            if (res.statusCode !== expectStatus) {
              errors++;
              firstError ??= `${res.statusCode} ${Buffer.concat(chunks).toString().slice(0, 200)}`;
            } else latencies.push(performance.now() - t0);
            resolve();
          });
        },
      );
      r.on('error', (e) => {
        errors++;
        firstError ??= String(e);
        resolve();
      });
      if (req.body) r.end(req.body);
      else r.end();
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline && sent < maxRequests) {
        const i = sent++;
        await one(makeRequest(i));
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
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

function statFields(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** CPU seconds (user + system, all threads) a process and its children (workers) have used, from /proc. */
export function processCpuSeconds(pid) {
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const f = statFields(entry);
    if (f && (entry === String(pid) || f[1] === String(pid)))
      ticks += Number(f[11]) + Number(f[12]);
  }
  return ticks / 100; // clock ticks (USER_HZ)
}

/** The p-th percentile of ascending `sorted` values (NaN when empty). */
export function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export function report(name, r) {
  const f = (n) => n.toFixed(1);
  const cpu = r.serverCpuMs === undefined ? '' : `  server CPU ${r.serverCpuMs.toFixed(2)} ms/op`;
  console.log(
    `${name.padEnd(44)} ${f(r.perSecond).padStart(9)}/s  p50 ${f(r.p50).padStart(6)} ms  p99 ${f(r.p99).padStart(6)} ms  max ${f(r.max).padStart(6)} ms  (${r.ok} ok, ${r.errors} errors)${cpu}`,
  );
  if (r.errors) console.log(`  first error: ${r.firstError}`);
}

/** A new, empty database on the server of `adminUrl`, for one bench run. */
export async function freshDatabase(adminUrl) {
  const { default: pg } = await import('pg');
  const name = `sigstead_bench_${Date.now()}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}
