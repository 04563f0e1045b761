export { TransparencyLog } from './lib/tlog.js';
export {
  createTlogLeafHashIdentityMigration,
  createTlogMigration,
  createTlogSealMigration,
} from './lib/migration.js';
export type { TlogMigrationClass } from './lib/migration.js';
export { byteaArray, int4Array, int8Array, textArray } from './lib/binary-array.js';
export { LogError } from './lib/error.js';
export type { LogErrorCode } from './lib/error.js';
export type {
  AppendResult,
  BatchHook,
  BatchRows,
  ConsistencyProof,
  InclusionProof,
  LogEntry,
  LogItem,
  Sealer,
  TlogOptions,
  TreeHead,
} from './lib/types.js';
