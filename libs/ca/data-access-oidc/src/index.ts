export {
  OidcTokenVerifier,
  systemClock,
  type OidcVerifierOptions,
  type VerifiedToken,
  type AuthenticatedToken,
} from './lib/verifier.js';
export { OidcError, type OidcErrorCode } from './lib/error.js';
export type { Clock } from './lib/jwks.js';
export type { FetchLike } from './lib/http.js';
export { K8S_ISSUER_URL, type KubernetesOptions } from './lib/kubernetes.js';
