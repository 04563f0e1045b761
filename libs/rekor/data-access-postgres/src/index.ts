export {
  REKOR_SCHEMA,
  RekorIndexKeysUnlinked1795392000001,
  RekorIndexMigration1763942400001,
  RekorLeafHashIdentityMigration,
  RekorLogMigration,
  RekorMigrations,
  RekorSealMigration,
} from './lib/migration.js';
export {
  PostgresRekorStore,
  type IndexQuery,
  type NewRekorEntry,
  type RekorStoreOptions,
} from './lib/rekor.store.js';
