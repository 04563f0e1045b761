export { DevIssuerModule } from './lib/dev-issuer.module.js';
export {
  DevIssuerService,
  type DevIssuerSettings,
  type TokenRequest,
} from './lib/dev-issuer.service.js';
export { DevIssuerError } from './lib/error.js';
export {
  startDevIssuer,
  devIssuerFulcioEntry,
  type DevIssuerRuntimeOptions,
} from './lib/dev-issuer.runtime.js';
