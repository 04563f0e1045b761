export { CT_LOG_SCHEMA, CtLogMigrations, PostgresCtLogStore } from './lib/ct-log.store.js';
export type { CtLogStore, NewCtEntry, StoredCtEntry } from './lib/ports.js';
