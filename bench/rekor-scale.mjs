// Does the log's cost grow with its size? The Rekor store (log engine + search index, durable
// commits) is filled to 10 k, 100 k and 1 M entries of ~1 KiB; at each size it measures appends
// (64 in flight, through the engine's group commit, no HTTP or signature checks) and inclusion
// proofs for random indices (16 in flight; cold, then warm tile cache). Flat numbers across sizes mean O(log n) work per
// append and per proof. BENCH_SCALE_SIZES overrides the sizes (comma-separated).
import { createHash, randomBytes } from 'node:crypto';
import { hashLeaf } from '@sigstead/util-merkle';
import { freshDatabase, percentile } from './lib.mjs';

const dbUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const SIZES = (process.env.BENCH_SCALE_SIZES ?? '10000,100000,1000000')
  .split(',')
  .map((s) => Number(s.trim()));
const MEASURED_APPENDS = 10_000;
const MEASURED_PROOFS = 5_000;

let serial = 0;
/** A ~1 KiB canonical-body-like leaf with three index keys, as a hashedrekord entry has. */
function entry() {
  const digest = createHash('sha256').update(`${serial++}`).digest('hex');
  const body = Buffer.from(
    JSON.stringify({
      apiVersion: '0.0.1',
      kind: 'hashedrekord',
      spec: { digest, pad: randomBytes(480).toString('hex') },
    }),
  );
  return {
    body,
    leafHash: hashLeaf(body),
    indexKeys: [`sha256:${digest}`, 'alice@example.com', digest.slice(0, 64)],
  };
}

/** Runs `task` `count` times with `concurrency` in flight; returns per-call latencies in ms. */
async function closedLoop(count, concurrency, task) {
  const latencies = [];
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const t0 = process.hrtime.bigint();
        await task(i);
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  return {
    perSecond: count / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

export async function benchRekorScale() {
  if (!dbUrl) {
    console.log('\n# rekor at scale: skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL)');
    return;
  }
  const { openDatabase } = await import('@sigstead/data-access-db');
  const { PostgresRekorStore, RekorMigrations } = await import('@sigstead/data-access-rekor');
  console.log(`\n# rekor at scale (PostgreSQL, store level, sizes ${SIZES.join(', ')})`);
  const db = await openDatabase({ url: await freshDatabase(dbUrl), migrations: RekorMigrations });
  const store = await PostgresRekorStore.open(db.dataSource);
  const f = (n) => n.toFixed(1);
  try {
    let size = 0;
    for (const target of SIZES) {
      // Fill (not measured): many appends in flight, so batches are large.
      const fillStart = Date.now();
      const fill = target - size - MEASURED_APPENDS;
      if (fill > 0) {
        await closedLoop(fill, 2048, async () => {
          const e = entry();
          await store.append(e, e.leafHash);
        });
        size += fill;
      }
      const appends = await closedLoop(MEASURED_APPENDS, 64, async () => {
        const e = entry();
        await store.append(e, e.leafHash);
      });
      size += MEASURED_APPENDS;
      const head = await store.log.getTreeHead();
      const treeSize = head.size;
      // Random indices, twice: the first pass reads most tiles from PostgreSQL (cold), the second
      // from the engine's tile cache (warm, the steady state for a working set that fits in it).
      const indices = Array.from({ length: MEASURED_PROOFS }, () =>
        BigInt(Math.floor(Math.random() * size)),
      );
      const prove = (i) => store.inclusionProof(indices[i], treeSize);
      const cold = await closedLoop(MEASURED_PROOFS, 16, prove);
      const proofs = await closedLoop(MEASURED_PROOFS, 16, prove);
      console.log(
        `size ${String(size).padStart(8)}  append ${f(appends.perSecond).padStart(8)}/s p50 ${f(appends.p50)} ms p99 ${f(appends.p99)} ms` +
          `  |  proof cold ${f(cold.perSecond).padStart(8)}/s p99 ${f(cold.p99)} ms` +
          `  warm ${f(proofs.perSecond).padStart(8)}/s p50 ${f(proofs.p50)} ms p99 ${f(proofs.p99)} ms` +
          `  (filled in ${((Date.now() - fillStart) / 1000).toFixed(0)} s)`,
      );
    }
  } finally {
    await store.log.close();
    await db.close();
  }
}
