export {
  buildConfig,
  parseConfigText,
  type CaKeyType,
  type ConfigEnv,
  type CtlogSection,
  type DevIssuerSection,
  type FulcioSection,
  type RekorSection,
  type ServiceSection,
  type SigsteadConfig,
  type TufExpiry,
  type TufSection,
} from './lib/config.js';
export { ConfigError } from './lib/error.js';
export { parseDuration } from './lib/schema.js';
