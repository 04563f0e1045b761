import type { PostgresRekorStore } from '@sigstead/data-access-rekor';

/** The store port: today the PostgreSQL tile log with its search index. */
export type RekorStore = Pick<
  PostgresRekorStore,
  'append' | 'getByIndex' | 'getByLeafHash' | 'inclusionProof' | 'search' | 'log'
>;

export const REKOR_STORE = Symbol('REKOR_STORE');
export const REKOR_SIGNER = Symbol('REKOR_SIGNER');
export const REKOR_SETTINGS = Symbol('REKOR_SETTINGS');

export interface RekorSettings {
  readonly treeId: bigint;
  /** Checkpoint origin host and signer name (the host of the trust root's baseUrl). */
  readonly hostname: string;
}
