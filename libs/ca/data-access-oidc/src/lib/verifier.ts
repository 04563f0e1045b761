// OidcTokenVerifier: Fulcio's token authentication (spec §2 "Token verification"; fulcio
// `identity.Authorize` + `config.GetVerifier`, go-oidc `NewProvider`/`IDTokenVerifier`):
//   decode iss (unverified) → match a configured issuer → discovery (cached; meta issuers in an LRU)
//   → signature with the provider's JWKS (re-fetched on an unknown kid) and allowed algorithms
//   → iss / aud / exp / nbf.
import { errors } from 'jose';
import {
  IdentityError,
  principalFromClaims,
  type IssuerPool,
  type MatchedIssuer,
  type Principal,
} from '@sigstead/util-identity';
import { checkClaims } from './claims-check.js';
import { SUPPORTED_ALGORITHMS, discover, type ProviderMetadata } from './discovery.js';
import { OidcError, showIssuer } from './error.js';
import { isAllowedUrl, type FetchLike, type GetJsonOptions } from './http.js';
import { JwksStore, type Clock } from './jwks.js';
import { K8S_DEFAULTS, readInClusterCredentials, type KubernetesOptions } from './kubernetes.js';
import { Lru } from './lru.js';
import {
  requireTokenSignature,
  toOidcError,
  tokenPayload,
  tokenSignature,
  type TokenSignature,
} from './signature.js';
import { decodeUnverified } from './token.js';

export interface OidcVerifierOptions {
  /** Per request to an IdP (discovery, JWKS); default 10 s as upstream. */
  readonly timeoutMs?: number;
  /** Minimum time between JWKS re-fetches triggered by unknown keys; default 30 s. */
  readonly jwksRefreshCooldownMs?: number;
  /** Meta-issuer providers kept; default 100 as upstream. */
  readonly metaCacheSize?: number;
  /** Cap on discovery / JWKS response size; default 1 MiB. */
  readonly maxResponseBytes?: number;
  /** In-cluster Kubernetes discovery settings. */
  readonly kubernetes?: KubernetesOptions;
}

export interface VerifiedToken {
  /** The matched issuer configuration, with the concrete issuer URL. */
  readonly issuer: MatchedIssuer;
  /** The verified claims. */
  readonly claims: Readonly<Record<string, unknown>>;
}

export interface AuthenticatedToken extends VerifiedToken {
  readonly principal: Principal;
}

/**
 * A token checked in everything but its signature's cryptography: the issuer is configured, its
 * keys are known and one of them is picked, the algorithm is allowed. The signature check may run
 * on another thread (`signature` is cloneable; `checkTokenSignature` or `requireTokenSignature`
 * checks it); nothing the token claims may be trusted until it passed.
 */
export interface PendingToken {
  readonly signature: TokenSignature;
  /**
   * The issuer and the claims, checked (iss, aud, exp, nbf, email_verified); throws OidcError for
   * the token's refusal. Neither its result nor its refusal may be used or reported before the
   * signature verified: a forged token is refused for its signature.
   */
  complete(): VerifiedToken;
}

export const systemClock: Clock = { now: () => Date.now() };

interface Provider {
  readonly metadata: ProviderMetadata;
  readonly jwks: JwksStore;
}

interface ProviderCache {
  get(key: string): Promise<Provider> | undefined;
  set(key: string, value: Promise<Provider>): void;
  delete(key: string): void;
}

export class OidcTokenVerifier {
  private readonly fetchImpl: FetchLike;
  private readonly timeoutMs: number;
  private readonly cooldownMs: number;
  private readonly maxBytes: number;
  private readonly k8s: Required<KubernetesOptions>;
  private readonly fixed: ProviderCache = new Map<string, Promise<Provider>>();
  private readonly meta: ProviderCache;

  constructor(
    private readonly pool: IssuerPool,
    private readonly clock: Clock = systemClock,
    fetchImpl?: FetchLike,
    options: OidcVerifierOptions = {},
  ) {
    this.fetchImpl = fetchImpl ?? ((input, init) => fetch(input, init));
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.cooldownMs = options.jwksRefreshCooldownMs ?? 30_000;
    this.maxBytes = options.maxResponseBytes ?? 1024 * 1024;
    this.meta = new Lru<string, Promise<Provider>>(options.metaCacheSize ?? 100);
    this.k8s = { ...K8S_DEFAULTS, ...options.kubernetes };
  }

  /** Verifies an ID token; throws OidcError (whose message never contains the token). */
  async verify(token: string): Promise<VerifiedToken> {
    const pending = await this.begin(token);
    requireTokenSignature(pending.signature);
    return pending.complete();
  }

  /**
   * Everything `verify` does before and after the signature's cryptography, in the same order of
   * refusals: a malformed token, an unknown issuer, a refused algorithm or an unknown key throw
   * here; a bad signature is the caller's to report (before anything `complete` would throw).
   */
  async begin(token: string): Promise<PendingToken> {
    const unverified = decodeUnverified(token);
    if (!SUPPORTED_ALGORITHMS.includes(unverified.alg)) {
      throw new OidcError('UNSUPPORTED_ALGORITHM', 'token signing algorithm is not allowed');
    }
    const issuer = this.pool.match(unverified.iss);
    if (!issuer)
      throw new OidcError(
        'UNKNOWN_ISSUER',
        `token issuer ${showIssuer(unverified.iss)} is not configured`,
      );
    const provider = await this.provider(issuer);
    if (!provider.metadata.algorithms.includes(unverified.alg)) {
      throw new OidcError(
        'UNSUPPORTED_ALGORITHM',
        'token signing algorithm is not allowed for this issuer',
      );
    }
    const signature = await this.signature(token, unverified.header, provider);
    const now = this.clock.now();
    return {
      signature,
      complete: () => {
        const claims = parseVerifiedPayload(tokenPayload(token));
        checkClaims(claims, issuer, now);
        return { issuer, claims };
      },
    };
  }

