export {
  openDatabase,
  type Database,
  type DatabaseOptions,
  type MigrationClass,
} from './lib/database.js';
export { lockDataDir } from './lib/lock.js';
export { bigintTransformer, toBigInt } from './lib/bigint.js';
export { testBackends, type TestBackend, type TestDatabase } from './lib/testing.js';
