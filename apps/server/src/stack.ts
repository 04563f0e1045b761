import { rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Logger } from '@nestjs/common';
import { CtLogMigrations } from '@sigstead/data-access-ctlog';
import { RekorMigrations } from '@sigstead/data-access-rekor';
import { lockDataDir, openDatabase, type Database } from '@sigstead/data-access-db';
import { resolvePassphrase } from '@sigstead/data-access-keys';
import { devIssuerFulcioEntry, startDevIssuer } from '@sigstead/feature-dev-issuer';
import { prepareFulcio, startFulcio } from '@sigstead/feature-issuance';
import { startCtLog, type RunningCtLog } from '@sigstead/feature-ctlog';
import { startRekor } from '@sigstead/feature-rekor';
import { PostgresTufStore, TufMigrations } from '@sigstead/data-access-tuf';
import { startTuf } from '@sigstead/feature-tuf';
import type { RunningService } from '@sigstead/nest-platform';
import type { SigsteadConfig } from '@sigstead/util-config';
import { readCertificates } from './pem-file.js';
import { trustMaterialOf, type PublishedMaterial } from './trust-material.js';

export interface RunningStack {
  readonly services: readonly RunningService[];
  /** Each running service's public URL (what clients use), by service name. */
  readonly publicUrls: ReadonlyMap<string, string>;
  /** The OIDC issuer published in the signing config (clients' `--certificate-oidc-issuer`). */
  readonly oidcIssuer?: string;
  /** The published TUF root, when this process runs the repository and a root is published. */
  readonly trustRoot?: TrustRootCopy;
  readonly database: Database;
  close(): Promise<void>;
}

export interface TrustRootCopy {
  readonly version: number;
  /** A copy of the current `root.json` under the data directory (with `tuf.keys: generated`). */
  readonly file?: string;
}

const log = new Logger('sigstead');

/**
 * The composition root of the all-in-one process: one database, one key directory, every service on
 * its own port. Each service is started the same way its standalone app starts it.
 */
