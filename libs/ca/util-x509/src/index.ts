export { X509Error, type X509ErrorCode } from './lib/error.js';
export {
  algorithmIdentifier,
  keyObjectSigner,
  signatureAlgorithmForKey,
  type HashAlgorithm,
  type SignFunction,
  type SignatureAlgorithm,
} from './lib/algorithms.js';
export { randomSerial } from './lib/serial.js';
export { signTbs } from './lib/sign-tbs.js';
export { decodePem, encodePem, type PemBlock } from './lib/pem.js';
export {
  FULCIO_OID,
  FULCIO_OID_ARC,
  encodeFulcioExtensionValue,
  fulcioIssuerExtensions,
  type FulcioExtension,
} from './lib/leaf/fulcio-extensions.js';
export type { SubjectAltName } from './lib/leaf/subject-alt-name.js';
export { buildLeafTbs, type LeafProfile, type LeafTbs } from './lib/leaf/leaf-tbs.js';
export { checkEmbeddedSct } from './lib/embedded-sct.js';
export { subjectKeyIdFor } from './lib/key-id.js';
export {
  issuerProfile,
  readCertificateInfo,
  type CertificateInfo,
  type IssuerProfile,
} from './lib/ca/certificate-info.js';
export type { CaSubject } from './lib/ca/name.js';
export {
  createIntermediateCertificate,
  createRootCertificate,
  type IntermediateCertificateOptions,
  type RootCertificateOptions,
} from './lib/ca/ca-certificates.js';
export { parsePublicKey, type ClientPublicKey, type PublicKeyKind } from './lib/keys/public-key.js';
export { parseCsr, type ParsedCsr } from './lib/keys/csr.js';
export {
  proveKeyPossession,
  verifyProofOfPossession,
  type ProofOptions,
  type ProvenKey,
} from './lib/keys/proof-of-possession.js';
export {
  DEFAULT_CLIENT_SIGNING_ALGORITHMS,
  checkClientSigningAlgorithm,
  defaultHashForKey,
  parseClientSigningAlgorithms,
  type ClientSigningAlgorithm,
} from './lib/keys/signing-algorithms.js';
