export { CtLogModule, classifyCtError, type CtLogModuleOptions } from './lib/ct-log.module.js';
export { CtLogService, type SthJson } from './lib/ct-log.service.js';
export { CtLogError, type CtLogErrorCode } from './lib/error.js';
export { ChainPolicy, decodeChain, type ValidatedChain } from './lib/chain-policy.js';
export {
  CT_LOG_SETTINGS,
  CT_LOG_SIGNER,
  CT_LOG_STORE,
  type CtLogSettings,
  type CtLogStore,
} from './lib/ports.js';
export { startCtLog, type CtLogRuntimeOptions, type RunningCtLog } from './lib/ct-log.runtime.js';
