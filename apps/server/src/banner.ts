import {
  clientGuide,
  cosignCacheFor,
  shellExports,
  shellQuote,
  type ClientEndpoints,
} from '@sigstead/util-client-setup';
import type { RunningStack } from './stack.js';

/**
 * What the server prints once it is ready: each service's public URL, where the trust root is, and
 * (when this process runs the TUF repository) how to point every client at it.
 */
export function readyBanner(stack: RunningStack): string[] {
  const lines: string[] = [];
  const rank = (name: string) => {
    const at = ORDER.indexOf(name);
    return at < 0 ? ORDER.length : at;
  };
  const services = [...stack.services].sort((a, b) => rank(a.name) - rank(b.name));
  for (const s of services) {
    const publicUrl = stack.publicUrls.get(s.name) ?? s.url;
    const listening = new URL(s.url).port !== portOf(publicUrl) ? `   (listening on ${s.url})` : '';
    lines.push(`  ${s.name.padEnd(11)} ${publicUrl}${listening}`);
  }
  const tuf = stack.publicUrls.get('tuf');
  if (!tuf) return lines;
  if (!stack.trustRoot) {
    lines.push(
      '',
      `trust root  none yet: ${tuf} waits for the first ceremony (sigstead tuf status)`,
    );
    return lines;
  }
  const { version, file } = stack.trustRoot;
  lines.push('', `trust root  ${tuf}/root.json (v${version})${file ? `, copy in ${file}` : ''}`);
  if (!file) {
    lines.push(`  clients: npx sigstead env --tuf ${tuf} --root <root.json from your key holders>`);
    return lines;
  }
  const endpoints: ClientEndpoints = {
    tuf,
    rootFile: file,
    tufCache: cosignCacheFor(file),
    fulcio: stack.publicUrls.get('fulcio'),
    rekor: stack.publicUrls.get('rekor'),
    issuer: stack.oidcIssuer,
    devIssuer:
      stack.oidcIssuer !== undefined && stack.oidcIssuer === stack.publicUrls.get('dev-issuer'),
  };
  lines.push(
    '',
    'Point clients at it (they bootstrap from the trust root alone, no keys to copy):',
    `  eval "$(${envCommand(tuf, file)})"    # or paste:`,
    ...shellExports(endpoints).map((l) => `  ${l}`),
    '',
    ...clientGuide(endpoints).map((l) =>
      l.startsWith('# ') ? `  ${l.slice(2)}:` : l === '' ? '' : `    ${l}`,
    ),
  );
  return lines;
}

/** The `sigstead env` command for this instance (spelled out: stale SIGSTEAD_* variables never win). */
function envCommand(tuf: string, rootFile: string): string {
  return `npx sigstead env --tuf ${shellQuote(tuf)} --root ${shellQuote(rootFile)}`;
}

/** Services in the order a signature flows through them; unknown names last. */
const ORDER = ['fulcio', 'ctlog', 'rekor', 'tuf', 'dev-issuer'];

function portOf(url: string): string {
  const u = new URL(url);
  return u.port || (u.protocol === 'https:' ? '443' : '80');
}