  /** `verify` plus the certificate principal; principal failures become INVALID_PRINCIPAL. */
  async authenticate(token: string): Promise<AuthenticatedToken> {
    const verified = await this.verify(token);
    try {
      return { ...verified, principal: principalFromClaims(verified.issuer, verified.claims) };
    } catch (e) {
      if (e instanceof IdentityError)
        throw new OidcError('INVALID_PRINCIPAL', e.message, { cause: e });
      throw e;
    }
  }

  /** Discovery + JWKS for every fixed issuer (fulcio does this at startup); failures are reported, not thrown. */
  async prefetch(): Promise<{ readonly issuerUrl: string; readonly error?: OidcError }[]> {
    return Promise.all(
      this.pool.config.oidcIssuers.map(async (issuer) => {
        try {
          await (await this.provider(issuer)).jwks.current();
          return { issuerUrl: issuer.issuerUrl };
        } catch (e) {
          return { issuerUrl: issuer.issuerUrl, error: toOidcError(e) };
        }
      }),
    );
  }

  /** The token's candidate keys from the provider's key set, re-fetched once for an unknown key. */
  private async signature(
    token: string,
    header: Readonly<Record<string, unknown>>,
    provider: Provider,
  ): Promise<TokenSignature> {
    const { algorithms } = provider.metadata;
    try {
      return await tokenSignature(token, header, await provider.jwks.current(), algorithms);
    } catch (e) {
      if (!(e instanceof errors.JWKSNoMatchingKey)) throw toOidcError(e);
    }
    // Unknown key: the IdP may have rotated its keys.
    const fresh = await provider.jwks.refresh();
    if (!fresh) throw new OidcError('UNKNOWN_KEY', 'no key of the issuer matches the token');
    try {
      return await tokenSignature(token, header, fresh, algorithms);
    } catch (e) {
      throw toOidcError(e);
    }
  }

  private provider(issuer: MatchedIssuer): Promise<Provider> {
    if (!URL.canParse(issuer.issuerUrl) || !isAllowedUrl(new URL(issuer.issuerUrl))) {
      return Promise.reject(
        new OidcError(
          'INSECURE_ISSUER',
          `issuer ${showIssuer(issuer.issuerUrl)} must use https (plain http only on loopback)`,
        ),
      );
    }
    const cache = issuer.wildcardIssuerUrl === undefined ? this.fixed : this.meta;
    const cached = cache.get(issuer.issuerUrl);
    if (cached) return cached;
    const loading = this.loadProvider(issuer);
    cache.set(issuer.issuerUrl, loading);
    // Failures are not cached: the next token retries discovery.
    loading.catch(() => {
      if (cache.get(issuer.issuerUrl) === loading) cache.delete(issuer.issuerUrl);
    });
    return loading;
  }

  private async loadProvider(issuer: MatchedIssuer): Promise<Provider> {
    const http = () => this.httpOptions(issuer);
    const metadata = await discover(issuer.issuerUrl, await http());
    return {
      metadata,
      jwks: new JwksStore(issuer.issuerUrl, metadata.jwksUri, http, this.clock, this.cooldownMs),
    };
  }

  private async httpOptions(issuer: MatchedIssuer): Promise<GetJsonOptions> {
    const base = { fetch: this.fetchImpl, timeoutMs: this.timeoutMs, maxBytes: this.maxBytes };
    // Only the in-cluster issuer itself (never a meta issuer) gets the pod's credentials.
    if (
      issuer.type === 'kubernetes' &&
      issuer.wildcardIssuerUrl === undefined &&
      issuer.issuerUrl === this.k8s.issuerUrl
    ) {
      let creds;
      try {
        creds = await readInClusterCredentials(this.k8s);
      } catch (e) {
        throw new OidcError(
          'DISCOVERY_FAILED',
          `in-cluster credentials for ${showIssuer(issuer.issuerUrl)}: ${(e as Error).message}`,
          {
            cause: e,
          },
        );
      }
      const ca = [issuer.caCert, creds.ca].filter((c) => c !== undefined).join('\n');
      const host = new URL(issuer.issuerUrl).host;
      return {
        ...base,
        ca,
        ...(creds.token === undefined ? {} : { bearer: { token: creds.token, host } }),
      };
    }
    return issuer.caCert === undefined ? base : { ...base, ca: issuer.caCert };
  }
}

function parseVerifiedPayload(bytes: Uint8Array): Readonly<Record<string, unknown>> {
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    throw new OidcError('MALFORMED_TOKEN', 'malformed JWT: payload is not JSON');
  }
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) {
    throw new OidcError('MALFORMED_TOKEN', 'malformed JWT: payload is not a JSON object');
  }
  return Object.freeze(claims as Record<string, unknown>);
}
