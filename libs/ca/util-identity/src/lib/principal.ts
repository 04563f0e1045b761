// Token claims → certificate identity, per issuer type (spec §2 table; fulcio `pkg/identity/*/principal.go`).
import { ciPrincipalParts } from './ci-principal.js';
import { emailVerified, goString, isEmail, stringClaim, type Claims } from './claims.js';
import { IdentityError } from './error.js';
import { evaluateJsonPath, parseJsonPath } from './jsonpath.js';
import { FULCIO_OIDS, lastArc, type FulcioExtension } from './oids.js';
import { parseSpiffeId, trustDomainName } from './spiffe.js';
import type { IssuerConfig } from './types.js';
import { joinPath, urlParts } from './url.js';

/** The certificate SAN: rfc822Name, URI, or the username otherName (OID 1.3.6.1.4.1.57264.1.7, UTF8String). */
export type SubjectAltName =
  | { readonly kind: 'email' | 'uri'; readonly value: string }
  | { readonly kind: 'username'; readonly value: string };

export interface Principal {
  /**
   * Strings whose signature we accept as proof of possession. Fulcio checks only one (email for email
   * issuers, sub otherwise) but clients disagree (sigstore-go#282), so we accept either (spec §2 "Leniency").
   */
  readonly challengeCandidates: readonly string[];
  readonly subjectAltName: SubjectAltName;
  /** Value for OIDs 1.1 and 1.8: the token `iss`, or the `issuer-claim` value for email issuers. */
  readonly issuer: string;
  /** The token `sub` (also in OID 1.24). */
  readonly subject: string;
  /** OIDs 1.2–1.6 (GitHub legacy, raw) and 1.9–1.24 (UTF8String) in OID order; 1.24 = sub always. */
  readonly extensions: readonly FulcioExtension[];
}

function missing(claim: string): IdentityError {
  return new IdentityError('MISSING_CLAIM', `token missing ${claim} claim`);
}

/**
 * Builds the principal for verified `claims` of a token from `issuer`. Throws IdentityError with a
 * client-safe message when the claims don't satisfy the issuer type.
 */
export function principalFromClaims(issuer: IssuerConfig, claims: Claims): Principal {
  if (claims['iss'] !== issuer.issuerUrl) {
    throw new IdentityError('ISSUER_MISMATCH', 'token issuer does not match the configured issuer');
  }
  const sub = stringClaim(claims, 'sub');
  if (sub === undefined) throw missing('sub');
  const parts = byType(issuer, claims, sub);

  const candidates = [...parts.candidates, sub];
  const email = stringClaim(claims, 'email');
  if (email !== undefined && emailVerified(claims) === true) candidates.push(email);

  const extensions = [
    ...(parts.extensions ?? []),
    { oid: FULCIO_OIDS.tokenSubject, value: sub, encoding: 'utf8' as const },
  ];
  return Object.freeze({
    challengeCandidates: Object.freeze([...new Set(candidates)]),
    subjectAltName: Object.freeze(parts.san),
    issuer: parts.issuer ?? issuer.issuerUrl,
    subject: sub,
    extensions: Object.freeze(extensions.map((e) => Object.freeze(e))),
  });
}

/** Marks the identity errors of `make` as raised at issuance (see `IdentityError.atIssuance`). */
function atIssuance<T>(make: () => T): T {
  try {
    return make();
  } catch (err) {
    if (!(err instanceof IdentityError)) throw err;
    throw new IdentityError(err.code, err.message, { cause: err.cause, atIssuance: true });
  }
}

interface TypeParts {
  readonly san: SubjectAltName;
  /** Preferred challenge strings (sub is always added after them). */
  readonly candidates: readonly string[];
  readonly issuer?: string;
  readonly extensions?: readonly FulcioExtension[];
}

function byType(issuer: IssuerConfig, claims: Claims, sub: string): TypeParts {
  if (issuer.ciMetadata) {
    const { san, extensions } = atIssuance(() =>
      ciPrincipalParts(issuer.ciProvider ?? issuer.type, issuer.ciMetadata!, claims),
    );
    return { san: { kind: 'uri', value: san }, candidates: [], extensions };
  }
  switch (issuer.type) {
    case 'email':
      return emailParts(issuer, claims);
    case 'kubernetes':
      return { san: { kind: 'uri', value: kubernetesUri(claims) }, candidates: [] };
    case 'spiffe':
      return spiffeParts(issuer, sub);
    case 'uri':
      return uriParts(issuer, sub);
    case 'username':
      return usernameParts(issuer, sub);
    case 'chainguard-identity':
      return { san: { kind: 'uri', value: joinPath(issuer.issuerUrl, sub) }, candidates: [] };
    default:
      throw new IdentityError(
        'INVALID_CONFIG',
        `issuer type ${issuer.type} has no ci-issuer-metadata`,
      );
  }
}

