// Just enough X.509 (RFC 5280 §4.1) to find the TBSCertificate, the SubjectPublicKeyInfo and the
// extensions of a DER certificate, and to re-emit the TBS without one extension.
import { CtError } from './error.js';
import {
  TAG_BOOLEAN,
  TAG_EXTENSIONS,
  TAG_OCTET_STRING,
  TAG_OID,
  TAG_SEQUENCE,
  children,
  readSingle,
  value,
  whole,
  wrap,
  type Tlv,
} from './der.js';

const EXTENDED_KEY_USAGE = oidContent('2.5.29.37');

export interface ParsedExtension {
  readonly tlv: Tlv;
  /** OID content octets (no tag/length), for byte comparison. */
  readonly oid: Buffer;
  readonly critical: boolean;
  /** Contents of extnValue (the DER of the extension's own value). */
  readonly value: Buffer;
}

export interface ParsedCertificate {
  readonly der: Buffer;
  readonly tbs: Tlv;
  readonly spki: Tlv;
  /** The `[3]` wrapper of the extensions, when present. */
  readonly extensionsField: Tlv | undefined;
  readonly extensions: readonly ParsedExtension[];
}

export function parseCertificate(der: Buffer): ParsedCertificate {
  try {
    const cert = readSingle(der, TAG_SEQUENCE, 'Certificate');
    const [tbs] = children(der, cert);
    if (tbs?.tag !== TAG_SEQUENCE)
      throw new CtError('MALFORMED', 'Certificate: missing TBSCertificate');
    const fields = children(der, tbs);
    // version [0] is optional; serial, signature, issuer, validity, subject, spki follow it.
    const first = fields[0]?.tag === 0xa0 ? 1 : 0;
    const spki = fields[first + 5];
    if (spki?.tag !== TAG_SEQUENCE)
      throw new CtError('MALFORMED', 'TBSCertificate: missing SubjectPublicKeyInfo');
    const extensionsField = fields.slice(first + 6).find((f) => f.tag === TAG_EXTENSIONS);
    const extensions = extensionsField ? parseExtensions(der, extensionsField) : [];
    return { der, tbs, spki, extensionsField, extensions };
  } catch (err) {
    if (err instanceof CtError && err.code === 'MALFORMED') {
      throw new CtError('INVALID_CERTIFICATE', `not a DER certificate: ${err.message}`, {
        cause: err,
      });
    }
    throw err;
  }
}

function parseExtensions(der: Buffer, field: Tlv): ParsedExtension[] {
  const [list, ...rest] = children(der, field);
  if (list?.tag !== TAG_SEQUENCE || rest.length > 0)
    throw new CtError('MALFORMED', 'Extensions: expected one SEQUENCE');
  const seen = new Set<string>();
  return children(der, list).map((tlv) => {
    const parts = children(der, tlv);
    const [oid, second, third] = parts;
    if (tlv.tag !== TAG_SEQUENCE || oid?.tag !== TAG_OID)
      throw new CtError('MALFORMED', 'Extension: bad structure');
    let critical = false;
    let extnValue = second;
    if (second?.tag === TAG_BOOLEAN) {
      // DER: DEFAULT FALSE is omitted, so an explicit BOOLEAN must be TRUE (X.690 §11.5).
      if (second.end - second.valueStart !== 1 || der[second.valueStart] !== 0xff) {
        throw new CtError('MALFORMED', 'Extension: critical must be omitted or TRUE');
      }
      critical = true;
      extnValue = third;
    }
    if (extnValue?.tag !== TAG_OCTET_STRING || parts.length !== (critical ? 3 : 2)) {
      throw new CtError('MALFORMED', 'Extension: bad structure');
    }
    const key = value(der, oid).toString('hex');
    if (seen.has(key))
      throw new CtError('INVALID_CERTIFICATE', 'certificate repeats an extension (RFC 5280 §4.2)');
    seen.add(key);
    return { tlv, oid: value(der, oid), critical, value: value(der, extnValue) };
  });
}

export function findExtension(cert: ParsedCertificate, oid: Buffer): ParsedExtension | undefined {
  return cert.extensions.find((e) => e.oid.equals(oid));
}

/**
 * The TBSCertificate DER without `removed`: the result a full decode, splice and DER re-encode
 * produces (what RFC 6962 §3.2 and every SCT verifier compute). An emptied extension list drops
 * the `[3]` field entirely.
 */
export function tbsWithout(cert: ParsedCertificate, removed: ParsedExtension): Buffer {
  if (!cert.extensionsField)
    throw new CtError('INVALID_CERTIFICATE', 'certificate has no extensions');
  const kept = cert.extensions.filter((e) => e !== removed).map((e) => whole(cert.der, e.tlv));
  return tbsWith(cert, { extensions: kept });
}

/**
 * The TBSCertificate DER with its extensions replaced by `extensions` (each one Extension's DER, in
 * order; none drops the `[3]` field) and, when given, its issuer Name replaced by `issuer` (DER).
 * Every other field keeps its bytes, so the result is what a decode, edit and DER re-encode gives.
 */
