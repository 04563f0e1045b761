export { CtError, type CtErrorCode } from './lib/error.js';
export {
  HASH_SHA256,
  SIGNATURE_ECDSA,
  SIGNATURE_RSA,
  decodeDigitallySigned,
  encodeDigitallySigned,
  signDigitallySigned,
  verifyDigitallySigned,
  type CtSignatureAlgorithm,
  type CtSigner,
  type CtVerifier,
  type DigitallySigned,
} from './lib/digitally-signed.js';
export {
  SCT_LIST_OID,
  SCT_VERSION_V1,
  decodeSct,
  decodeSctList,
  decodeSctListExtensionValue,
  encodeSct,
  encodeSctList,
  encodeSctListExtensionValue,
  type SignedCertificateTimestamp,
} from './lib/sct.js';
export {
  ENTRY_TYPE_PRECERT,
  ENTRY_TYPE_X509,
  decodeMerkleTreeLeaf,
  encodeMerkleTreeLeaf,
  encodeSignedEntry,
  sctSignedData,
  type SignedEntry,
  type TimestampedEntry,
} from './lib/signed-entry.js';
export {
  decodeCertificateChain,
  decodePrecertChainEntry,
  encodeCertificateChain,
  encodePrecertChainEntry,
  type PrecertChainEntry,
} from './lib/extra-data.js';
export {
  POISON_OID,
  POISON_VALUE,
  PRECERT_SIGNING_EKU_OID,
  embeddedScts,
  hasCriticalPoison,
  hasPoison,
  isPrecertSigningCertificate,
  issuerKeyHash,
  logIdFromSpki,
  precertTbsForSct,
  tbsWithoutSctList,
  type CertificateInput,
} from './lib/precert.js';
export {
  parseCertificate,
  signedParts,
  type ParsedCertificate,
  type SignedParts,
} from './lib/certificate.js';
export { signSct, verifySct, type SctRequest } from './lib/sct-sign.js';
export { signSth, sthSignedData, verifySth, type TreeHead } from './lib/tree-head.js';
export {
  fromAddChainResponse,
  toAddChainResponse,
  type AddChainResponse,
} from './lib/add-chain-response.js';
