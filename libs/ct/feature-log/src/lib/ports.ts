import type { CtLogStore } from '@sigstead/data-access-ctlog';

export type { CtLogStore };

export const CT_LOG_STORE = Symbol('CT_LOG_STORE');
export const CT_LOG_SIGNER = Symbol('CT_LOG_SIGNER');
export const CT_LOG_SETTINGS = Symbol('CT_LOG_SETTINGS');

export interface CtLogSettings {
  /** Accepted root certificates (DER); chains must end at one of them. */
  readonly roots: readonly Buffer[];
  /** The log's public URL including the prefix, for log.v3.json. */
  readonly url: string;
  readonly description: string;
}
