import { LogError } from './error.js';

/** Quoted, validated names of one log's tables. */
export interface LogTables {
  readonly schema: string;
  readonly leaves: string;
  readonly tiles: string;
  readonly treeState: string;
}

/**
 * Schema names are interpolated into SQL, so only plain lower-case identifiers are accepted
 * (e.g. `ctlog`, `rekor`).
 */
export function logTables(schema: string): LogTables {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema) || schema.startsWith('pg_')) {
    throw new LogError('INVALID_ARGUMENT', 'schema must be a lower-case SQL identifier');
  }
  const q = `"${schema}"`;
  return { schema: q, leaves: `${q}.leaves`, tiles: `${q}.tiles`, treeState: `${q}.tree_state` };
}
