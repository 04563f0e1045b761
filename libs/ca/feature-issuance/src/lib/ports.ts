import type { PendingToken, TokenSignature } from '@sigstead/data-access-oidc';
import type { FulcioConfig, Principal } from '@sigstead/util-identity';
import type { HashAlgorithm, PublicKeyKind } from '@sigstead/util-x509';

/**
 * Checks an OIDC ID token (signature, issuer, audience, expiry) in two steps, so that the signature's
 * cryptography can run on a validation thread together with the proof of possession.
 */
export interface TokenVerifier {
  /** Throws for a malformed token, an unknown issuer or key, a refused algorithm. */
  begin(token: string): Promise<PendingToken>;
}

export type { PendingToken };

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

/** A client key whose holder proved possession: what the issuance needs of it. */
export interface ProvenClientKey {
  /** Canonical DER SubjectPublicKeyInfo (what goes into the certificate). */
  readonly spkiDer: Buffer;
  readonly kind: PublicKeyKind;
  /** The hash the proof used (`null` for Ed25519), for the algorithm policy. */
  readonly hash: HashAlgorithm | null;
}

/**
 * Parses a client key and checks its proof of possession over one of the challenges, after the
 * signature of the token the challenges came from.
 */
export interface KeyProofChecker {
  /**
   * Rejects with an OidcError (INVALID_SIGNATURE) when `token` does not verify, else with an
   * X509Error for a key that does not parse or a proof that does not verify.
   */
  prove(
    content: string | Buffer,
    proof: Buffer,
    challenges: readonly string[],
    token: TokenSignature,
  ): Promise<ProvenClientKey>;
  close(): Promise<void>;
}

export interface IssuanceDeps {
  readonly verifier: TokenVerifier;
  readonly ca: CertificateAuthority;
  readonly settings: IssuanceSettings;
  /** Where key proofs are checked; default: on the event loop. */
  readonly keyProof?: KeyProofChecker;
}

export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');
export const CERTIFICATE_AUTHORITY = Symbol('CERTIFICATE_AUTHORITY');
export const ISSUANCE_SETTINGS = Symbol('ISSUANCE_SETTINGS');
export const KEY_PROOF = Symbol('KEY_PROOF');
