import type { PostgresTufStore } from '@sigstead/data-access-tuf';
import type { TufExpiry } from '@sigstead/util-config';
import type { MetadataSigner } from '@sigstead/util-tuf';

/** The repository's storage: PostgreSQL, shared by every replica. */
export type TufStore = Pick<
  PostgresTufStore,
  'latest' | 'get' | 'heads' | 'targetFile' | 'publish'
>;

export interface TufKeys {
  /** Signs snapshot and timestamp (one online key, as the public instance shares one for both). */
  readonly online: MetadataSigner;
  /** Held only in `generated` mode: the server's own 1-of-1 root key. */
  readonly root?: MetadataSigner;
  /** Held only in `generated` mode: the server's own 1-of-1 targets key. */
  readonly targets?: MetadataSigner;
}

export interface TufSettings {
  readonly operator: string;
  /** Seconds until each role expires when signed. */
  readonly expiry: TufExpiry;
  /** Seconds after which the timestamp is re-signed. */
  readonly timestampRefresh: number;
  readonly now?: () => Date;
}

export const TUF_STORE = Symbol('TUF_STORE');
export const TUF_KEYS = Symbol('TUF_KEYS');
export const TUF_SETTINGS = Symbol('TUF_SETTINGS');
