export { classifyRekorError, RekorModule, type RekorModuleOptions } from './lib/rekor.module.js';
export { RekorService } from './lib/rekor.service.js';
export type { LogEntryJson } from './lib/log-entry.js';
export { startRekor, type RekorRuntimeOptions, type RunningRekor } from './lib/rekor.runtime.js';
export { RekorServiceError } from './lib/error.js';
