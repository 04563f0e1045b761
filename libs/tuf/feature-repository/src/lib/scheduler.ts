import { Logger } from '@nestjs/common';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';

/** Runs the re-signing job on a schedule until closed. */
export interface RefreshScheduler {
  readonly kind: 'in-process' | 'bullmq';
  close(): Promise<void>;
}

const log = new Logger('tuf');
const QUEUE = 'sigstead-tuf';
const SCHEDULER_ID = 'tuf-refresh';

function runLogged(job: () => Promise<unknown>): Promise<void> {
  return job().then(
    () => undefined,
    (err: unknown) =>
      log.error(`re-signing failed: ${err instanceof Error ? err.message : String(err)}`),
  );
}

/** Without Redis: a timer in each process. The repository lock makes concurrent runs publish once. */
export function scheduleInProcess(job: () => Promise<unknown>, everyMs: number): RefreshScheduler {
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    running ??= runLogged(job).finally(() => (running = undefined));
  }, everyMs);
  timer.unref();
  return {
    kind: 'in-process',
    close: async () => {
      clearInterval(timer);
      await running;
    },
  };
}

/**
 * With Redis: one BullMQ job scheduler for the whole installation, so a tick runs on one replica
 * (whichever worker takes it), and a replica that is down does not stop re-signing.
 */
export async function scheduleWithBullMq(
  job: () => Promise<unknown>,
  everyMs: number,
  redisUrl: string,
): Promise<RefreshScheduler> {
  // Workers block on Redis: BullMQ requires maxRetriesPerRequest null on their connections.
  const options = { maxRetriesPerRequest: null, lazyConnect: true } as const;
  const queueConnection = new Redis(redisUrl, options);
  const workerConnection = new Redis(redisUrl, options);
  const closeConnections = () => {
    queueConnection.disconnect();
    workerConnection.disconnect();
  };
  try {
    await queueConnection.connect();
    await workerConnection.connect();
    const queue = new Queue(QUEUE, { connection: queueConnection });
    await queue.upsertJobScheduler(
      SCHEDULER_ID,
      { every: everyMs },
      { name: 'refresh', opts: { removeOnComplete: 100, removeOnFail: 100 } },
    );
    const worker = new Worker(QUEUE, async () => void (await job()), {
      connection: workerConnection,
      concurrency: 1,
    });
    worker.on('failed', (_job, err) => log.error(`re-signing failed: ${err.message}`));
    worker.on('error', (err) => log.error(`job queue: ${err.message}`));
    return {
      kind: 'bullmq',
      close: async () => {
        await worker.close();
        await queue.close();
        closeConnections();
      },
    };
  } catch (err) {
    closeConnections();
    throw new Error(
      `cannot schedule TUF re-signing on Redis: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}
