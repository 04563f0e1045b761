import { createHash } from 'node:crypto';
import { access, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { unreachable, walkMirror, type MirrorWalk } from './mirror.js';

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
  /** Where it came from, for messages. */
  readonly origin: string;
  /** Set when the file was just fetched from the mirror itself (trust on first use). */
  readonly firstUse: boolean;
  /** SHA-256 of the file, to compare with what the key holders published. */
  readonly sha256: string;
  /**
   * After the mirror verified from it: keeps a root fetched on first use at its lasting place
   * (when asked to) and returns where the root now is.
   */
  confirm(): Promise<string>;
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
 * mirror's own `root.json` is trusted on first use; once the mirror verified from it, `confirm`
 * keeps it in `<dir>` when `keep` is set (a file that did not verify is never kept).
 */
export async function trustedRootFile(
  tuf: string,
  options: { root?: string; dir: string; keep: boolean },
): Promise<TrustedRootSource> {
  const envRoot = process.env['SIGSTEAD_ROOT'];
  const given = options.root ?? envRoot;
  const local = resolve(options.dir, 'root.json');
  const existing = given ?? ((await exists(local)) ? local : undefined);
  if (existing) {
    const body = await readFile(existing).catch(() => {
      throw new Error(`no trusted root at ${existing}`);
    });
    const file = resolve(existing);
    return {
      file,
      origin: options.root ? '--root' : given ? 'SIGSTEAD_ROOT' : `${options.dir}/root.json`,
      firstUse: false,
      sha256: sha256Hex(body),
      confirm: () => Promise.resolve(file),
      dispose: () => Promise.resolve(),
    };
  }
  const res = await fetch(`${tuf}/root.json`).catch((err: unknown) => {
    throw unreachable(tuf, err);
  });
  if (!res.ok) throw new Error(`${tuf}/root.json answered ${res.status}`);
  const body = Buffer.from(await res.arrayBuffer());
  const temp = await mkdtemp(join(tmpdir(), 'sigstead-root-'));
  const file = join(temp, 'root.json');
  await writeFile(file, body);
  return {
    file,
    origin: `${tuf}/root.json (first use)`,
    firstUse: true,
    sha256: sha256Hex(body),
    confirm: async () => {
      if (!options.keep) return file;
      await mkdir(dirname(local), { recursive: true });
      await copyFile(file, local);
      return local;
    },
    dispose: () => rm(temp, { recursive: true, force: true }),
  };
}

/** Walks the instance's mirror and reads its Sigstore trust root and signing config. */
export async function openInstance(tuf: string, root: TrustedRootSource): Promise<Instance> {
  const walk = await walkMirror(tuf, root.file, undefined, root.origin);
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

function sha256Hex(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
