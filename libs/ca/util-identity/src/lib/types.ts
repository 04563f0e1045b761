// The normalized, frozen issuer configuration (fulcio `pkg/config/config.go` FulcioConfig).
import type { CiExtensionName } from './oids.js';

/** Issuer types fulcio accepts (`IssuerType*` constants). The CI ones besides `ci-provider` are legacy names. */
export const ISSUER_TYPES = [
  'email',
  'kubernetes',
  'spiffe',
  'uri',
  'username',
  'ci-provider',
  'github-workflow',
  'gitlab-pipeline',
  'buildkite-job',
  'codefresh-workflow',
  'chainguard-identity',
] as const;
export type IssuerType = (typeof ISSUER_TYPES)[number];

/**
 * Legacy CI types. Upstream keeps deprecated per-provider principals for them; we evaluate them as
 * `ci-provider` with the metadata of the same name, which is what upstream's own public config
 * switched to (spec §2).
 */
export const LEGACY_CI_TYPES: readonly IssuerType[] = [
  'github-workflow',
  'gitlab-pipeline',
  'buildkite-job',
  'codefresh-workflow',
];

/** `ci-issuer-metadata.<provider>`: how to turn CI token claims into a SAN and extensions. */
export interface CiIssuerMetadata {
  /** Values templates may use when the claim is absent (claims win). */
  readonly defaultTemplateValues: Readonly<Record<string, string>>;
  /** Extension (kebab-case name) → template or bare claim name. */
  readonly extensionTemplates: Readonly<Partial<Record<CiExtensionName, string>>>;
  /** Template for the URI SAN. */
  readonly subjectAlternativeNameTemplate: string;
}

/** One configured issuer (an `oidc-issuers` entry, or a meta issuer resolved to a concrete URL). */
export interface IssuerConfig {
  /** Exact issuer URL: must equal the token `iss` and the discovery document's `issuer`. */
  readonly issuerUrl: string;
  /** Expected audience; the token `aud` must contain it. */
  readonly clientId: string;
  /** The type as configured (reported by /api/v2/configuration). */
  readonly type: IssuerType;
  /** Claim whose value clients sign: `email` for email issuers, `sub` otherwise, or the override. */
  readonly challengeClaim: string;
  /** For ci-provider and legacy CI types: the metadata name and its resolved metadata. */
  readonly ciProvider?: string;
  readonly ciMetadata?: CiIssuerMetadata;
  /** Email type only: JSONPath of the claim whose value goes into the issuer extensions. */
  readonly issuerClaim?: string;
  /** uri (with scheme) / username (without scheme) types. */
  readonly subjectDomain?: string;
  /** spiffe type. */
  readonly spiffeTrustDomain?: string;
  /** PEM CA certificate(s) trusted for TLS to this IdP (in addition to the system roots). */
  readonly caCert?: string;
  /** Email type: accept tokens without `email_verified: true` (fulcio#2219). */
  readonly skipEmailVerification: boolean;
  readonly description?: string;
  readonly contact?: string;
  readonly environment?: string;
}

/** A `meta-issuers` entry: `issuerUrl` is replaced by the wildcard pattern. */
export interface MetaIssuerConfig extends Omit<IssuerConfig, 'issuerUrl'> {
  /** e.g. `https://oidc.eks.*.amazonaws.com/id/*`; `*` matches one `[-_a-zA-Z0-9]+` run. */
  readonly wildcardIssuerUrl: string;
}

/** The result of an issuer lookup: the concrete issuer URL plus, for meta issuers, the pattern. */
export interface MatchedIssuer extends IssuerConfig {
  readonly wildcardIssuerUrl?: string;
}

export interface FulcioConfig {
  readonly oidcIssuers: readonly IssuerConfig[];
  readonly metaIssuers: readonly MetaIssuerConfig[];
  /** Built-in defaults merged under the configured entries (a configured name replaces the built-in). */
  readonly ciIssuerMetadata: Readonly<Record<string, CiIssuerMetadata>>;
}
