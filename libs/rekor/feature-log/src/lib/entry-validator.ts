import {
  canonicalizeProposedEntry,
  RekorError,
  type CanonicalEntry,
  type RekorErrorCode,
} from '@sigstead/util-rekor';
import { asBuffer, BatchWorkerPool, type SerializedError } from '@sigstead/worker-pool';
import type { EntryValidator } from './ports.js';

/** Validation on the event loop (`rekor.validationThreads: 0`, and tests of the service). */
export const inThreadValidator: EntryValidator = {
  validate: (proposed) => canonicalizeProposedEntry(proposed),
  close: () => Promise.resolve(),
};

/** A CanonicalEntry as it crosses from a worker thread: structured cloning turns Buffers into Uint8Arrays. */
type WireEntry = Omit<CanonicalEntry, 'body'> & { readonly body: Uint8Array };

/**
 * Validates entries on `threads` worker threads (none: on the event loop). Parsing keys and checking
 * signatures is most of an append's CPU; on threads it runs beside the event loop, which is left
 * with HTTP, sequencing and the database.
 */
export async function startEntryValidator(threads: number): Promise<EntryValidator> {
  if (threads === 0) return inThreadValidator;
  const pool = await BatchWorkerPool.start<unknown, WireEntry>({
    script: new URL('./entry-validation.worker.js', import.meta.url),
    threads,
    name: 'rekor-validate',
    reviveError,
  });
  return {
    validate: async (proposed) => {
      const entry = await pool.run(proposed);
      return { ...entry, body: asBuffer(entry.body) };
    },
    close: () => pool.close(),
  };
}

/** The entry's own refusals stay RekorErrors (400 with their message); anything else is a 500. */
function reviveError({ name, message, code }: SerializedError): Error | undefined {
  return name === 'RekorError' && code
    ? new RekorError(code as RekorErrorCode, message)
    : undefined;
}
