import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * One process per data directory: the embedded database and generated keys are not shared safely.
 * The lock is a pid file; a stale one (its process gone) is taken over.
 */
const heldHere = new Set<string>();

export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  await mkdir(dataDir, { recursive: true });
  const file = join(dataDir, 'sigstead.lock');
  if (heldHere.has(file)) {
    throw new Error(
      `another sigstead (pid ${process.pid}) is running on data directory ${dataDir}`,
    );
  }
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(file, `${process.pid}\n`, { flag: 'wx' });
      heldHere.add(file);
      return async () => {
        heldHere.delete(file);
        await rm(file, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number((await readFile(file, 'utf8').catch(() => '')).trim());
      if (pid && pid !== process.pid && alive(pid)) {
        throw new Error(
          `another sigstead (pid ${pid}) is running on data directory ${dataDir}; stop it first or use another dataDir`,
        );
      }
      await rm(file, { force: true });
    }
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
