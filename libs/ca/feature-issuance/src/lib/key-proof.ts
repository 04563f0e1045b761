import {
  proveKeyPossession,
  X509Error,
  type HashAlgorithm,
  type PublicKeyKind,
  type X509ErrorCode,
} from '@sigstead/util-x509';
import { asBuffer, BatchWorkerPool, type SerializedError } from '@sigstead/worker-pool';
import type { KeyProofChecker, ProvenClientKey } from './ports.js';

/** What a key-proof worker thread is asked. */
export interface KeyProofInput {
  /** PEM text, or the bytes of PEM or DER (a Buffer arrives as a Uint8Array). */
  readonly content: string | Uint8Array;
  readonly proof: Uint8Array;
  readonly challenges: readonly string[];
}

/** Key proofs on the event loop (`fulcio.validationThreads: 0`, and tests of the service). */
export const inThreadKeyProof: KeyProofChecker = {
  prove: async (content, proof, challenges) =>
    provenClientKey(await proveKeyPossession(content, proof, challenges)),
  close: () => Promise.resolve(),
};

/**
 * Parses client keys and checks proofs of possession on `threads` worker threads (none: on the event
 * loop). Importing a fresh client key and verifying its ECDSA proof is the largest piece of an
 * issuance's event-loop time; on threads it runs beside it.
 */
export async function startKeyProofChecker(threads: number): Promise<KeyProofChecker> {
  if (threads === 0) return inThreadKeyProof;
  const pool = await BatchWorkerPool.start<KeyProofInput, ProvenClientKey>({
    script: new URL('./key-proof.worker.js', import.meta.url),
    threads,
    name: 'fulcio-key-proof',
    reviveError,
  });
  return {
    prove: async (content, proof, challenges) => {
      const proven = await pool.run({ content, proof, challenges });
      return { ...proven, spkiDer: asBuffer(proven.spkiDer) };
    },
    close: () => pool.close(),
  };
}

/** The parts of a proven key the issuance needs, cloneable across threads. */
export function provenClientKey(proven: {
  key: { spkiDer: Buffer; kind: PublicKeyKind };
  hash: HashAlgorithm | null;
}): ProvenClientKey {
  return { spkiDer: proven.key.spkiDer, kind: proven.key.kind, hash: proven.hash };
}

/** Key refusals stay X509Errors (mapped to Fulcio's 400s); anything else is a 500. */
function reviveError({ name, message, code }: SerializedError): Error | undefined {
  return name === 'X509Error' && code ? new X509Error(code as X509ErrorCode, message) : undefined;
}
