import {
  OidcError,
  requireTokenSignature,
  type OidcErrorCode,
  type TokenSignature,
} from '@sigstead/data-access-oidc';
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
  /** The signature of the token the challenges come from, checked first. */
  readonly token: TokenSignature;
}

/** Key proofs on the event loop (`fulcio.validationThreads: 0`, and tests of the service). */
export const inThreadKeyProof: KeyProofChecker = {
  prove: async (content, proof, challenges, token) => {
    requireTokenSignature(token);
    return provenClientKey(await proveKeyPossession(content, proof, challenges));
  },
  close: () => Promise.resolve(),
};

/**
 * Checks token signatures, parses client keys and checks proofs of possession on `threads` worker
 * threads (none: on the event loop). Importing a fresh client key and verifying its ECDSA proof is
 * the largest piece of an issuance's event-loop time, the token's RS256 check the next; on threads
 * they run beside it, in one hop.
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
    prove: async (content, proof, challenges, token) => {
      const proven = await pool.run({ content, proof, challenges, token });
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

/**
 * Key refusals stay X509Errors (mapped to Fulcio's 400s) and a token's bad signature an OidcError
 * (401); anything else is a 500.
 */
function reviveError({ name, message, code }: SerializedError): Error | undefined {
  if (!code) return undefined;
  if (name === 'X509Error') return new X509Error(code as X509ErrorCode, message);
  if (name === 'OidcError') return new OidcError(code as OidcErrorCode, message);
  return undefined;
}
