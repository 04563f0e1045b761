import { X509Certificate } from 'node:crypto';
import { parseArgs } from 'node:util';
import {
  INSTANCE_OPTIONS,
  currentService,
  isValidAt,
  mirrorUrl,
  openInstance,
  trustedRootFile,
  type Instance,
  type LogDoc,
  type Validity,
} from './instance.js';

export const STATUS_USAGE = `  status [--tuf URL] [--root FILE] [--dir DIR] [--json]
        Services (up or not, log sizes), trust root versions and expiry, key and certificate
        fingerprints and expiry dates of a running instance, all from its TUF repository (trusted
        root as for env). Exits 1 when a service is down or something has expired.`;

const ROLES = ['root', 'targets', 'snapshot', 'timestamp'] as const;

/** What is read of each role's signed part (`roles` is root's). */
interface RoleSigned {
  readonly version: number;
  readonly expires: string;
  readonly roles?: Record<string, { keyids: string[]; threshold: number }>;
}
const SOON_DAYS = 30;

interface ServiceStatus {
  readonly name: string;
  readonly url: string;
  readonly up: boolean;
  readonly detail: string;
  readonly treeSize?: number;
}

interface RoleStatus {
  readonly role: string;
  readonly version: number;
  readonly expires: string;
  readonly threshold?: number;
  readonly keyIds?: string[];
}

interface KeyStatus {
  readonly what: string;
  readonly fingerprint: string;
  readonly validFor: Validity;
  readonly expires?: string;
  readonly detail: string;
}

export interface StatusReport {
  readonly tuf: string;
  readonly rootFile: string;
  readonly rootOrigin: string;
  readonly rootSha256: string;
  /** The root was the mirror's own, fetched for this command (trust on first use). */
  readonly firstUse: boolean;
  readonly services: ServiceStatus[];
  readonly roles: RoleStatus[];
  readonly keys: KeyStatus[];
  readonly problems: string[];
}

/** `sigstead status`: one look at a running instance, from what its clients see. */
export async function statusCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...INSTANCE_OPTIONS,
    },
    strict: true,
  });
  const tuf = mirrorUrl(values.tuf);
  const root = await trustedRootFile(tuf, { root: values.root, dir: values.dir, keep: false });
  try {
    const instance = await openInstance(tuf, root);
    let report: StatusReport;
    try {
      report = await statusOf(instance);
    } finally {
      await instance.walk.close();
    }
    process.stdout.write(
      values.json
        ? `${JSON.stringify(report, null, 2)}\n`
        : `${describe(report, root.firstUse).join('\n')}\n`,
    );
    return report.problems.length > 0 ? 1 : 0;
  } finally {
    await root.dispose();
  }
}

async function statusOf(instance: Instance): Promise<StatusReport> {
  const now = new Date();
  const problems: string[] = [];
  const { trustedRoot, signingConfig } = instance;

  const signed = await Promise.all(
    ROLES.map(async (role) => (await instance.walk.role<RoleSigned>(role)).signed),
  );
  const rootRoles = signed[0]!.roles ?? {};
  const roles: RoleStatus[] = ROLES.map((role, i) => ({
    role,
    version: signed[i]!.version,
    expires: signed[i]!.expires,
    threshold: rootRoles[role]?.threshold,
    keyIds: rootRoles[role]?.keyids,
  }));

  // Every service is probed at once: one that is down costs its timeout once, not once per service.
  const fulcio = currentService(signingConfig.caUrls)?.url;
  const rekor = currentService(signingConfig.rekorTlogUrls)?.url;
  const issuer = currentService(signingConfig.oidcUrls)?.url;
  const tsa = currentService(signingConfig.tsaUrls)?.url;
  const probes: Promise<ServiceStatus>[] = [];
  if (fulcio) probes.push(probe('fulcio', fulcio, `${fulcio}/healthz`));
  for (const log of current(trustedRoot.ctlogs)) {
    probes.push(
      Promise.all([
        probe('ctlog', log.baseUrl, `${origin(log.baseUrl)}/healthz`),
        getJson<{ tree_size?: number }>(`${log.baseUrl}/ct/v1/get-sth`),
      ]).then(([s, sth]) => withSize(s, sth?.tree_size, 'certificates')),
    );
  }
  if (rekor) {
    probes.push(
      Promise.all([
        probe('rekor', rekor, `${rekor}/healthz`),
        getJson<{ treeSize?: number }>(`${rekor}/api/v1/log`),
      ]).then(([s, info]) => withSize(s, info?.treeSize, 'entries')),
    );
  }
  if (issuer) probes.push(probe('oidc', issuer, `${issuer}/.well-known/openid-configuration`));
  if (tsa) probes.push(probe('tsa', tsa, `${tsa}/healthz`));
  const services: ServiceStatus[] = await Promise.all(probes);
  services.push({ name: 'tuf', url: instance.tuf, up: true, detail: 'verified' });
  for (const s of services) if (!s.up) problems.push(`${s.name} at ${s.url}: ${s.detail}`);
  // What clients need and this repository does not distribute (or no longer has a current one of).
  for (const [present, what] of [
    [fulcio, 'no current certificate authority in the signing config (caUrls)'],
    [rekor, 'no current transparency log in the signing config (rekorTlogUrls)'],
    [issuer, 'no current OIDC issuer in the signing config (oidcUrls)'],
    [
      current(trustedRoot.tlogs).length > 0,
      'no transparency log key valid now in trusted_root.json (tlogs)',
    ],
    [
      (trustedRoot.certificateAuthorities ?? []).some((ca) => isValidAt(ca.validFor, now)),
      'no certificate authority valid now in trusted_root.json',
    ],
  ] as const) {
    if (!present) problems.push(what);
  }

  const keys: KeyStatus[] = [];
  for (const ca of trustedRoot.certificateAuthorities ?? []) {
    const chain = ca.certChain.certificates.map(
      (c) => new X509Certificate(Buffer.from(c.rawBytes, 'base64')),
    );
    chain.forEach((cert, i) => {
      const kind = i === chain.length - 1 ? 'CA root' : 'CA intermediate';
      keys.push({
        what: kind,
        fingerprint: cert.fingerprint256.replaceAll(':', '').toLowerCase(),
        validFor: ca.validFor,
        expires: new Date(cert.validTo).toISOString(),
        detail: `${cert.subject.replaceAll('\n', ', ')} (${ca.uri})`,
      });
    });
  }
  for (const [what, logs] of [
    ['CT log', trustedRoot.ctlogs],
    ['Rekor', trustedRoot.tlogs],
  ] as const) {
    for (const log of logs ?? []) {
      keys.push({
        what,
        fingerprint: Buffer.from(log.logId.keyId, 'base64').toString('hex'),
        validFor: log.publicKey.validFor,
        detail: `${log.publicKey.keyDetails} (${log.baseUrl})`,
      });
    }
  }

  for (const r of roles) {
    const left = Date.parse(r.expires) - now.getTime();
    // (tuf-js refuses expired metadata before this point; kept for metadata read another way.)
    if (left <= 0) problems.push(`${r.role} metadata expired ${r.expires}`);
  }
  for (const k of keys) {
    if (k.expires && Date.parse(k.expires) <= now.getTime() && isValidAt(k.validFor, now))
      problems.push(`${k.what} certificate ${k.fingerprint.slice(0, 16)} expired ${k.expires}`);
  }
  return {
    tuf: instance.tuf,
    rootFile: instance.root.firstUse ? `${instance.tuf}/root.json` : instance.root.file,
    rootOrigin: instance.root.origin,
    rootSha256: instance.root.sha256,
    firstUse: instance.root.firstUse,
    services,
    roles,
    keys,
    problems,
  };
}

