// Precertificates and embedded SCTs (RFC 6962 §3.1–§3.3): what a log signs for a precertificate,
// and what a verifier recomputes from the final certificate. Both sides strip one extension from
// the TBSCertificate and DER re-encode it; for a correct issuance the two results are identical.
import { hash } from 'node:crypto';
import { CtError } from './error.js';
import {
  encodeExtension,
  extendedKeyUsages,
  findExtension,
  oidContent,
  parseCertificate,
  tbsField,
  tbsWithout,
  tbsWith,
  type ParsedCertificate,
} from './certificate.js';
import { whole } from './der.js';
import {
  SCT_LIST_OID,
  decodeSctListExtensionValue,
  type SignedCertificateTimestamp,
} from './sct.js';

/** Critical extension with value ASN.1 NULL that makes a certificate a precertificate (RFC 6962 §3.1). */
export const POISON_OID = '1.3.6.1.4.1.11129.2.4.3';
/** The poison extension's extnValue: DER NULL. */
export const POISON_VALUE: Buffer = Buffer.from([0x05, 0x00]);

/**
 * A DER certificate, or one already parsed with `parseCertificate`, so that a caller asking several
 * questions of the same certificate (the CA's self-check, the log's precertificate checks) parses
 * it once.
 */
export type CertificateInput = Buffer | ParsedCertificate;

function parsed(cert: CertificateInput): ParsedCertificate {
  return Buffer.isBuffer(cert) ? parseCertificate(cert) : cert;
}

/**
 * The extended key usage of a Precertificate Signing Certificate (RFC 6962 §3.1): a CA certificate
 * that signs precertificates on behalf of the CA that issues the final certificate.
 */
export const PRECERT_SIGNING_EKU_OID = '1.3.6.1.4.1.11129.2.4.4';

const POISON = oidContent(POISON_OID);
const SCT_LIST = oidContent(SCT_LIST_OID);
const PRECERT_SIGNING_EKU = oidContent(PRECERT_SIGNING_EKU_OID);
const AUTHORITY_KEY_ID = oidContent('2.5.29.35');

/** Log ID = SHA-256 of the log key's DER SubjectPublicKeyInfo (RFC 6962 §3.2). */
export function logIdFromSpki(spkiDer: Buffer): Buffer {
  return hash('sha256', spkiDer, 'buffer');
}

/** `issuer_key_hash`: SHA-256 of the issuing certificate's DER SubjectPublicKeyInfo. */
export function issuerKeyHash(issuerCert: CertificateInput): Buffer {
  const cert = parsed(issuerCert);
  return hash('sha256', whole(cert.der, cert.spki), 'buffer');
}

/** True when the certificate carries the poison extension, critical, with value NULL. */
export function hasCriticalPoison(cert: CertificateInput): boolean {
  const poison = findExtension(parsed(cert), POISON);
  return poison !== undefined && poison.critical && poison.value.equals(POISON_VALUE);
}

/**
 * True when the certificate carries the poison extension in any form: such a certificate is not an
 * ordinary one, whether or not it is a well-formed precertificate.
 */
export function hasPoison(cert: CertificateInput): boolean {
  return findExtension(parsed(cert), POISON) !== undefined;
}

/**
 * True for a Precertificate Signing Certificate: its extended key usages include the CT one
 * (what ctfe's `IsPreIssuer` checks).
 */
export function isPrecertSigningCertificate(cert: CertificateInput): boolean {
  return extendedKeyUsages(parsed(cert)).some((oid) => oid.equals(PRECERT_SIGNING_EKU));
}

/**
 * The `tbs_certificate` a log signs for a precertificate: its TBSCertificate with the poison
 * extension removed. Fails unless the poison is present, critical and NULL (as ctfe requires).
 *
 * With `preIssuer`, the Precertificate Signing Certificate that signed the precertificate, the TBS
 * is also given the issuer the final certificate will have (RFC 6962 §3.2): the pre-issuer's own
 * issuer name, and its authority key identifier in place of the precertificate's (dropped when the
 * pre-issuer has none, appended when only the pre-issuer has one), as ctfe's `BuildPrecertTBS` does.
 */
export function precertTbsForSct(precert: CertificateInput, preIssuer?: CertificateInput): Buffer {
  const cert = parsed(precert);
  const poison = findExtension(cert, POISON);
  if (!poison)
    throw new CtError('INVALID_CERTIFICATE', 'not a precertificate: no poison extension');
  if (!poison.critical || !poison.value.equals(POISON_VALUE)) {
    throw new CtError(
      'INVALID_CERTIFICATE',
      'the poison extension must be critical with value NULL',
    );
  }
  if (findExtension(cert, SCT_LIST))
    throw new CtError('INVALID_CERTIFICATE', 'a precertificate cannot embed SCTs');
  if (preIssuer === undefined) return tbsWithout(cert, poison);
  const issuer = parsed(preIssuer);
  if (!isPrecertSigningCertificate(issuer)) {
    throw new CtError(
      'INVALID_CERTIFICATE',
      'the precertificate issuer lacks the Certificate Transparency extended key usage',
    );
  }
  const issuerAki = findExtension(issuer, AUTHORITY_KEY_ID);
  const ownAki = findExtension(cert, AUTHORITY_KEY_ID);
  const extensions: Buffer[] = [];
  for (const ext of cert.extensions) {
    if (ext === poison) continue;
    if (ext !== ownAki) extensions.push(whole(cert.der, ext.tlv));
    else if (issuerAki) extensions.push(encodeExtension(ext.oid, ext.critical, issuerAki.value));
  }
  if (!ownAki && issuerAki)
    extensions.push(encodeExtension(AUTHORITY_KEY_ID, false, issuerAki.value));
  return tbsWith(cert, { issuer: tbsField(issuer, 'issuer'), extensions });
}

/**
 * What a verifier reconstructs from a final certificate to check its embedded SCTs: the
 * TBSCertificate with the SCT list extension removed and DER re-encoded.
 */
export function tbsWithoutSctList(certificate: CertificateInput): Buffer {
  const cert = parsed(certificate);
  const list = findExtension(cert, SCT_LIST);
  if (!list) throw new CtError('INVALID_CERTIFICATE', 'certificate has no embedded SCT list');
  return tbsWithout(cert, list);
}

/** The SCTs embedded in a certificate; an empty array when it has no SCT list extension. */
export function embeddedScts(cert: CertificateInput): SignedCertificateTimestamp[] {
  const list = findExtension(parsed(cert), SCT_LIST);
  return list ? decodeSctListExtensionValue(list.value) : [];
}
