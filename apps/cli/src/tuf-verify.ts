import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { walkMirror } from './mirror.js';
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
  const walk = await walkMirror(
    values.mirror,
    values.root,
    values.dir ? resolve(values.dir) : undefined,
  );
  try {
    const versions: string[] = [];
    for (const role of ['root', 'timestamp', 'snapshot', 'targets'] as const) {
      const md = await walk.role<{ version: number; expires: string }>(role);
      versions.push(`${role.padEnd(10)} v${md.signed.version}  expires ${md.signed.expires}`);
    }
    const names = await walk.targetNames();
    for (const name of names) await walk.target(name);
    out(
      `${walk.mirror}: the metadata and all ${names.length} targets verify from ${values.root}`,
      ...versions,
      ...names.map((n) => `  ${n}`),
      ...(values.dir ? [`files in ${walk.dir}`] : []),
    );
    return 0;
  } finally {
    await walk.close();
  }
}