function describe(r: StatusReport, firstUse: boolean): string[] {
  const now = Date.now();
  // Snapshot and timestamp are short-lived by design and re-signed by the server's job.
  const when = (iso: string, renewable = true) => {
    const days = Math.floor((Date.parse(iso) - now) / 86_400_000);
    const note =
      days < 0
        ? 'EXPIRED'
        : renewable && days < SOON_DAYS
          ? `in ${days} d, renew soon`
          : `in ${days} d`;
    return `${iso.slice(0, 10)} (${note})`;
  };
  const source = firstUse
    ? `${r.tuf}/root.json, trusted on first use (SHA-256 ${r.rootSha256})`
    : r.rootFile;
  const lines = [
    `sigstead at ${r.tuf}, verified from ${source}`,
    '',
    'services',
    ...r.services.map(
      (s) =>
        `  ${s.name.padEnd(8)} ${s.url.padEnd(36)} ${(s.up ? 'up' : 'DOWN').padEnd(5)} ${s.detail}`,
    ),
    '',
    'trust root (TUF)',
    ...r.roles.map(
      (x) =>
        `  ${x.role.padEnd(10)} v${String(x.version).padEnd(5)} expires ${when(x.expires, x.role === 'root' || x.role === 'targets')}` +
        (x.threshold
          ? `   ${x.threshold} of ${x.keyIds?.length ?? 0}: ${x.keyIds?.map((k) => k.slice(0, 12)).join(' ')}`
          : ''),
    ),
    '',
    'keys and certificates (SHA-256)',
    ...r.keys.map((k) => {
      const validity = k.validFor.end
        ? `valid ${k.validFor.start.slice(0, 10)} to ${k.validFor.end.slice(0, 10)}`
        : `valid since ${k.validFor.start.slice(0, 10)}`;
      const expiry = k.expires ? `, certificate expires ${when(k.expires)}` : '';
      return `  ${k.what.padEnd(16)} ${k.fingerprint}\n  ${''.padEnd(16)} ${k.detail}, ${validity}${expiry}`;
    }),
  ];
  if (r.problems.length > 0) lines.push('', 'problems', ...r.problems.map((p) => `  ${p}`));
  return lines.map((l) => l.trimEnd());
}

/** Logs whose key is valid now (a rotated-out log is shown under keys, not probed). */
function current(logs: readonly LogDoc[] | undefined): LogDoc[] {
  return (logs ?? []).filter((l) => isValidAt(l.publicKey.validFor));
}

async function probe(name: string, url: string, healthUrl: string): Promise<ServiceStatus> {
  try {
    const res = await fetch(healthUrl, { signal: AbortSignal.timeout(5000) });
    return { name, url, up: res.ok, detail: res.ok ? '' : `answered ${res.status}` };
  } catch (err) {
    const cause =
      err instanceof Error && err.cause instanceof Error ? err.cause.message : String(err);
    return { name, url, up: false, detail: `unreachable (${cause})` };
  }
}

function withSize(s: ServiceStatus, size: number | undefined, unit: string): ServiceStatus {
  return size === undefined ? s : { ...s, treeSize: size, detail: `${size} ${unit}` };
}

async function getJson<T>(url: string): Promise<T | undefined> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
    return res.ok ? ((await res.json()) as T) : undefined;
  } catch {
    return undefined;
  }
}

function origin(url: string): string {
  return new URL(url).origin;
}
