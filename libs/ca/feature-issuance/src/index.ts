export { FulcioModule, classifyFulcioError, fulcioErrorPresenter } from './lib/fulcio.module.js';
export { IssuanceService } from './lib/issuance.service.js';
export { FulcioError, type FulcioErrorCode } from './lib/error.js';
export { parseV1Request, parseV2Request, type SigningRequest } from './lib/signing-request.js';
export type {
  CertificateAuthority,
  IssuanceDeps,
  IssuanceSettings,
  TokenVerifier,
} from './lib/ports.js';
export { EmbeddedSctCa, type CaMaterial } from './lib/ca/embedded-sct-ca.js';
export { HttpCtSubmitter, type CtSubmitter } from './lib/ca/ct-submitter.js';
export { loadCaMaterial, type CaMaterialOptions } from './lib/ca/ca-material.js';
export {
  prepareFulcio,
  startFulcio,
  type FulcioRuntimeOptions,
  type RunningFulcio,
} from './lib/fulcio.runtime.js';
