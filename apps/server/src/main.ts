import cluster from 'node:cluster';
import { resolve } from 'node:path';
import { loadConfigFromArgs } from './config-file.js';
import { lockDataDir } from '@sigstead/data-access-db';
import { readyBanner } from './banner.js';
import { startStack } from './stack.js';

interface ReadyMessage {
  readonly ready: true;
  readonly lines: string[];
  readonly database: string;
}

async function main(): Promise<void> {
  const started = Date.now();
  const config = await loadConfigFromArgs();
  if (config.workers > 1 && cluster.isPrimary)
    return supervise(config.workers, config.dataDir, started);
  const worker = cluster.isWorker;
  const stack = await startStack(config, process.env, { lock: !worker });
  const lines = readyBanner(stack);
  if (worker) {
    process.send?.({ ready: true, lines, database: stack.database.kind } satisfies ReadyMessage);
  } else {
    announce(started, stack.database.kind, config.dataDir, lines);
  }
  onSignals(() => stack.close());
}

function announce(started: number, database: string, dataDir: string, lines: string[]): void {
  process.stdout.write(
    [
      '',
      `sigstead ready in ${Date.now() - started} ms (${database} database, data in ${dataDir})`,
      ...lines,
      '',
    ].join('\n') + '\n',
  );
}

/**
 * `workers: N`: N processes share each service's port (the kernel spreads connections). They are
 * replicas of one installation, safe by design on one PostgreSQL. The first worker starts alone, so
 * first-start key generation happens once; the rest follow. A worker that dies is replaced.
 */
async function supervise(count: number, dataDir: string, started: number): Promise<void> {
  const unlock = await lockDataDir(resolve(dataDir));
  let stopping = false;
  let ready = false;
  const restarts: number[] = [];
  const fork = () =>
    new Promise<ReadyMessage>((resolveReady, reject) => {
      const w = cluster.fork();
      w.on('message', (m: ReadyMessage) => m.ready && resolveReady(m));
      w.on('exit', (code) => {
        if (stopping) return;
        reject(new Error(`worker exited with code ${code} before it was ready`));
        if (!ready) return; // a start-up failure ends the whole start
        // Replace a crashed worker, but give up on a crash loop (e.g. the database is gone).
        const now = Date.now();
        restarts.push(now);
        while (restarts.length > 0 && restarts[0]! < now - 60_000) restarts.shift();
        if (restarts.length > 5) {
          console.error('sigstead: workers keep exiting; stopping');
          void shutdown().then(() => process.exit(1));
          return;
        }
        console.error(`sigstead: worker ${w.process.pid} exited (${code}); starting another`);
        setTimeout(
          () => void fork().catch((err: unknown) => console.error(err)),
          1000 * restarts.length,
        );
      });
    });
  const shutdown = async () => {
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined);
    const exits = workers.map(
      (w) => new Promise<void>((done) => (w.isDead() ? done() : w.once('exit', () => done()))),
    );
    for (const w of workers) w.process.kill('SIGTERM');
    const force = setTimeout(() => workers.forEach((w) => w.process.kill('SIGKILL')), 15_000);
    await Promise.all(exits);
    clearTimeout(force);
    await unlock();
  };
  try {
    const first = await fork();
    await Promise.all(Array.from({ length: count - 1 }, fork));
    ready = true;
    announce(started, `${first.database}, ${count} workers`, dataDir, first.lines);
  } catch (err) {
    await shutdown();
    throw err;
  }
  onSignals(shutdown);
}

function onSignals(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: string) => {
    if (stopping) return;
    stopping = true;
    if (cluster.isPrimary) process.stdout.write(`\n${signal}: stopping sigstead\n`);
    stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => handler('SIGINT'));
  process.on('SIGTERM', () => handler('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(`sigstead failed to start: ${err instanceof Error ? err.message : String(err)}`);
  if (process.env['SIGSTEAD_DEBUG']) console.error(err);
  process.exit(1);
});
