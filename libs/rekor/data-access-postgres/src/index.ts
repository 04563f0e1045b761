export {
  REKOR_SCHEMA,
  RekorIndexMigration1763942400001,
  RekorLogMigration,
  RekorMigrations,
} from './lib/migration.js';
export { PostgresRekorStore, type IndexQuery, type NewRekorEntry } from './lib/rekor.store.js';
