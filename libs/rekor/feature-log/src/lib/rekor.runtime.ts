import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { LoggerService } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { PostgresRekorStore } from '@sigstead/data-access-rekor';
import { loadServiceSigner, type Signer } from '@sigstead/data-access-keys';
import { startHttpService, type RunningService } from '@sigstead/nest-platform';
import type { RekorSection } from '@sigstead/util-config';
import { defaultThreadCount } from '@sigstead/worker-pool';
import { setSealer } from './entry-seal.js';
import { startEntryValidator } from './entry-validator.js';
import { RekorModule } from './rekor.module.js';
import { RekorService } from './rekor.service.js';

export interface RekorRuntimeOptions {
  readonly section: RekorSection;
  readonly host: string;
  readonly dataSource: DataSource;
  readonly keysDir: string;
  readonly passphrase: string;
  readonly logger?: LoggerService | false;
}

export interface RunningRekor extends RunningService {
  readonly signer: Signer;
  readonly treeId: bigint;
  readonly service: RekorService;
}

/** Wires and starts the transparency log: P-256 key, durable store with search index, HTTP app. */
export async function startRekor(options: RekorRuntimeOptions): Promise<RunningRekor> {
  const { section } = options;
  // sigstore-go and cosign verify SETs and v1 checkpoints with ECDSA keys only.
  const signer = await loadServiceSigner({
    operatorFile: section.keyFile,
    generatedFile: join(options.keysDir, 'rekor.key.pem'),
    passphrase: options.passphrase,
    algorithm: 'ecdsa-p256-sha256',
    what: 'the rekor key',
  });
  const treeId = section.treeId ?? treeIdFromKey(signer.spki);
  const validator = await startEntryValidator(section.validationThreads ?? defaultThreadCount());
  const store = await PostgresRekorStore.open(options.dataSource, {
    seal: setSealer(signer),
    maxBatchSize: section.maxBatchSize,
    maxQueueSize: section.maxQueueSize,
  }).catch(async (err: unknown) => {
    await validator.close();
    throw err;
  });
  const running = await startHttpService(
    RekorModule.register({
      store,
      signer,
      settings: { treeId, hostname: section.hostname },
      validator,
    }),
    {
      name: 'rekor',
      host: options.host,
      port: section.port,
      maxBodyBytes: section.maxBodyBytes,
      logger: options.logger,
      cors: true,
    },
  ).catch(async (err: unknown) => {
    await store.close();
    await validator.close();
    throw err;
  });
  return {
    ...running,
    signer,
    treeId,
    service: running.app.get(RekorService),
    close: async () => {
      await running.close();
      await validator.close();
      await store.close();
    },
  };
}

/** A stable, positive 63-bit tree ID for a key: the first 8 bytes of SHA-256(SPKI). */
function treeIdFromKey(spki: Buffer): bigint {
  const id = createHash('sha256').update(spki).digest().readBigUInt64BE(0) & 0x7fffffffffffffffn;
  return id === 0n ? 1n : id;
}
