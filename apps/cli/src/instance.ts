import { access, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { walkMirror, type MirrorWalk } from './mirror.js';

/**
 * What `sigstead env` and `sigstead status` learn about a running instance: everything comes from
 * its TUF repository, verified from a trusted root, exactly as clients get it.
 */

/** The subset of `trusted_root.json` (Sigstore's TrustedRoot) read here. */
export interface TrustedRootDoc {
  readonly certificateAuthorities?: readonly {
    readonly uri: string;
    readonly certChain: { readonly certificates: readonly { readonly rawBytes: string }[] };
    readonly validFor: Validity;
  }[];
  readonly tlogs?: readonly LogDoc[];
  readonly ctlogs?: readonly LogDoc[];
  readonly timestampAuthorities?: readonly { readonly uri: string }[];
}

export interface LogDoc {
  readonly baseUrl: string;
  readonly logId: { readonly keyId: string };
  readonly publicKey: { readonly keyDetails: string; readonly validFor: Validity };
}

export interface Validity {
  readonly start: string;
  readonly end?: string;
}

/** The subset of `signing_config.v0.2.json` read here. */
export interface SigningConfigDoc {
  readonly caUrls?: readonly ServiceDoc[];
  readonly oidcUrls?: readonly ServiceDoc[];
  readonly rekorTlogUrls?: readonly ServiceDoc[];
  readonly tsaUrls?: readonly ServiceDoc[];
}

export interface ServiceDoc {
  readonly url: string;
  readonly validFor: Validity;
}

export interface TrustedRootSource {
  /** The trusted root.json the walk starts from. */
  readonly file: string;
  /** Set when the file was just fetched from the mirror itself (trust on first use). */
  readonly firstUse: boolean;
  /** Removes a root fetched only for this command. */
  dispose(): Promise<void>;
}

export interface Instance {
  readonly tuf: string;
  readonly root: TrustedRootSource;
  readonly walk: MirrorWalk;
  readonly trustedRoot: TrustedRootDoc;
  readonly signingConfig: SigningConfigDoc;
}

/** The options `env` and `status` share (for `parseArgs`). */
export const INSTANCE_OPTIONS = {
  tuf: { type: 'string' },
  root: { type: 'string' },
  dir: { type: 'string', default: '.sigstead' },
  json: { type: 'boolean', default: false },
} as const;

/** The mirror URL: `--tuf`, else `SIGSTEAD_TUF_URL`, else the quick start's. */
export function mirrorUrl(flag: string | undefined): string {
  return (flag ?? process.env['SIGSTEAD_TUF_URL'] ?? 'http://localhost:8080').replace(/\/+$/, '');
}

/**
 * The trusted root to start from: `--root`, else `SIGSTEAD_ROOT`, else `<dir>/root.json` (the
 * quick start's server keeps a copy in its data directory, `.sigstead`). Without any of them the
 * mirror's own `root.json` is trusted on first use, and kept in `<dir>` when `keep` is set.
 */
export async function trustedRootFile(
  tuf: string,
  options: { root?: string; dir: string; keep: boolean },
): Promise<TrustedRootSource> {
  const given = options.root ?? process.env['SIGSTEAD_ROOT'];
  if (given) {
    await access(given).catch(() => {
      throw new Error(`no trusted root at ${given}`);
    });
    return { file: resolve(given), firstUse: false, dispose: () => Promise.resolve() };
  }
  const local = resolve(options.dir, 'root.json');
  if (await exists(local))
    return { file: local, firstUse: false, dispose: () => Promise.resolve() };
  const res = await fetch(`${tuf}/root.json`).catch((err: unknown) => {
    throw new Error(`cannot reach the TUF repository at ${tuf} (is the stack running?)`, {
      cause: err,
    });
  });
  if (!res.ok) throw new Error(`${tuf}/root.json answered ${res.status}`);
  const body = Buffer.from(await res.arrayBuffer());
  const temp = options.keep ? undefined : await mkdtemp(join(tmpdir(), 'sigstead-root-'));
  const file = temp ? join(temp, 'root.json') : local;
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, body);
  return {
    file,
    firstUse: true,
    dispose: () => (temp ? rm(temp, { recursive: true, force: true }) : Promise.resolve()),
  };
}

/** Walks the instance's mirror and reads its Sigstore trust root and signing config. */
export async function openInstance(tuf: string, root: TrustedRootSource): Promise<Instance> {
  const walk = await walkMirror(tuf, root.file);
  try {
    const names = await walk.targetNames();
    const json = async <T>(name: string): Promise<T> =>
      names.includes(name)
        ? (JSON.parse((await walk.target(name)).toString('utf8')) as T)
        : ({} as T);
    return {
      tuf,
      root,
      walk,
      trustedRoot: await json<TrustedRootDoc>('trusted_root.json'),
      signingConfig: await json<SigningConfigDoc>('signing_config.v0.2.json'),
    };
  } catch (err) {
    await walk.close();
    throw err;
  }
}

/** The service a client picks now: valid at `now`, the most recently started. */
export function currentService(
  services: readonly ServiceDoc[] | undefined,
  now = new Date(),
): ServiceDoc | undefined {
  return [...(services ?? [])]
    .filter((s) => isValidAt(s.validFor, now))
    .sort((a, b) => Date.parse(b.validFor.start) - Date.parse(a.validFor.start))[0];
}

export function isValidAt(v: Validity, now = new Date()): boolean {
  return Date.parse(v.start) <= now.getTime() && (!v.end || now.getTime() < Date.parse(v.end));
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
