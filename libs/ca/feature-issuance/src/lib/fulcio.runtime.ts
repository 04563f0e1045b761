import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Logger, type LoggerService } from '@nestjs/common';
import { OidcTokenVerifier } from '@sigstead/data-access-oidc';
import { startHttpService, type RunningService } from '@sigstead/nest-platform';
import type { FulcioSection } from '@sigstead/util-config';
import { IssuerPool, parseFulcioConfig, type FulcioConfig } from '@sigstead/util-identity';
import { defaultThreadCount } from '@sigstead/worker-pool';
import { loadCaMaterial } from './ca/ca-material.js';
import { HttpCtSubmitter, type CtSubmitter } from './ca/ct-submitter.js';
import { EmbeddedSctCa, type CaMaterial } from './ca/embedded-sct-ca.js';
import { FulcioModule } from './fulcio.module.js';
import { startKeyProofChecker } from './key-proof.js';

const log = new Logger('fulcio');

export interface FulcioRuntimeOptions {
  readonly section: FulcioSection;
  readonly host: string;
  /** `<dataDir>/keys/ca` for generated CA material. */
  readonly caDir: string;
  readonly passphrase: string;
  /** Issuers added to the configured ones (the embedded dev issuer). */
  readonly extraIssuers?: Record<string, unknown>;
  /** Where to log precertificates when the configuration names no ctLogUrl (this deployment's ctlog). */
  readonly defaultCtLogUrl?: string;
  /** Overrides the HTTP client to the CT log (e.g. a log running in the same process). */
  readonly ctSubmitter?: CtSubmitter;
  readonly logger?: LoggerService | false;
}

export interface RunningFulcio extends RunningService {
  readonly material: CaMaterial;
  readonly fulcioConfig: FulcioConfig;
}

/** Loads (or generates) the CA chain and the Fulcio configuration before the CT log starts. */
export async function prepareFulcio(
  options: FulcioRuntimeOptions,
): Promise<{ material: CaMaterial; fulcioConfig: FulcioConfig }> {
  const { ca } = options.section;
  const material = await loadCaMaterial({
    keyType: ca.keyType,
    subject: { commonName: ca.commonName, organization: ca.organization },
    dir: options.caDir,
    passphrase: options.passphrase,
    files:
      ca.rootCertFile && ca.intermediateCertFile && ca.intermediateKeyFile
        ? {
            rootCertFile: ca.rootCertFile,
            intermediateCertFile: ca.intermediateCertFile,
            intermediateKeyFile: ca.intermediateKeyFile,
          }
        : undefined,
  });
  const fulcioConfig = parseFulcioConfig(
    mergeIssuers(options.section.issuers, options.extraIssuers),
  );
  return { material, fulcioConfig };
}

export async function startFulcio(
  options: FulcioRuntimeOptions,
  prepared: { material: CaMaterial; fulcioConfig: FulcioConfig },
): Promise<RunningFulcio> {
  const keyFile = options.section.ctLogPublicKeyFile;
  const ctKey: KeyObject | undefined = keyFile
    ? createPublicKey(await readFile(keyFile))
    : undefined;
  const ctLogUrl = options.section.ctLogUrl ?? options.defaultCtLogUrl;
  if (!ctLogUrl && !options.ctSubmitter) {
    throw new Error('fulcio.ctLogUrl is required when this process runs no ctlog');
  }
  const submitter = options.ctSubmitter ?? new HttpCtSubmitter(ctLogUrl!);
  const ca = new EmbeddedSctCa(prepared.material, submitter, ctKey);
  const verifier = new OidcTokenVerifier(new IssuerPool(prepared.fulcioConfig));
  // Warm discovery and JWKS for the fixed issuers; an unreachable IdP is a warning, not a failure.
  void verifier.prefetch().then((results) => {
    for (const r of results) {
      if (r.error)
        log.warn(`identity provider ${r.issuerUrl} not reachable yet: ${r.error.message}`);
    }
  });
  const keyProof = await startKeyProofChecker(
    options.section.validationThreads ?? defaultThreadCount(),
  );
  const running = await startHttpService(
    FulcioModule.register({
      verifier,
      ca,
      settings: { fulcioConfig: prepared.fulcioConfig },
      keyProof,
    }),
    {
      name: 'fulcio',
      host: options.host,
      port: options.section.port,
      maxBodyBytes: options.section.maxBodyBytes,
      logger: options.logger,
      cors: true,
    },
  ).catch(async (err: unknown) => {
    await keyProof.close();
    throw err;
  });
  return {
    ...running,
    ...prepared,
    close: async () => {
      await running.close();
      await keyProof.close();
    },
  };
}

/** Adds issuers under `oidc-issuers` (YAML form) or `OIDCIssuers` (JSON form), whichever the file uses. */
function mergeIssuers(
  config: Record<string, unknown>,
  extra?: Record<string, unknown>,
): Record<string, unknown> {
  if (!extra || Object.keys(extra).length === 0) return config;
  if ('OIDCIssuers' in config) {
    const json: Record<string, unknown> = {};
    for (const [url, v] of Object.entries(extra)) {
      const e = v as Record<string, unknown>;
      json[url] = { IssuerURL: e['issuer-url'], ClientID: e['client-id'], Type: e['type'] };
    }
    return { ...config, OIDCIssuers: { ...json, ...(config['OIDCIssuers'] as object) } };
  }
  return { ...config, 'oidc-issuers': { ...extra, ...(config['oidc-issuers'] ?? {}) } };
}
