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
  const { der, tbs, extensionsField } = cert;
  if (!extensionsField) throw new CtError('INVALID_CERTIFICATE', 'certificate has no extensions');
  const kept = cert.extensions.filter((e) => e !== removed).map((e) => whole(der, e.tlv));
  const before = der.subarray(tbs.valueStart, extensionsField.start);
  const after = der.subarray(extensionsField.end, tbs.end);
  const field =
    kept.length > 0 ? wrap(TAG_EXTENSIONS, wrap(TAG_SEQUENCE, ...kept)) : Buffer.alloc(0);
  return wrap(TAG_SEQUENCE, before, field, after);
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
