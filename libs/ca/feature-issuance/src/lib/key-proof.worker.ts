// The worker thread behind `startKeyProofChecker`: checks the token's signature, then parses the
// client key and verifies its proof of possession, blocking (this thread exists to block; a hop to
// libuv's pool would only add work).
import { proveKeyPossession } from '@sigstead/util-x509';
import { requireTokenSignature } from '@sigstead/data-access-oidc';
import { asBuffer, serveBatches } from '@sigstead/worker-pool';
import { provenClientKey, type KeyProofInput } from './key-proof.js';

serveBatches(async ({ content, proof, challenges, token }: KeyProofInput) => {
  requireTokenSignature(token);
  return provenClientKey(
    await proveKeyPossession(
      typeof content === 'string' ? content : asBuffer(content),
      asBuffer(proof),
      challenges,
      { blocking: true },
    ),
  );
});
