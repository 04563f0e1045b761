import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Updater } from 'tuf-js';

/** A TUF mirror walked from a trusted root with tuf-js (the client sigstore-js uses). */
export interface MirrorWalk {
  readonly mirror: string;
  readonly dir: string;
  /** The verified top-level metadata tuf-js kept, by role. */
  role<T>(name: 'root' | 'timestamp' | 'snapshot' | 'targets'): Promise<SignedEnvelope<T>>;
  /** The names of every target in the verified targets metadata. */
  targetNames(): Promise<string[]>;
  /** Downloads one target, checked against its length and hashes in the verified targets. */
  target(name: string): Promise<Buffer>;
  /** Removes the working directory unless it was given. */
  close(): Promise<void>;
}

/** The error for a mirror that does not answer at all. */
export function unreachable(mirror: string, cause: unknown): Error {
  return new Error(`cannot reach the TUF repository at ${mirror} (is the stack running?)`, {
    cause,
  });
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export interface SignedEnvelope<T> {
  readonly signed: T;
  readonly signatures: readonly { keyid: string; sig: string }[];
}

/**
 * Refreshes metadata from `mirror` starting at the root in `rootFile`: every root version in turn,
 * then timestamp, snapshot and targets, each checked for signatures, versions and expiry. Metadata
 * and targets go to `dir` (a temporary directory unless given).
 */
export async function walkMirror(
  mirrorUrl: string,
  rootFile: string,
  dir?: string,
  /** How to name the root in messages (default: its path). */
  rootName = rootFile,
): Promise<MirrorWalk> {
  const mirror = mirrorUrl.replace(/\/+$/, '');
  const work = dir ?? (await mkdtemp(join(tmpdir(), 'sigstead-tuf-')));
  const close = () => (dir ? Promise.resolve() : rm(work, { recursive: true, force: true }));
  try {
    const metadataDir = join(work, 'metadata');
    const targetDir = join(work, 'targets');
    await mkdir(metadataDir, { recursive: true });
    await mkdir(targetDir, { recursive: true });
    const trusted = join(metadataDir, 'root.json');
    await readFile(trusted).catch(() => copyFile(rootFile, trusted));
    let updater: Updater;
    try {
      updater = new Updater({
        metadataBaseUrl: mirror,
        targetBaseUrl: `${mirror}/targets`,
        metadataDir,
        targetDir,
      });
    } catch (err) {
      throw new Error(`${rootName} is not a TUF root.json (${describe(err)})`, { cause: err });
    }
    await updater.refresh().catch((err: unknown) => {
      const why = describe(err);
      if (/fetch failed|ECONNREFUSED/.test(why)) throw unreachable(mirror, err);
      // The server's job re-signs timestamp and snapshot; expired ones mean it has stopped.
      const hint = /expired/i.test(why) ? " (is the repository's re-signing job running?)" : '';
      throw new Error(
        `the TUF repository at ${mirror} does not verify from ${rootName}: ${why}${hint}`,
        {
          cause: err,
        },
      );
    });
    const role = async <T>(name: string) =>
      JSON.parse(await readFile(join(metadataDir, `${name}.json`), 'utf8')) as SignedEnvelope<T>;
    return {
      mirror,
      dir: work,
      role,
      targetNames: async () =>
        Object.keys(
          (await role<{ targets: Record<string, unknown> }>('targets')).signed.targets,
        ).sort(),
      target: async (name) => {
        const info = await updater.getTargetInfo(name);
        if (!info) throw new Error(`${mirror} has no target ${name}`);
        return readFile(await updater.downloadTarget(info, join(targetDir, name)));
      },
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
