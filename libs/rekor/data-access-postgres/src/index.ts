export {
  REKOR_SCHEMA,
  RekorIndexMigration1763942400001,
  RekorLogMigration,
  RekorMigrations,
  RekorSealMigration,
} from './lib/migration.js';
export { PostgresRekorStore, type IndexQuery, type NewRekorEntry } from './lib/rekor.store.js';
