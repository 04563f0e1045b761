import { join } from 'node:path';
import type { LoggerService } from '@nestjs/common';
import { loadOrCreateFileSigner } from '@sigstead/data-access-keys';
import { startHttpService, type RunningService } from '@sigstead/nest-platform';
import type { DevIssuerSection } from '@sigstead/util-config';
import { DevIssuerModule } from './dev-issuer.module.js';

export interface DevIssuerRuntimeOptions {
  readonly section: DevIssuerSection;
  readonly keysDir: string;
  readonly passphrase: string;
  readonly logger?: LoggerService | false;
}

/** Starts the development OpenID provider; the caller decides whether it may run at all. */
export async function startDevIssuer(options: DevIssuerRuntimeOptions): Promise<RunningService> {
  const signer = await loadOrCreateFileSigner({
    file: join(options.keysDir, 'dev-issuer.key.pem'),
    passphrase: options.passphrase,
    generate: 'ecdsa-p256-sha256',
  });
  const { section } = options;
  return startHttpService(
    DevIssuerModule.register(
      { issuerUrl: section.publicUrl, clientId: section.clientId, ttlSeconds: 600 },
      signer,
    ),
    {
      name: 'dev-issuer',
      // Anyone who reaches it gets a token for any identity, so it only ever listens on loopback.
      host: '127.0.0.1',
      port: section.port,
      maxBodyBytes: 16 * 1024,
      logger: options.logger,
    },
  );
}

/** The Fulcio issuer entry (Fulcio's YAML form) that trusts the dev issuer for email identities. */
export function devIssuerFulcioEntry(section: DevIssuerSection): Record<string, unknown> {
  return {
    [section.publicUrl]: {
      'issuer-url': section.publicUrl,
      'client-id': section.clientId,
      type: 'email',
    },
  };
}
