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
  const ders = decodeChain(input);
  const certs = ders.map((der, i) => parseCert(der, i));
  for (let i = 0; i + 1 < certs.length; i++) {
    if (!issuedBy(certs[i], certs[i + 1])) {
      throw new CtLogError(
        'UNTRUSTED_CHAIN',
        `certificate ${i} is not signed by certificate ${i + 1}`,
      );
    }
  }
  const last = certs[certs.length - 1];
  const lastDer = ders[ders.length - 1];
  if (roots.some((root) => root.equals(lastDer))) return { certs, ders };
  for (const root of roots) {
    const rootCert = new X509Certificate(root);
    if (issuedBy(last, rootCert)) return { certs: [...certs, rootCert], ders: [...ders, root] };
  }
  throw new CtLogError('UNTRUSTED_CHAIN', 'chain does not end at an accepted root');
}

function decodeChain(input: unknown): Buffer[] {
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
