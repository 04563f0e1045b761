export {
  algorithmOf,
  KeyError,
  KeyObjectSigner,
  SIGNER_DIGEST,
  type KeyErrorCode,
  type Signer,
  type SigningAlgorithm,
} from './lib/signer.js';
export {
  loadOrCreateFileSigner,
  resolvePassphrase,
  signerFromPem,
  writeExclusive,
  type FileKeyOptions,
} from './lib/file-keys.js';
