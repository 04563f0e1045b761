import type { PostgresRekorStore } from '@sigstead/data-access-rekor';
import type { CanonicalEntry } from '@sigstead/util-rekor';

/** The store port: today the PostgreSQL tile log with its search index. */
export type RekorStore = Pick<
  PostgresRekorStore,
  'append' | 'getByIndex' | 'getByLeafHash' | 'inclusionProof' | 'search' | 'log'
>;

export const REKOR_STORE = Symbol('REKOR_STORE');
export const REKOR_SIGNER = Symbol('REKOR_SIGNER');
export const REKOR_SETTINGS = Symbol('REKOR_SETTINGS');
export const ENTRY_VALIDATOR = Symbol('ENTRY_VALIDATOR');

/** Checks a proposed entry (kind, shape, signatures) and gives its canonical body and index keys. */
export interface EntryValidator {
  /** Rejects with a RekorError for an entry the log refuses. */
  validate(proposed: unknown): Promise<CanonicalEntry>;
  close(): Promise<void>;
}

export interface RekorSettings {
  readonly treeId: bigint;
  /** Checkpoint origin host and signer name (the host of the trust root's baseUrl). */
  readonly hostname: string;
}