export function tbsWith(
  cert: ParsedCertificate,
  change: { readonly issuer?: Buffer; readonly extensions: readonly Buffer[] },
): Buffer {
  const { der, tbs, extensionsField } = cert;
  const parts: Buffer[] = [];
  let from = tbs.valueStart;
  if (change.issuer) {
    const issuer = tbsFieldTlv(cert, 'issuer');
    parts.push(der.subarray(from, issuer.start), change.issuer);
    from = issuer.end;
  }
  const field =
    change.extensions.length > 0
      ? wrap(TAG_EXTENSIONS, wrap(TAG_SEQUENCE, ...change.extensions))
      : Buffer.alloc(0);
  // The extensions are the TBSCertificate's last field (RFC 5280 §4.1).
  const end = extensionsField ? extensionsField.start : tbs.end;
  parts.push(
    der.subarray(from, end),
    field,
    der.subarray(extensionsField?.end ?? tbs.end, tbs.end),
  );
  return wrap(TAG_SEQUENCE, ...parts);
}

/** A Name field of the TBSCertificate (issuer or subject), as DER. */
export function tbsField(cert: ParsedCertificate, name: 'issuer' | 'subject'): Buffer {
  return whole(cert.der, tbsFieldTlv(cert, name));
}

function tbsFieldTlv(cert: ParsedCertificate, name: 'issuer' | 'subject'): Tlv {
  const fields = children(cert.der, cert.tbs);
  // version [0] is optional; serial, signature, issuer, validity, subject follow it.
  const field = fields[(fields[0]?.tag === 0xa0 ? 1 : 0) + (name === 'issuer' ? 2 : 4)];
  if (field?.tag !== TAG_SEQUENCE)
    throw new CtError('INVALID_CERTIFICATE', `TBSCertificate: missing ${name}`);
  return field;
}

/** One Extension's DER (RFC 5280 §4.1): critical is written only when true, as DER requires. */
export function encodeExtension(oid: Buffer, critical: boolean, extnValue: Buffer): Buffer {
  return wrap(
    TAG_SEQUENCE,
    wrap(TAG_OID, oid),
    critical ? Buffer.from([TAG_BOOLEAN, 0x01, 0xff]) : Buffer.alloc(0),
    wrap(TAG_OCTET_STRING, extnValue),
  );
}

/** The OIDs (content octets) of the certificate's extended key usage extension; none without one. */
export function extendedKeyUsages(cert: ParsedCertificate): Buffer[] {
  const eku = findExtension(cert, EXTENDED_KEY_USAGE);
  if (!eku) return [];
  try {
    const list = readSingle(eku.value, TAG_SEQUENCE, 'ExtKeyUsageSyntax');
    return children(eku.value, list).map((oid) => {
      if (oid.tag !== TAG_OID) throw new CtError('MALFORMED', 'ExtKeyUsageSyntax: not an OID');
      return value(eku.value, oid);
    });
  } catch (err) {
    throw new CtError('INVALID_CERTIFICATE', 'malformed extended key usage extension', {
      cause: err,
    });
  }
}

/** Encodes a dotted OID's content octets (X.690 §8.19); only used for constants. */
export function oidContent(dotted: string): Buffer {
  const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number);
  const out: number[] = [];
  const push = (n: number): void => {
    const chunk = [n & 0x7f];
    for (let rest = Math.floor(n / 128); rest > 0; rest = Math.floor(rest / 128))
      chunk.unshift(0x80 | (rest & 0x7f));
    out.push(...chunk);
  };
  push(first * 40 + second);
  for (const arc of rest) push(arc);
  return Buffer.from(out);
}

export interface SignedParts {
  /** TBSCertificate DER: what the issuer signed. */
  readonly tbs: Buffer;
  /** The signature AlgorithmIdentifier DER (RFC 5280 §4.1.1.2). */
  readonly signatureAlgorithm: Buffer;
  /** The signature bits (BIT STRING contents without the unused-bits octet). */
  readonly signature: Buffer;
  /** Issuer and subject Name DER, for name chaining (RFC 5280 §6.1). */
  readonly issuer: Buffer;
  readonly subject: Buffer;
  readonly subjectPublicKeyInfo: Buffer;
}

/** Splits a DER certificate into what a chain check needs, without a full X.509 decode. */
export function signedParts(der: Buffer): SignedParts {
  try {
    const cert = readSingle(der, TAG_SEQUENCE, 'Certificate');
    const [tbs, alg, sig] = children(der, cert);
    if (tbs?.tag !== TAG_SEQUENCE || alg?.tag !== TAG_SEQUENCE || sig?.tag !== 0x03) {
      throw new CtError(
        'MALFORMED',
        'Certificate: expected TBSCertificate, AlgorithmIdentifier, BIT STRING',
      );
    }
    const fields = children(der, tbs);
    const first = fields[0]?.tag === 0xa0 ? 1 : 0;
    const issuer = fields[first + 2];
    const subject = fields[first + 4];
    const spki = fields[first + 5];
    if (
      issuer?.tag !== TAG_SEQUENCE ||
      subject?.tag !== TAG_SEQUENCE ||
      spki?.tag !== TAG_SEQUENCE
    ) {
      throw new CtError(
        'MALFORMED',
        'TBSCertificate: missing issuer, subject or SubjectPublicKeyInfo',
      );
    }
    const bits = value(der, sig);
    if (bits[0] !== 0) throw new CtError('MALFORMED', 'signature BIT STRING has unused bits');
    return {
      tbs: whole(der, tbs),
      signatureAlgorithm: whole(der, alg),
      signature: bits.subarray(1),
      issuer: whole(der, issuer),
      subject: whole(der, subject),
      subjectPublicKeyInfo: whole(der, spki),
    };
  } catch (err) {
    if (err instanceof CtError && err.code === 'MALFORMED') {
      throw new CtError('INVALID_CERTIFICATE', `not a DER certificate: ${err.message}`, {
        cause: err,
      });
    }
    throw err;
  }
}
