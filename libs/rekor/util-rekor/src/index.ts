export { canonicalJson } from './lib/canonical.js';
export {
  canonicalizeProposedEntry,
  SUPPORTED_TYPES,
  type CanonicalEntry,
  type CanonicalizeOptions,
} from './lib/entry.js';
export { entryId, parseEntryId } from './lib/entry-id.js';
export { hashedRekordEntry } from './lib/types/hashedrekord.js';
export { RekorError, type RekorErrorCode } from './lib/error.js';
export { setPayload, type SetPayload } from './lib/set.js';
export {
  checkpointText,
  keyHint,
  signCheckpoint,
  verifyCheckpoint,
  type Checkpoint,
} from './lib/checkpoint.js';
export { verifyDigest, type DigestAlgorithm } from './lib/prehash.js';
export { parseVerifier, verifierHash, type Verifier } from './lib/verifier.js';
