export {
  clientGuide,
  clientVariables,
  cosignCacheFor,
  shellExports,
  shellQuote,
  type GuideLine,
  type ClientEndpoints,
} from './lib/client-setup.js';
