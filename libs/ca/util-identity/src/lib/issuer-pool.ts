// Issuer lookup (fulcio `FulcioConfig.GetIssuer`): an exact `oidc-issuers` match by issuer URL first,
// then the first meta issuer (in configuration order) whose wildcard pattern matches.
import { metaRegex } from './meta-regex.js';
import type { FulcioConfig, IssuerConfig, MatchedIssuer, MetaIssuerConfig } from './types.js';

export class IssuerPool {
  private readonly exact: ReadonlyMap<string, IssuerConfig>;
  private readonly meta: readonly { readonly re: RegExp; readonly issuer: MetaIssuerConfig }[];

  constructor(readonly config: FulcioConfig) {
    this.exact = new Map(config.oidcIssuers.map((i) => [i.issuerUrl, i]));
    this.meta = config.metaIssuers.map((issuer) => ({
      re: metaRegex(issuer.wildcardIssuerUrl),
      issuer,
    }));
  }

  /** The issuer configuration for a token's `iss`, with the concrete URL; undefined when none matches. */
  match(iss: string): MatchedIssuer | undefined {
    const fixed = this.exact.get(iss);
    if (fixed) return fixed;
    for (const { re, issuer } of this.meta) {
      if (re.test(iss)) {
        const { wildcardIssuerUrl, ...rest } = issuer;
        return Object.freeze({ ...rest, issuerUrl: iss, wildcardIssuerUrl });
      }
    }
    return undefined;
  }

  /** True when `iss` came from a meta issuer (such verifiers are cached in a bounded LRU). */
  isMeta(issuer: MatchedIssuer): boolean {
    return issuer.wildcardIssuerUrl !== undefined;
  }
}
