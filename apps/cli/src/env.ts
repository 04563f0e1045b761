import { createHash } from 'node:crypto';
import { access, constants } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  clientGuide,
  clientVariables,
  cosignCacheFor,
  printableUrl,
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
  const tuf = printableUrl(mirrorUrl(values.tuf), '--tuf');
  const root = await trustedRootFile(tuf, { root: values.root, dir: values.dir, keep: true });
  try {
    const instance = await openInstance(tuf, root);
    try {
      const rootFile = await root.confirm();
      const rootVersion = (await instance.walk.role<{ version: number }>('root')).signed.version;
      const { signingConfig } = instance;
      // Every URL comes from signed metadata, yet it is printed for `eval`: only plain URLs pass.
      const url = (list: typeof signingConfig.caUrls, field: string) => {
        const found = currentService(list)?.url;
        return found === undefined ? undefined : printableUrl(found, `signing config ${field}`);
      };
      const issuer = url(signingConfig.oidcUrls, 'oidcUrls');
      const endpoints: ClientEndpoints = {
        tuf,
        rootFile,
        tufCache: await cosignCache(rootFile, tuf),
        fulcio: url(signingConfig.caUrls, 'caUrls'),
        rekor: url(signingConfig.rekorTlogUrls, 'rekorTlogUrls'),
        issuer,
        devIssuer: issuer ? await isDevIssuer(issuer) : false,
      };
      if (root.firstUse) {
        process.stderr.write(
          `sigstead: trusted ${tuf}/root.json (v${rootVersion}, SHA-256 ${root.sha256}) on first ` +
            `use and kept it in ${rootFile}; compare it with the root your key holders published\n`,
        );
      }
      if (values.json) {
        const json = {
          rootVersion,
          rootSha256: root.sha256,
          firstUse: root.firstUse,
          ...Object.fromEntries(clientVariables(endpoints)),
        };
        process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
        return 0;
      }
      const lines = [
        `# sigstead at ${tuf}: trust root v${rootVersion}, verified from ${rootFile}`,
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
  } finally {
    await root.dispose();
  }
}

/**
 * cosign's TUF cache for this instance: next to the root copy when that directory is writable (the
 * quick start's `.sigstead/cosign-tuf`, gone with the data directory), else under the user's cache.
 */
async function cosignCache(rootFile: string, tuf: string): Promise<string> {
  const writable = await access(dirname(rootFile), constants.W_OK).then(
    () => true,
    () => false,
  );
  if (writable) return cosignCacheFor(rootFile);
  const base = process.env['XDG_CACHE_HOME'] || join(homedir(), '.cache');
  const id = createHash('sha256').update(tuf).digest('hex').slice(0, 16);
  return join(base, 'sigstead', 'cosign-tuf', id);
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
