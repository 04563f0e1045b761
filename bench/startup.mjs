// The quick start's process: time to ready on the first start (database created, keys and the TUF
// repository generated) and on a restart, and its resident memory when idle, before and after some
// work. Targets: ready ≤ 10 s after the first start, ≤ 400 MB RSS idle.
import { readFileSync, rmSync } from 'node:fs';
import { freePort, load, report, startServer } from './lib.mjs';
import { entries } from './rekor.mjs';

const idleSeconds = Number(process.env.BENCH_IDLE_SECONDS ?? 20);

/** VmRSS and VmHWM (peak) of a process, in MB. */
function memory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name) => Number(status.match(new RegExp(`${name}:\\s+(\\d+)`))?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export async function benchStartup() {
  console.log(`\n# embedded quick start (all services, dev issuer; idle = ${idleSeconds} s after)`);
  const [fulcio, ctlog, rekor, tuf, issuer] = await Promise.all(
    Array.from({ length: 5 }, () => freePort()),
  );
  const yaml = `dataDir: $DIR/data
fulcio: { port: ${fulcio}, config: {} }
ctlog: { port: ${ctlog} }
rekor: { port: ${rekor} }
tuf: { port: ${tuf} }
devIssuer: { enabled: true, port: ${issuer} }
`;
  const row = (name, ms, mem) =>
    console.log(
      `${name.padEnd(44)} ready ${String(ms).padStart(6)} ms  idle RSS ${mem.rss.toFixed(0).padStart(4)} MB  peak ${mem.peak.toFixed(0).padStart(4)} MB`,
    );
  let t0 = performance.now();
  const first = await startServer(yaml, {});
  const firstReady = Math.round(performance.now() - t0);
  try {
    await sleep(idleSeconds * 1000);
    row('first start (new data directory)', firstReady, memory(first.pid));
    const pool = entries(2000);
    const r = await load({
      url: `http://127.0.0.1:${rekor}`,
      concurrency: 16,
      seconds: 60,
      maxRequests: pool.length,
      makeRequest: (i) => pool[i],
      expectStatus: 201,
      generator: 'node', // a fixed number of appends, not a duration
    });
    report('  then 2,000 rekor appends, 16 clients', r);
    await sleep(idleSeconds * 1000);
    row('  idle after the appends', firstReady, memory(first.pid));
  } finally {
    await first.stop();
  }
  t0 = performance.now();
  const again = await startServer(yaml, {}, first.dir);
  const againReady = Math.round(performance.now() - t0);
  try {
    await sleep(idleSeconds * 1000);
    row('restart (same data directory, same keys)', againReady, memory(again.pid));
  } finally {
    await again.stop();
    rmSync(first.dir, { recursive: true, force: true });
  }
}
