import type { Claims, FulcioConfig, MatchedIssuer, Principal } from '@sigstead/util-identity';

/** Checks an OIDC ID token (signature, issuer, audience, expiry) and returns its issuer and claims. */
export interface TokenVerifier {
  verify(token: string): Promise<{ readonly issuer: MatchedIssuer; readonly claims: Claims }>;
}

/** Issues code-signing certificates (Fulcio `pkg/ca.CertificateAuthority`). */
export interface CertificateAuthority {
  /** PEM chains, intermediate first, root last (one per CA key). */
  trustBundle(): string[][];
  /** Returns the PEM chain: leaf first, then the issuing chain to the root. */
  issue(principal: Principal, subjectPublicKeyInfo: Buffer): Promise<string[]>;
}

export interface IssuanceSettings {
  readonly fulcioConfig: FulcioConfig;
}

export interface IssuanceDeps {
  readonly verifier: TokenVerifier;
  readonly ca: CertificateAuthority;
  readonly settings: IssuanceSettings;
}

export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');
export const CERTIFICATE_AUTHORITY = Symbol('CERTIFICATE_AUTHORITY');
export const ISSUANCE_SETTINGS = Symbol('ISSUANCE_SETTINGS');
