export { IdentityError, type IdentityErrorCode } from './lib/error.js';
export { parseFulcioConfig } from './lib/config.js';
export { BUILTIN_CI_ISSUER_METADATA } from './lib/ci-defaults.js';
export { IssuerPool } from './lib/issuer-pool.js';
export { metaRegex } from './lib/meta-regex.js';
export {
  principalFromClaims,
  certificateExtensions,
  type Principal,
  type SubjectAltName,
} from './lib/principal.js';
export {
  FULCIO_OIDS,
  type FulcioExtension,
  type ExtensionEncoding,
  type CiExtensionName,
} from './lib/oids.js';
export { isLoopbackHost } from './lib/url.js';
export type { Claims } from './lib/claims.js';
export {
  ISSUER_TYPES,
  type IssuerType,
  type IssuerConfig,
  type MetaIssuerConfig,
  type MatchedIssuer,
  type CiIssuerMetadata,
  type FulcioConfig,
} from './lib/types.js';
