import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Updater } from 'tuf-js';
import { out } from './tuf-support.js';

/**
 * `sigstead tuf verify`: walks the mirror from a trusted root with tuf-js, the client sigstore-js
 * uses, and downloads every target, so a repository is checked by a client's code, not ours.
 */
export async function verify(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { mirror: { type: 'string' }, root: { type: 'string' }, dir: { type: 'string' } },
    strict: true,
  });
  if (!values.mirror || !values.root)
    throw new Error('tuf verify: give --mirror URL and --root FILE');
  const mirror = values.mirror.replace(/\/+$/, '');
  const dir = values.dir ? resolve(values.dir) : await mkdtemp(join(tmpdir(), 'sigstead-tuf-'));
  try {
    const metadataDir = join(dir, 'metadata');
    const targetDir = join(dir, 'targets');
    await mkdir(metadataDir, { recursive: true });
    await mkdir(targetDir, { recursive: true });
    const trusted = join(metadataDir, 'root.json');
    await readFile(trusted).catch(() => copyFile(values.root!, trusted));
    const updater = new Updater({
      metadataBaseUrl: mirror,
      targetBaseUrl: `${mirror}/targets`,
      metadataDir,
      targetDir,
    });
    await updater.refresh();
    const versions: string[] = [];
    for (const role of ['root', 'timestamp', 'snapshot', 'targets']) {
      const md = JSON.parse(await readFile(join(metadataDir, `${role}.json`), 'utf8')) as {
        signed: { version: number; expires: string };
      };
      versions.push(`${role.padEnd(10)} v${md.signed.version}  expires ${md.signed.expires}`);
    }
    const targets = JSON.parse(await readFile(join(metadataDir, 'targets.json'), 'utf8')) as {
      signed: { targets: Record<string, unknown> };
    };
    const names = Object.keys(targets.signed.targets).sort();
    for (const name of names) {
      const info = await updater.getTargetInfo(name);
      if (!info) throw new Error(`target ${name} vanished during the update`);
      await updater.downloadTarget(info, join(targetDir, name));
    }
    out(
      `${mirror}: the metadata and all ${names.length} targets verify from ${values.root}`,
      ...versions,
      ...names.map((n) => `  ${n}`),
      ...(values.dir ? [`files in ${dir}`] : []),
    );
    return 0;
  } finally {
    if (!values.dir) await rm(dir, { recursive: true, force: true });
  }
}
