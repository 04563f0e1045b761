export {
  OidcTokenVerifier,
  systemClock,
  type OidcVerifierOptions,
  type VerifiedToken,
  type AuthenticatedToken,
  type PendingToken,
} from './lib/verifier.js';
export {
  checkTokenSignature,
  requireTokenSignature,
  type TokenSignature,
} from './lib/signature.js';
export { OidcError, type OidcErrorCode } from './lib/error.js';
export type { Clock } from './lib/jwks.js';
export type { FetchLike } from './lib/http.js';
export { K8S_ISSUER_URL, type KubernetesOptions } from './lib/kubernetes.js';