// fulcio pkg/identity/email + oauthflow.EmailFromIDToken / IssuerFromIDToken.
function emailParts(issuer: IssuerConfig, claims: Claims): TypeParts {
  const email = stringClaim(claims, 'email');
  if (email === undefined) throw missing('email');
  if (!issuer.skipEmailVerification) {
    const verified = emailVerified(claims);
    if (verified === undefined)
      throw new IdentityError('INVALID_CLAIM', 'invalid value for email_verified claim');
    if (!verified) throw new IdentityError('EMAIL_NOT_VERIFIED', 'email_verified claim was false');
  }
  if (!isEmail(email)) throw new IdentityError('INVALID_CLAIM', 'email address is not valid');
  let issuerValue: string | undefined;
  if (issuer.issuerClaim !== undefined) {
    const v = evaluateJsonPath(parseJsonPath(issuer.issuerClaim), claims);
    if (v === undefined) throw missing(issuer.issuerClaim);
    issuerValue = goString(v);
    if (issuerValue === '')
      throw new IdentityError('INVALID_CLAIM', `${issuer.issuerClaim} claim is empty`);
  }
  return {
    san: { kind: 'email', value: email },
    candidates: [email],
    ...(issuerValue === undefined ? {} : { issuer: issuerValue }),
  };
}

// fulcio pkg/identity/kubernetes: the `kubernetes.io` claim names namespace and service account.
function kubernetesUri(claims: Claims): string {
  const k8s = claims['kubernetes.io'] as
    { namespace?: unknown; serviceaccount?: { name?: unknown } } | undefined;
  const ns = k8s?.namespace;
  const sa =
    typeof k8s?.serviceaccount === 'object' && k8s.serviceaccount !== null
      ? k8s.serviceaccount.name
      : undefined;
  if (typeof ns !== 'string' || ns === '') throw missing('kubernetes.io.namespace');
  if (typeof sa !== 'string' || sa === '') throw missing('kubernetes.io.serviceaccount.name');
  return `https://kubernetes.io/namespaces/${ns}/serviceaccounts/${sa}`;
}

function spiffeParts(issuer: IssuerConfig, sub: string): TypeParts {
  const id = parseSpiffeId(sub);
  if (!id) throw new IdentityError('INVALID_CLAIM', 'sub is not a valid SPIFFE ID');
  if (id.trustDomain !== trustDomainName(issuer.spiffeTrustDomain ?? '')) {
    throw new IdentityError(
      'INVALID_CLAIM',
      'SPIFFE ID trust domain does not match the configured trust domain',
    );
  }
  return { san: { kind: 'uri', value: sub }, candidates: [] };
}

function uriParts(issuer: IssuerConfig, sub: string): TypeParts {
  if (isEmail(sub))
    throw new IdentityError('INVALID_CLAIM', 'uri subject should not be an email address');
  const s = urlParts(sub);
  const d = urlParts(issuer.subjectDomain ?? '');
  if (!URL.canParse(sub)) throw new IdentityError('INVALID_CLAIM', 'sub is not a valid URI');
  if (s.scheme !== d.scheme)
    throw new IdentityError(
      'INVALID_CLAIM',
      'subject URI scheme must match the configured subject domain',
    );
  if (s.hostname !== d.hostname)
    throw new IdentityError(
      'INVALID_CLAIM',
      'subject hostname must match the configured subject domain',
    );
  return { san: { kind: 'uri', value: sub }, candidates: [] };
}

function usernameParts(issuer: IssuerConfig, sub: string): TypeParts {
  if (sub.includes('!'))
    throw new IdentityError('INVALID_CLAIM', 'username cannot contain ! character');
  if (isEmail(sub))
    throw new IdentityError('INVALID_CLAIM', 'username subject should not be an email address');
  return {
    san: { kind: 'username', value: `${sub}!${issuer.subjectDomain ?? ''}` },
    candidates: [],
  };
}

/**
 * All Fulcio extensions of a principal in certificate order (fulcio `Extensions.Render`): 1.1 (raw issuer),
 * 1.2–1.6, 1.8 (UTF8String issuer), 1.9–1.23, 1.24.
 */
export function certificateExtensions(p: Principal): FulcioExtension[] {
  return [
    { oid: FULCIO_OIDS.issuer, value: p.issuer, encoding: 'raw' as const },
    { oid: FULCIO_OIDS.issuerV2, value: p.issuer, encoding: 'utf8' as const },
    ...p.extensions,
  ].sort((a, b) => lastArc(a.oid) - lastArc(b.oid));
}
