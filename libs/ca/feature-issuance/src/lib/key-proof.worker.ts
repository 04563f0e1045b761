// The worker thread behind `startKeyProofChecker`: parses client keys and verifies proofs of
// possession, blocking (this thread exists to block; a hop to libuv's pool would only add work).
import { proveKeyPossession } from '@sigstead/util-x509';
import { asBuffer, serveBatches } from '@sigstead/worker-pool';
import { provenClientKey, type KeyProofInput } from './key-proof.js';

serveBatches(async ({ content, proof, challenges }: KeyProofInput) =>
  provenClientKey(
    await proveKeyPossession(
      typeof content === 'string' ? content : asBuffer(content),
      asBuffer(proof),
      challenges,
      { blocking: true },
    ),
  ),
);
