import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  clientGuide,
  clientVariables,
  cosignCacheFor,
  shellExports,
  type ClientEndpoints,
} from '@sigstead/util-client-setup';
import {
  INSTANCE_OPTIONS,
  currentService,
  mirrorUrl,
  openInstance,
  trustedRootFile,
} from './instance.js';

export const ENV_USAGE = `  env [--tuf URL] [--root FILE] [--dir DIR] [--identity EMAIL] [--json]
        Client configuration for a running instance, from its TUF repository (verified from the
        trusted root: --root, $SIGSTEAD_ROOT, or DIR/root.json; DIR defaults to .sigstead, where the
        quick start keeps a copy). Prints shell exports: eval "$(npx sigstead env)"; the commands for
        cosign v3/v2, sigstore-python and sigstore-js follow as comments.`;

/** `sigstead env`: the variables and commands that point every client at one instance. */
export async function envCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...INSTANCE_OPTIONS,
      identity: { type: 'string', default: 'you@example.com' },
    },
    strict: true,
  });
  const tuf = mirrorUrl(values.tuf);
  const root = await trustedRootFile(tuf, { root: values.root, dir: values.dir, keep: true });
  const instance = await openInstance(tuf, root);
  try {
    const rootVersion = (await instance.walk.role<{ version: number }>('root')).signed.version;
    const { signingConfig } = instance;
    const issuer = currentService(signingConfig.oidcUrls)?.url;
    const endpoints: ClientEndpoints = {
      tuf,
      rootFile: root.file,
      tufCache: cosignCacheFor(resolve(root.file)),
      fulcio: currentService(signingConfig.caUrls)?.url,
      rekor: currentService(signingConfig.rekorTlogUrls)?.url,
      issuer,
      devIssuer: issuer ? await isDevIssuer(issuer) : false,
    };
    if (values.json) {
      process.stdout.write(
        `${JSON.stringify({ rootVersion, ...Object.fromEntries(clientVariables(endpoints)) }, null, 2)}\n`,
      );
      return 0;
    }
    if (root.firstUse) {
      process.stderr.write(
        `sigstead: trusted ${tuf}/root.json on first use and kept it in ${root.file}; ` +
          'compare it with the one your key holders published\n',
      );
    }
    const lines = [
      `# sigstead at ${tuf}: trust root v${rootVersion}, verified from ${root.file}`,
      ...shellExports(endpoints),
      '#',
      ...clientGuide(endpoints, values.identity).map((l) =>
        l === '' ? '#' : l.startsWith('# ') ? l : `#   ${l}`,
      ),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } finally {
    await instance.walk.close();
  }
}

/** sigstead's development issuer mints tokens on request; its discovery document says so. */
async function isDevIssuer(issuer: string): Promise<boolean> {
  try {
    const res = await fetch(`${issuer}/.well-known/openid-configuration`, {
      signal: AbortSignal.timeout(3000),
    });
    const doc = (await res.json()) as { sigstead_dev_issuer?: unknown };
    return res.ok && doc.sigstead_dev_issuer === true;
  } catch {
    return false;
  }
}
