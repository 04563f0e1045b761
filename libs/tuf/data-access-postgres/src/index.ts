export { TUF_SCHEMA, TufInit1764460800000, TufMigrations } from './lib/migration.js';
export { PostgresTufStore, type StoredMetadata, type TufTransaction } from './lib/tuf.store.js';
