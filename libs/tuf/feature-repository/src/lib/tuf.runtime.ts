import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Logger, type LoggerService } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { PostgresTufStore } from '@sigstead/data-access-tuf';
import { loadOrCreateFileSigner, signerFromPem, type Signer } from '@sigstead/data-access-keys';
import { startHttpService, type RunningService } from '@sigstead/nest-platform';
import type { TufSection } from '@sigstead/util-config';
import { tufKeyOf } from '@sigstead/util-tuf';
import type { TufKeys } from './ports.js';
import { TufRepositoryService } from './repository.service.js';
import { scheduleInProcess, scheduleWithBullMq, type RefreshScheduler } from './scheduler.js';
import { TufModule } from './tuf.module.js';

export interface TufRuntimeOptions {
  readonly section: TufSection;
  readonly host: string;
  readonly dataSource: DataSource;
  readonly keysDir: string;
  readonly passphrase: string;
  /** BullMQ schedules the re-signing job when set; otherwise it runs on a timer in this process. */
  readonly redisUrl?: string;
  readonly logger?: LoggerService | false;
}

export interface RunningTuf extends RunningService {
  readonly repository: TufRepositoryService;
  readonly scheduler: RefreshScheduler;
}

/** Where the server keeps the TUF keys it generates: `<keys>/tuf/{online,root,targets}.key.pem`. */
export function tufKeyFiles(keysDir: string): { online: string; root: string; targets: string } {
  const dir = join(keysDir, 'tuf');
  return {
    online: join(dir, 'online.key.pem'),
    root: join(dir, 'root.key.pem'),
    targets: join(dir, 'targets.key.pem'),
  };
}

/** Loads the keys this server signs with; generated ones are Ed25519 (every TUF client verifies it). */
export async function loadTufKeys(
  section: TufSection,
  keysDir: string,
  passphrase: string,
): Promise<TufKeys> {
  const files = tufKeyFiles(keysDir);
  const online = section.onlineKeyFile
    ? signerFromPem(await readFile(section.onlineKeyFile), passphrase)
    : await generated(files.online, passphrase);
  tufKeyOf(online.publicKey); // refuses key types clients cannot verify
  if (section.keys === 'offline') return { online };
  return {
    online,
    root: await generated(files.root, passphrase),
    targets: await generated(files.targets, passphrase),
  };
}

function generated(file: string, passphrase: string): Promise<Signer> {
  return loadOrCreateFileSigner({ file, passphrase, generate: 'ed25519' });
}

/**
 * Starts the TUF repository: publishes what is due (root v1 and the first targets in `generated`
 * mode), serves the mirror, and schedules re-signing.
 */
export async function startTuf(options: TufRuntimeOptions): Promise<RunningTuf> {
  const { section } = options;
  const store = PostgresTufStore.open(options.dataSource);
  const keys = await loadTufKeys(section, options.keysDir, options.passphrase);
  if (section.keys === 'generated') {
    new Logger('tuf').warn(
      'root and targets are signed 1-of-1 with keys this server holds (tuf.keys: generated): fine on a ' +
        'laptop; in production use tuf.keys: offline and key holders (sigstead tuf, docs/tuf-operations.md)',
    );
  }
  const running = await startHttpService(
    TufModule.register({
      store,
      keys,
      settings: {
        operator: section.operator,
        expiry: section.expiry,
        timestampRefresh: section.timestampRefresh,
      },
    }),
    {
      name: 'tuf',
      host: options.host,
      port: section.port,
      maxBodyBytes: section.maxBodyBytes,
      logger: options.logger,
      cors: true,
    },
  );
  const repository = running.app.get(TufRepositoryService);
  let scheduler: RefreshScheduler | undefined;
  try {
    await repository.refresh();
    const job = () => repository.refresh();
    const everyMs = section.checkInterval * 1000;
    scheduler = options.redisUrl
      ? await scheduleWithBullMq(job, everyMs, options.redisUrl)
      : scheduleInProcess(job, everyMs);
  } catch (err) {
    await running.close();
    throw err;
  }
  const jobs = scheduler;
  return {
    ...running,
    repository,
    scheduler: jobs,
    close: async () => {
      await jobs.close();
      await running.close();
    },
  };
}
