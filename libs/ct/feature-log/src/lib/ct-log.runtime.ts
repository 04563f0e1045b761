import { join } from 'node:path';
import type { LoggerService } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { PostgresCtLogStore } from '@sigstead/data-access-ctlog';
import { loadServiceSigner, type Signer } from '@sigstead/data-access-keys';
import { startHttpService, type RunningService } from '@sigstead/nest-platform';
import type { CtlogSection } from '@sigstead/util-config';
import { CtLogModule } from './ct-log.module.js';
import { CtLogService } from './ct-log.service.js';

export interface CtLogRuntimeOptions {
  readonly section: CtlogSection;
  readonly host: string;
  readonly dataSource: DataSource;
  readonly keysDir: string;
  readonly passphrase: string;
  /** Accepted roots (DER): the deployment's Fulcio roots. */
  readonly roots: readonly Buffer[];
  readonly logger?: LoggerService | false;
}

export interface RunningCtLog extends RunningService {
  readonly signer: Signer;
  /** Base URL of the log including its prefix (what Fulcio's ctLogUrl points at). */
  readonly logUrl: string;
  /** The log itself, for callers in the same process. */
  readonly log: CtLogService;
}

/** Wires and starts the CT log service: signer, durable store, HTTP app. */
export async function startCtLog(options: CtLogRuntimeOptions): Promise<RunningCtLog> {
  const { section } = options;
  // SCTs and tree heads are ECDSA with SHA-256 (RFC 6962 §2.1.4): every client expects a P-256 key.
  const signer = await loadServiceSigner({
    operatorFile: section.keyFile,
    generatedFile: join(options.keysDir, 'ctlog.key.pem'),
    passphrase: options.passphrase,
    algorithm: 'ecdsa-p256-sha256',
    what: 'the CT log key',
  });
  const store = await PostgresCtLogStore.open(options.dataSource);
  const publicBase = `${section.publicUrl}/${section.prefix}`;
  const running = await startHttpService(
    CtLogModule.register({
      prefix: section.prefix,
      store,
      signer,
      settings: {
        roots: options.roots,
        url: publicBase,
        description: `sigstead CT log ${publicBase}`,
      },
    }),
    {
      name: 'ctlog',
      host: options.host,
      port: section.port,
      maxBodyBytes: section.maxBodyBytes,
      logger: options.logger,
    },
  ).catch(async (err: unknown) => {
    await store.close();
    throw err;
  });
  return {
    ...running,
    signer,
    logUrl: `${running.url}/${section.prefix}`,
    log: running.app.get(CtLogService),
    close: async () => {
      await running.close();
      await store.close();
    },
  };
}