export async function startStack(
  config: SigsteadConfig,
  env: NodeJS.ProcessEnv,
  options: { readonly lock?: boolean } = {},
): Promise<RunningStack> {
  const dataDir = resolve(config.dataDir);
  // Worker processes run under a primary that holds the data directory lock for all of them.
  const unlock = options.lock === false ? () => Promise.resolve() : await lockDataDir(dataDir);
  const cleanup: (() => Promise<void>)[] = [unlock];
  const services: RunningService[] = [];
  const publicUrls = new Map<string, string>();
  let trustRoot: TrustRootCopy | undefined;
  const close = async () => {
    for (const svc of [...services].reverse()) await svc.close().catch((e) => log.error(e));
    for (const fn of [...cleanup].reverse()) await fn().catch((e) => log.error(e));
  };
  try {
    const keysDir = join(dataDir, 'keys');
    const embedded = !config.database.url;
    if (config.devIssuer.enabled) assertLoopbackOnly(config);
    // A development stack (embedded, or one with the dev issuer) may keep a generated passphrase
    // next to its keys; anything else must be given one.
    const { passphrase, generated } = await resolvePassphrase(
      env['SIGSTEAD_KEY_PASSPHRASE'],
      keysDir,
      embedded || config.devIssuer.enabled,
    );
    if (generated) {
      log.warn(
        `keys are encrypted with a generated passphrase in ${keysDir}/.passphrase; set SIGSTEAD_KEY_PASSPHRASE in production`,
      );
    }
    const database = await openDatabase({
      url: config.database.url,
      dataDir,
      migrations: [...CtLogMigrations, ...RekorMigrations, ...TufMigrations],
      migrate: config.database.migrate,
    });
    cleanup.push(() => database.close());

    if (config.devIssuer.enabled) {
      services.push(await startDevIssuer({ section: config.devIssuer, keysDir, passphrase }));
      publicUrls.set('dev-issuer', config.devIssuer.publicUrl);
    }
    const fulcioOptions = {
      section: config.fulcio,
      host: config.host,
      caDir: join(keysDir, 'ca'),
      passphrase,
      extraIssuers: config.devIssuer.enabled ? devIssuerFulcioEntry(config.devIssuer) : undefined,
    };
    const prepared = config.fulcio.enabled ? await prepareFulcio(fulcioOptions) : undefined;
    const published: PublishedMaterial = {};
    let ctlog: RunningCtLog | undefined;
    if (config.ctlog.enabled) {
      const roots = config.ctlog.rootsFile
        ? await readCertificates(config.ctlog.rootsFile)
        : prepared
          ? prepared.material.chain.slice(-1)
          : [];
      if (roots.length === 0)
        throw new Error('ctlog.rootsFile is required when fulcio runs elsewhere');
      ctlog = await startCtLog({
        section: config.ctlog,
        host: config.host,
        dataSource: database.dataSource,
        keysDir,
        passphrase,
        roots,
      });
      services.push(ctlog);
      publicUrls.set('ctlog', `${config.ctlog.publicUrl}/${config.ctlog.prefix}`);
      published.ctlog = {
        url: `${config.ctlog.publicUrl}/${config.ctlog.prefix}`,
        spki: ctlog.signer.spki,
      };
    }
    if (prepared) {
      published.ca = { url: config.fulcio.publicUrl, chain: prepared.material.chain };
      published.oidcUrl =
        config.tuf.oidcUrl ??
        (config.devIssuer.enabled
          ? config.devIssuer.publicUrl
          : prepared.fulcioConfig.oidcIssuers[0]?.issuerUrl);
      services.push(
        await startFulcio(
          {
            ...fulcioOptions,
            defaultCtLogUrl: ctlog?.logUrl,
            // In one process the CA hands precertificates to the log directly instead of over HTTP.
            ctSubmitter:
              ctlog && !config.fulcio.ctLogUrl
                ? {
                    // The CA signed this precertificate in this process a moment ago.
                    addPreChain: (chain: readonly Buffer[]) =>
                      ctlog.log.submit(chain, true, { leafSignedHere: true }),
                  }
                : undefined,
          },
          prepared,
        ),
      );
      publicUrls.set('fulcio', config.fulcio.publicUrl);
    }
    if (config.rekor.enabled) {
      const rekor = await startRekor({
        section: config.rekor,
        host: config.host,
        dataSource: database.dataSource,
        keysDir,
        passphrase,
      });
      services.push(rekor);
      publicUrls.set('rekor', config.rekor.publicUrl);
      published.rekor = { url: config.rekor.publicUrl, spki: rekor.signer.spki };
    }
    // Each process registers the public material of the services it runs; the TUF repository (here
    // or in another process on the same database) publishes it in the trust root.
    const registry = PostgresTufStore.open(database.dataSource);
    for (const m of trustMaterialOf(published, new Date())) {
      if (await registry.register(m, config.tuf.rotationGrace * 1000)) {
        log.log(`trust root: registered ${m.kind} ${m.url}`);
      }
    }
    if (config.tuf.enabled) {
      services.push(
        await startTuf({
          section: config.tuf,
          host: config.host,
          dataSource: database.dataSource,
          keysDir,
          passphrase,
          redisUrl: config.redis.url,
        }),
      );
      publicUrls.set('tuf', config.tuf.publicUrl);
      const root = await registry.latest('root');
      if (root) {
        // With server-held root keys the server is where the root comes from: the quick start's
        // clients bootstrap from this copy (`sigstead env` finds it here). With offline keys the
        // key holders hand out the root.
        const file = config.tuf.keys === 'generated' ? join(dataDir, 'root.json') : undefined;
        if (file) {
          // Written aside and renamed, so a reader (`sigstead env`) never sees half a file.
          // (One name per process: with `workers` every process writes it.)
          const aside = `${file}.${process.pid}.tmp`;
          await writeFile(aside, root.body);
          await rename(aside, file);
        }
        trustRoot = { version: root.version, file };
      }
    }
    if (config.tsa.enabled) log.warn('tsa is configured but not part of this release yet');
    return {
      services,
      publicUrls,
      oidcIssuer: published.oidcUrl,
      trustRoot,
      database,
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

/**
 * The development issuer mints a token for any identity it is asked for: it runs only where nobody
 * but this machine can reach it or the CA that trusts it (services on loopback, its URL loopback).
 */
function assertLoopbackOnly(config: SigsteadConfig): void {
  const loopback = (host: string) =>
    host === 'localhost' || host === '::1' || host === '[::1]' || /^127\./.test(host);
  const issuerHost = new URL(config.devIssuer.publicUrl).hostname;
  if (!loopback(config.host) || !loopback(issuerHost)) {
    throw new Error(
      `devIssuer mints tokens for any identity, so it runs only on loopback (host ${config.host}, ` +
        `devIssuer.publicUrl ${config.devIssuer.publicUrl}); disable it and configure your identity ` +
        'provider under fulcio.config',
    );
  }
}
