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
  loadServiceSigner,
  resolvePassphrase,
  signerFromPem,
  writeExclusive,
  type FileKeyOptions,
  type ServiceKeyOptions,
} from './lib/file-keys.js';
