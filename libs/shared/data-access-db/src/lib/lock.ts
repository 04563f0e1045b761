import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeExclusive } from '@sigstead/data-access-keys';

const heldHere = new Set<string>();

/**
 * One process per data directory: the embedded database and generated keys are not shared safely.
 * The lock is a pid file, created whole (temp file + link) so nobody ever reads it half-written; a
 * stale one (its process gone) is moved aside under a unique name before it is taken over, so two
 * starters cannot both take the same stale lock.
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  await mkdir(dataDir, { recursive: true });
  const file = join(dataDir, 'sigstead.lock');
  if (heldHere.has(file)) {
    throw new Error(`this process already runs sigstead on data directory ${dataDir}`);
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await writeExclusive(file, `${process.pid}\n`)) {
      heldHere.add(file);
      return async () => {
        heldHere.delete(file);
        await rm(file, { force: true });
      };
    }
    const pid = Number((await readFile(file, 'utf8').catch(() => '')).trim());
    if (pid && alive(pid)) {
      throw new Error(
        `another sigstead (pid ${pid}) is running on data directory ${dataDir}; stop it first or use another dataDir`,
      );
    }
    const aside = `${file}.stale-${process.pid}-${attempt}`;
    await rename(file, aside).catch(() => undefined); // another starter may have moved it first
    await rm(aside, { force: true });
  }
  throw new Error(`could not lock data directory ${dataDir}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
