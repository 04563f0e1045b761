export {
  clientGuide,
  clientVariables,
  cosignCacheFor,
  printableUrl,
  shellExports,
  shellQuote,
  type GuideLine,
  type ClientEndpoints,
} from './lib/client-setup.js';
