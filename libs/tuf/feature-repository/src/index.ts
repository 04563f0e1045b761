export {
  ceremonyRoleOf,
  TufCeremony,
  type CeremonyOptions,
  type CeremonyProblem,
  type CeremonyReport,
} from './lib/ceremony.js';
export { TufServiceError, type TufServiceErrorCode } from './lib/error.js';
export { MirrorService, type ServedFile } from './lib/mirror.service.js';
export type { TufKeys, TufSettings, TufStore } from './lib/ports.js';
export {
  TufRepositoryService,
  type RefreshResult,
  type RoleStatus,
} from './lib/repository.service.js';
export { scheduleInProcess, scheduleWithBullMq, type RefreshScheduler } from './lib/scheduler.js';
export { classifyTufError, TufModule, type TufModuleOptions } from './lib/tuf.module.js';
export {
  loadTufKeys,
  startTuf,
  tufKeyFiles,
  type RunningTuf,
  type TufRuntimeOptions,
} from './lib/tuf.runtime.js';
