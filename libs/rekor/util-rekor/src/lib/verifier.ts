// A signature verifier as Rekor's x509 PKI reads it (rekor pkg/pki/x509 NewPublicKey): one PEM
// PUBLIC KEY, or PEM certificate(s) whose first one holds the key. Its canonical value is the PEM
// re-encoded as Go writes it; its subjects are the certificate's SANs, for the search index.
import { isUtf8 } from 'node:buffer';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  Certificate,
  id_ce_subjectAltName,
  SubjectAlternativeName,
  type OtherName,
} from '@peculiar/asn1-x509';
import { encodePem, uncompressedEcSpki, type EcSpki } from '@sigstead/util-encoding';
import { isOnCurve } from './ecdsa-prehash.js';
import { decodePem } from './pem.js';
import { RekorError } from './error.js';
import { sha256Hex } from './fields.js';

export interface Verifier {
  /** The key, imported on first use. */
  readonly key: KeyObject;
  /** The key's DER SubjectPublicKeyInfo. */
  readonly spki: Buffer;
  /** The curve and point of a bare uncompressed EC key, checked to lie on its curve. */
  readonly ec?: EcSpki;
  /** Canonical PEM text (what the log stores, base64-encoded in the body). */
  readonly canonicalPem: string;
  /**
   * Lower-cased SANs of the certificate (emails, URIs, DNS names, IPs, a Fulcio username); none
   * for a bare key.
   */
  readonly subjects: readonly string[];
}

const MIN_RSA_BITS = 2048;

/** The verifier as entry bodies carry it: base64 of its canonical PEM. */
export function verifierContent(v: Verifier): string {
  return Buffer.from(v.canonicalPem).toString('base64');
}

/**
 * The verifier's search key: hex SHA-256 of its canonical PEM. Entries are indexed under it (bare
 * for hashedrekord and rekord, `sha256:`-prefixed for dsse and intoto) and searches compute it.
 */
export function verifierHash(v: Verifier): string {
  return sha256Hex(v.canonicalPem);
}

export function parseVerifier(content: Buffer): Verifier {
  const text = content.toString('latin1');
  const first = decodePem(text);
  if (!first) throw invalid('invalid public key: failure decoding PEM');
  if (first.label === 'PUBLIC KEY') {
    const ec = uncompressedEcSpki(first.der);
    if (ec) {
      // Already canonical: OpenSSL would export these very bytes. The on-curve check is the one
      // OpenSSL's import makes, so the import (from the canonical PEM, which OpenSSL 3 decodes
      // faster than DER) waits until something needs the KeyObject: a hashedrekord check uses the
      // point alone, and a search by key only its hash.
      if (!isOnCurve(ec)) throw invalid('invalid public key: key does not parse');
      const canonicalPem = encodePem('PUBLIC KEY', first.der);
      let key: KeyObject | undefined;
      return {
        get key() {
          return (key ??= importKey(canonicalPem));
        },
        spki: first.der,
        ec,
        canonicalPem,
        subjects: [],
      };
    }
    const key = importSpki(first.der);
    const spki = spkiOf(key);
    return { key, spki, canonicalPem: encodePem('PUBLIC KEY', spki), subjects: [] };
  }
  if (first.label === 'CERTIFICATE') {
    const ders = allCertificates(text);
    let cert: Certificate;
    try {
      cert = AsnConvert.parse(ders[0]!, Certificate);
    } catch (err) {
      throw invalid('invalid public key: certificate does not parse', err);
    }
    const spki = Buffer.from(AsnConvert.serialize(cert.tbsCertificate.subjectPublicKeyInfo));
    return {
      key: importSpki(spki),
      spki,
      canonicalPem: ders.map((der) => encodePem('CERTIFICATE', der)).join(''),
      subjects: subjectsOf(cert),
    };
  }
  throw invalid(`invalid public key: unsupported PEM block type ${first.label.slice(0, 40)}`);
}

function allCertificates(text: string): Buffer[] {
  const out: Buffer[] = [];
  let rest = text;
  for (let block = decodePem(rest); block; block = decodePem(rest)) {
    if (block.label !== 'CERTIFICATE') break;
    out.push(block.der);
    rest = rest.slice(rest.indexOf('-----END CERTIFICATE-----') + 25);
  }
  return out;
}

function importSpki(der: Buffer): KeyObject {
  const key = importKey({ key: der, format: 'der', type: 'spki' });
  const type = key.asymmetricKeyType;
  if (type === 'rsa' && (key.asymmetricKeyDetails?.modulusLength ?? 0) < MIN_RSA_BITS) {
    throw invalid(`invalid public key: RSA keys must have at least ${MIN_RSA_BITS} bits`);
  }
  if (type !== 'rsa' && type !== 'ec' && type !== 'ed25519') {
    throw invalid(`invalid public key: unsupported key type ${type}`);
  }
  return key;
}

function importKey(input: Parameters<typeof createPublicKey>[0]): KeyObject {
  try {
    return createPublicKey(input);
  } catch (err) {
    throw invalid('invalid public key: key does not parse', err);
  }
}

function spkiOf(key: KeyObject): Buffer {
  return key.export({ type: 'spki', format: 'der' });
}

function subjectsOf(cert: Certificate): string[] {
  const ext = cert.tbsCertificate.extensions?.find((e) => e.extnID === id_ce_subjectAltName);
  if (!ext) return [];
  let san: SubjectAlternativeName;
  try {
    san = AsnConvert.parse(ext.extnValue, SubjectAlternativeName);
  } catch (err) {
    throw invalid('invalid public key: certificate SAN does not parse', err);
  }
  const out: string[] = [];
  const others: OtherName[] = [];
  for (const name of san) {
    if (name.rfc822Name) out.push(name.rfc822Name);
    else if (name.uniformResourceIdentifier) out.push(name.uniformResourceIdentifier);
    else if (name.dNSName) out.push(name.dNSName);
    else if (name.iPAddress) out.push(name.iPAddress);
    else if (name.otherName) others.push(name.otherName);
  }
  // As upstream (cryptoutils.GetSubjectAlternateNames): an otherName counts when it is the
  // certificate's only one and Fulcio's username SAN, a UTF8String.
  const only = others.length === 1 ? others[0] : undefined;
  if (only?.typeId === USERNAME_SAN) {
    const username = utf8String(only.value);
    if (username) out.push(username);
  }
  return out.map((s) => s.toLowerCase());
}

/** The otherName type-id of Fulcio's username SANs. */
const USERNAME_SAN = '1.3.6.1.4.1.57264.1.7';

/**
 * The text of one DER UTF8String, or undefined for anything else: as Go's encoding/asn1 reads it
 * (upstream parses the username SAN with it), a length in its shortest form and valid UTF-8.
 */
function utf8String(value: ArrayBuffer): string | undefined {
  const der = Buffer.from(value);
  if (der.length < 2 || der[0] !== 0x0c) return undefined;
  let length = der[1]!;
  let at = 2;
  if (length & 0x80) {
    const n = length & 0x7f;
    if (n < 1 || n > 3 || der.length < 2 + n || der[2] === 0) return undefined;
    length = der.subarray(2, 2 + n).reduce((acc, byte) => acc * 256 + byte, 0);
    if (length < 0x80) return undefined; // a short length must be written short
    at = 2 + n;
  }
  if (at + length !== der.length || !isUtf8(der.subarray(at))) return undefined;
  return der.toString('utf8', at);
}

function invalid(message: string, cause?: unknown): RekorError {
  return new RekorError('INVALID_ENTRY', message, { cause });
}
