import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { lockDataDir, openDatabase } from '@sigstead/data-access-db';
import { PostgresTufStore, TufMigrations } from '@sigstead/data-access-tuf';
import { TufCeremony, type CeremonyReport } from '@sigstead/feature-tuf';
import { parseConfigText, type SigsteadConfig } from '@sigstead/util-config';
import {
  publishedBytes,
  tufKeyOf,
  tufTime,
  type Envelope,
  type RootSigned,
  type ThresholdProgress,
  type TufKey,
} from '@sigstead/util-tuf';

/** What the `sigstead tuf` commands share: the repository's database, key files and output. */

export async function loadConfig(file: string | undefined): Promise<SigsteadConfig> {
  const path = file ?? process.env['SIGSTEAD_CONFIG'];
  return parseConfigText(path ? await readFile(path, 'utf8') : '', process.env);
}

/** Opens the repository's database (migrating the `tuf` schema if needed) for one command. */
export async function withStore<T>(
  config: SigsteadConfig,
  fn: (store: PostgresTufStore) => Promise<T>,
): Promise<T> {
  const dataDir = resolve(config.dataDir);
  // The embedded database belongs to one process at a time: a running server holds the lock.
  const unlock = config.database.url ? undefined : await lockDataDir(dataDir);
  try {
    const database = await openDatabase({
      url: config.database.url,
      dataDir,
      migrations: [...TufMigrations],
      migrate: config.database.migrate,
    });
    try {
      return await fn(PostgresTufStore.open(database.dataSource));
    } finally {
      await database.close();
    }
  } finally {
    await unlock?.();
  }
}

export function withCeremony<T>(
  config: SigsteadConfig,
  fn: (ceremony: TufCeremony) => Promise<T>,
): Promise<T> {
  return withStore(config, (store) =>
    fn(new TufCeremony(store, { operator: config.tuf.operator })),
  );
}

/** A public key from a PEM file (public or private), or a TUF key object in JSON. */
export async function readTufKey(file: string): Promise<TufKey> {
  const text = await readFile(file, 'utf8').catch((err: unknown) => {
    throw new Error(`cannot read key ${file}`, { cause: err });
  });
  if (text.trimStart().startsWith('{')) {
    const json = JSON.parse(text) as Partial<TufKey>;
    if (!json.keytype || !json.scheme || typeof json.keyval?.public !== 'string') {
      throw new Error(`${file}: not a TUF key object {keytype, scheme, keyval}`);
    }
    return { keytype: json.keytype, scheme: json.scheme, keyval: { public: json.keyval.public } };
  }
  return tufKeyOf(publicKeyFromPem(text));
}

/** The public key of a PEM public key, or of a private key (decrypted with SIGSTEAD_KEY_PASSPHRASE). */
export function publicKeyFromPem(text: string): KeyObject {
  return createPublicKey(
    text.includes('PRIVATE KEY')
      ? createPrivateKey({ key: text, passphrase: process.env['SIGSTEAD_KEY_PASSPHRASE'] })
      : text,
  );
}

export async function writeEnvelope(file: string, envelope: Envelope<unknown>): Promise<void> {
  await writeFile(file, publishedBytes(envelope));
}

export function describeRoot(root: RootSigned): string[] {
  return (['root', 'targets', 'snapshot', 'timestamp'] as const).map((role) => {
    const r = root.roles[role];
    return `  ${role.padEnd(10)} ${r.threshold} of ${r.keyids.length}: ${r.keyids.map((id) => id.slice(0, 12)).join(' ')}`;
  });
}

export function describeProgress(p: ThresholdProgress): string {
  return `  ${p.role} keys of ${p.under}: ${p.signed.length} of ${p.threshold} signatures${p.met ? ' (threshold met)' : ''}`;
}

export function describeReport(report: CeremonyReport, dryRun: boolean): string[] {
  const what = `${report.role} v${report.version} (expires ${tufTime(report.expires)})`;
  return [
    report.problem
      ? `cannot publish ${what}: ${report.problem.message}`
      : `${what}: ${dryRun ? 'can be published' : 'published'}`,
    ...report.progress.map(describeProgress),
  ];
}

export function requirePassphrase(what: string): string {
  const passphrase = process.env['SIGSTEAD_KEY_PASSPHRASE'];
  if (!passphrase) throw new Error(`${what}: set SIGSTEAD_KEY_PASSPHRASE (it encrypts the key)`);
  return passphrase;
}

export function single(positionals: string[], what: string): string {
  if (positionals.length !== 1) throw new Error(`${what}: give one metadata file`);
  return positionals[0]!;
}

export function positiveInt(text: string, name: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer`);
  return n;
}

export function out(...lines: string[]): void {
  process.stdout.write(`${lines.join('\n')}\n`);
}
