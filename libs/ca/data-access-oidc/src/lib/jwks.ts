// A provider's JSON Web Key Set: fetched on first use, kept, and re-fetched when a token names a key
// we don't have (key rotation), at most once per cooldown so unknown `kid`s can't make us hammer the IdP.
import { createLocalJWKSet, type JSONWebKeySet } from 'jose';
import { OidcError, showIssuer } from './error.js';
import { getJson, type GetJsonOptions } from './http.js';

export type LocalKeySet = ReturnType<typeof createLocalJWKSet>;

export interface Clock {
  /** Milliseconds since the Unix epoch (Date.now-compatible). */
  now(): number;
}

export class JwksStore {
  private keys?: LocalKeySet;
  private fetchedAt = Number.NEGATIVE_INFINITY;
  private inflight?: Promise<LocalKeySet>;

  constructor(
    private readonly issuer: string,
    private readonly jwksUri: string,
    private readonly http: () => Promise<GetJsonOptions>,
    private readonly clock: Clock,
    private readonly cooldownMs: number,
  ) {}

  /** The cached key set, fetching it the first time. */
  async current(): Promise<LocalKeySet> {
    return this.keys ?? this.fetch();
  }

  /** A fresh key set, or undefined when the last fetch is more recent than the cooldown. */
  async refresh(): Promise<LocalKeySet | undefined> {
    if (this.inflight) return this.inflight;
    if (this.clock.now() - this.fetchedAt < this.cooldownMs) return undefined;
    return this.fetch();
  }

  private fetch(): Promise<LocalKeySet> {
    this.inflight ??= this.load().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async load(): Promise<LocalKeySet> {
    this.fetchedAt = this.clock.now();
    let doc: unknown;
    try {
      doc = await getJson(this.jwksUri, await this.http());
    } catch (e) {
      throw new OidcError(
        'JWKS_FAILED',
        `fetching the JWKS of ${showIssuer(this.issuer)} failed: ${(e as Error).message}`,
        { cause: e },
      );
    }
    try {
      this.keys = createLocalJWKSet(doc as JSONWebKeySet);
    } catch (e) {
      throw new OidcError('JWKS_FAILED', `the JWKS of ${showIssuer(this.issuer)} is malformed`, {
        cause: e,
      });
    }
    return this.keys;
  }
}
