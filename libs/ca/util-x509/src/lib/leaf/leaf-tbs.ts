// The Fulcio leaf profile (sigstore/fulcio pkg/ca/common.go MakeX509 + Go's CreateCertificate;
// docs/certificate-specification.md), built directly as DER. Extension order: KeyUsage (critical,
// digitalSignature) · ExtKeyUsage (codeSigning) · [SubjectKeyIdentifier, opt-in: older public
// leaves carry it, Fulcio HEAD omits it] · AuthorityKeyIdentifier · SubjectAltName
// (critical) · Fulcio extensions by OID · poison (precertificate) or SCT list (final certificate).
// Everything but the last extension is encoded once and shared, so precertificate and final
// certificate differ only where RFC 6962 §3.1 says they may.
import {
  encodeSctListExtensionValue,
  POISON_OID,
  SCT_LIST_OID,
  type SignedCertificateTimestamp,
} from '@sigstead/util-ct';
import { algorithmIdentifier, type SignatureAlgorithm } from '../algorithms.js';
import { DerError, parseDer } from '../der/reader.js';
import { extension, octetString, oid, sequence, time, tlv } from '../der/writer.js';
import { X509Error } from '../error.js';
import { subjectKeyIdFor } from '../key-id.js';
import { serialInteger } from '../serial.js';
import { encodeFulcioExtensions, type FulcioExtension } from './fulcio-extensions.js';
import { subjectAltNameExtension, type SubjectAltName } from './subject-alt-name.js';

export interface LeafProfile {
  /** Unsigned big-endian serial: positive, ≤ 20 octets once encoded (see `randomSerial`). */
  readonly serial: Buffer;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** The issuing certificate's subject Name, DER, byte for byte. */
  readonly issuerName: Buffer;
  /** The issuing certificate's SubjectKeyIdentifier. */
  readonly authorityKeyId: Buffer;
  /** The client's key, DER SubjectPublicKeyInfo. */
  readonly subjectPublicKeyInfo: Buffer;
  readonly subjectAltName: SubjectAltName;
  /** Must include both issuer extensions (see `fulcioIssuerExtensions`). */
  readonly fulcioExtensions: readonly FulcioExtension[];
  /** Must match the CA key that will sign (see `signatureAlgorithmForKey`). */
  readonly signatureAlgorithm: SignatureAlgorithm;
  /** Adds a SubjectKeyIdentifier (SHA-1 of the key bits, as Go computed it); off by default. */
  readonly includeSubjectKeyId?: boolean;
}

export interface LeafTbs {
  /** The precertificate TBS: the profile's extensions, then the critical poison (NULL). */
  readonly precertificate: Buffer;
  /** The final TBS: identical, with the non-critical SCT list in the poison's place. */
  withSctList(scts: readonly SignedCertificateTimestamp[]): Buffer;
  /** Neither poison nor SCT list (for issuance without a CT log). */
  withoutCt(): Buffer;
}

const VERSION_V3 = Buffer.from([0xa0, 0x03, 0x02, 0x01, 0x02]);
const EMPTY_NAME = Buffer.from([0x30, 0x00]);
// KeyUsage critical: BIT STRING, 7 unused bits, digitalSignature (bit 0).
const KEY_USAGE = extension(oid('2.5.29.15'), true, Buffer.from([0x03, 0x02, 0x07, 0x80]));
// ExtKeyUsage: SEQUENCE { id-kp-codeSigning }.
const EXT_KEY_USAGE = extension(oid('2.5.29.37'), false, sequence(oid('1.3.6.1.5.5.7.3.3')));
const SKID_OID = oid('2.5.29.14');
const AKI_OID = oid('2.5.29.35');
const POISON = extension(oid(POISON_OID), true, Buffer.from([0x05, 0x00]));
const SCT_LIST = oid(SCT_LIST_OID);

export function buildLeafTbs(profile: LeafProfile): LeafTbs {
  checkProfile(profile);
  const head = [
    VERSION_V3,
    serialInteger(profile.serial),
    algorithmIdentifier(profile.signatureAlgorithm),
    profile.issuerName,
    sequence(time(profile.notBefore), time(profile.notAfter)),
    EMPTY_NAME,
    profile.subjectPublicKeyInfo,
  ];
  const extensions = [
    KEY_USAGE,
    EXT_KEY_USAGE,
    ...(profile.includeSubjectKeyId ? [subjectKeyIdExtension(profile.subjectPublicKeyInfo)] : []),
    extension(AKI_OID, false, sequence(tlv(0x80, profile.authorityKeyId))), // keyIdentifier [0]
    subjectAltNameExtension(profile.subjectAltName),
    ...encodeFulcioExtensions(profile.fulcioExtensions),
  ];
  const tbs = (last?: Buffer): Buffer =>
    sequence(...head, tlv(0xa3, sequence(...extensions, ...(last ? [last] : []))));
  return {
    precertificate: tbs(POISON),
    withSctList: (scts) => tbs(extension(SCT_LIST, false, encodeSctListExtensionValue(scts))),
    withoutCt: () => tbs(),
  };
}

function subjectKeyIdExtension(spki: Buffer): Buffer {
  try {
    return extension(SKID_OID, false, octetString(subjectKeyIdFor(spki)));
  } catch (err) {
    throw new X509Error('INVALID_PROFILE', 'subjectPublicKeyInfo has no usable key bits', {
      cause: err,
    });
  }
}

function checkProfile(p: LeafProfile): void {
  if (!(p.notBefore.getTime() < p.notAfter.getTime()))
    throw new X509Error('INVALID_PROFILE', 'notBefore must precede notAfter');
  if (p.authorityKeyId.length === 0)
    throw new X509Error('INVALID_PROFILE', 'authorityKeyId must not be empty');
  checkDer(p.issuerName, 'issuerName');
  checkDer(p.subjectPublicKeyInfo, 'subjectPublicKeyInfo');
  if (p.issuerName.length === 2)
    throw new X509Error('INVALID_PROFILE', 'the issuer name must not be empty');
}

/** A cheap shape check (one SEQUENCE, nothing trailing); contents are trusted to the caller. */
function checkDer(value: Buffer, what: string): void {
  try {
    parseDer(value, what).expect(0x30, what);
  } catch (err) {
    if (err instanceof DerError)
      throw new X509Error('INVALID_PROFILE', `${what} is not a DER SEQUENCE`, { cause: err });
    throw err;
  }
}
