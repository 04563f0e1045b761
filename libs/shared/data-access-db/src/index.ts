export {
  openDatabase,
  type Database,
  type DatabaseOptions,
  type MigrationClass,
} from './lib/database.js';
export { bigintTransformer, toBigInt } from './lib/bigint.js';
export { testBackends, type TestBackend, type TestDatabase } from './lib/testing.js';
