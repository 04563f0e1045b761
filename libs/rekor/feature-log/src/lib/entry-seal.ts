import { createHash } from 'node:crypto';
import type { Signer } from '@sigstead/data-access-keys';
import type { LogEntry, Sealer } from '@sigstead/data-access-tlog';
import { setPayload } from '@sigstead/util-rekor';

/** The log ID clients pin: the hex SHA-256 of the log key's SPKI. */
export function logIdOf(signer: Signer): string {
  return createHash('sha256').update(signer.spki).digest('hex');
}

/** Signs an entry's SignedEntryTimestamp: `{body, integratedTime, logID, logIndex}`, canonical JSON. */
export function signSet(signer: Signer, logId: string, entry: LogEntry): Promise<Buffer> {
  return signer.sign(
    setPayload({
      body: entry.leafData.toString('base64'),
      integratedTime: Math.floor(entry.integratedAt / 1000),
      logID: logId,
      logIndex: Number(entry.index),
    }),
  );
}

/**
 * The log's sealer: every new entry's SET is signed while its batch integrates and stored with it,
 * so the 201 and every later read carry the same SET and reads never use the key.
 */
export function setSealer(signer: Signer): Sealer {
  const logId = logIdOf(signer);
  return (entries) => Promise.all(entries.map((e) => signSet(signer, logId, e)));
}
