import { X509Certificate } from 'node:crypto';
import { CtLogError } from './error.js';

export interface ValidatedChain {
  /** Submitted certificates, leaf first, with the accepted root appended when the client left it out. */
  readonly certs: readonly X509Certificate[];
  readonly ders: readonly Buffer[];
}

const MAX_CHAIN = 10;

/**
 * RFC 6962 §3.1 chain acceptance, as ctfe's cert checker does it for Fulcio: every certificate is signed
 * by the next, and the chain ends at (or is directly issued by) one of the configured roots. Validity
 * periods are not checked (ctfe disables time checks; Fulcio leaves live ten minutes).
 */
export function validateChain(input: unknown, roots: readonly Buffer[]): ValidatedChain {
  return validateDerChain(decodeChain(input), roots);
}

/**
 * The same check over DER certificates. Issuing chains repeat on every request (Fulcio always sends
 * its intermediate and root), so a verified issuing chain is remembered and only the leaf is checked.
 */
export function validateDerChain(
  ders: readonly Buffer[],
  roots: readonly Buffer[],
): ValidatedChain {
  if (ders.length === 0 || ders.length > MAX_CHAIN) {
    throw new CtLogError('BAD_REQUEST', `a chain has 1 to ${MAX_CHAIN} certificates`);
  }
  const leaf = parseCert(ders[0], 0);
  const issuers = issuingChain(ders.slice(1), roots);
  const issuer = issuers.certs[0];
  if (issuer && !issuedBy(leaf, issuer)) {
    throw new CtLogError('UNTRUSTED_CHAIN', 'certificate 0 is not signed by certificate 1');
  }
  if (!issuer) {
    // A bare leaf: it must be a root itself or be issued directly by one.
    const trusted = trustedTail([leaf], [ders[0]], roots);
    return trusted;
  }
  return { certs: [leaf, ...issuers.certs], ders: [ders[0], ...issuers.ders] };
}

const verifiedIssuers = new Map<string, ValidatedChain>();
const MAX_REMEMBERED = 64;

function issuingChain(ders: readonly Buffer[], roots: readonly Buffer[]): ValidatedChain {
  if (ders.length === 0) return { certs: [], ders: [] };
  const key = ders.map((d) => d.toString('base64')).join('.');
  const known = verifiedIssuers.get(key);
  if (known && roots.some((r) => known.ders[known.ders.length - 1].equals(r))) return known;
  const certs = ders.map((der, i) => parseCert(der, i + 1));
  for (let i = 0; i + 1 < certs.length; i++) {
    if (!issuedBy(certs[i], certs[i + 1])) {
      throw new CtLogError(
        'UNTRUSTED_CHAIN',
        `certificate ${i + 1} is not signed by certificate ${i + 2}`,
      );
    }
  }
  const trusted = trustedTail(certs, ders, roots);
  if (verifiedIssuers.size >= MAX_REMEMBERED) verifiedIssuers.clear();
  verifiedIssuers.set(key, trusted);
  return trusted;
}

/** The chain must end at an accepted root, or be issued directly by one (then the root is appended). */
function trustedTail(
  certs: readonly X509Certificate[],
  ders: readonly Buffer[],
  roots: readonly Buffer[],
): ValidatedChain {
  const last = certs[certs.length - 1];
  const lastDer = ders[ders.length - 1];
  if (roots.some((root) => root.equals(lastDer))) return { certs, ders };
  for (const root of roots) {
    const rootCert = new X509Certificate(root);
    if (issuedBy(last, rootCert)) return { certs: [...certs, rootCert], ders: [...ders, root] };
  }
  throw new CtLogError('UNTRUSTED_CHAIN', 'chain does not end at an accepted root');
}

export function decodeChain(input: unknown): Buffer[] {
  const chain = (input as { chain?: unknown } | null)?.chain;
  if (!Array.isArray(chain) || chain.length === 0) {
    throw new CtLogError(
      'BAD_REQUEST',
      'body must be {"chain": [base64 DER, ...]} with at least one certificate',
    );
  }
  if (chain.length > MAX_CHAIN)
    throw new CtLogError('BAD_REQUEST', `chain longer than ${MAX_CHAIN}`);
  return chain.map((c, i) => {
    if (typeof c !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(c)) {
      throw new CtLogError('BAD_REQUEST', `chain[${i}] is not base64`);
    }
    return Buffer.from(c, 'base64');
  });
}

function parseCert(der: Buffer, i: number): X509Certificate {
  try {
    return new X509Certificate(der);
  } catch (err) {
    throw new CtLogError('BAD_REQUEST', `chain[${i}] is not a DER certificate`, { cause: err });
  }
}

function issuedBy(cert: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
  } catch {
    return false;
  }
}
