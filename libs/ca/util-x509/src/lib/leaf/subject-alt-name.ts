// The leaf's only identity: one SubjectAltName, critical because the subject is empty
// (RFC 5280 §4.2.1.6). Fulcio uses rfc822Name (email), uniformResourceIdentifier (URI-shaped
// identities) or an otherName with type-id 1.3.6.1.4.1.57264.1.7 (username identities).
import { extension, oid, sequence, tlv, TAG } from '../der/writer.js';
import { X509Error } from '../error.js';
import { FULCIO_OID } from './fulcio-extensions.js';

export type SubjectAltName =
  | { readonly kind: 'email'; readonly value: string }
  | { readonly kind: 'uri'; readonly value: string }
  /** `value` is the already-joined "<sub>!<domain>" string. */
  | { readonly kind: 'username'; readonly value: string };

const SAN_OID = oid('2.5.29.17');

export function subjectAltNameExtension(san: SubjectAltName): Buffer {
  return extension(SAN_OID, true, sequence(generalName(san)));
}

function generalName(san: SubjectAltName): Buffer {
  if (typeof san.value !== 'string' || san.value === '')
    throw new X509Error('INVALID_PROFILE', 'the SAN value must be a non-empty string');
  switch (san.kind) {
    case 'email':
      return tlv(0x81, ia5(san.value)); // [1] IMPLICIT IA5String rfc822Name
    case 'uri':
      return tlv(0x86, ia5(toUriString(san.value))); // [6] IMPLICIT IA5String uniformResourceIdentifier
    case 'username': {
      if (!san.value.isWellFormed())
        throw new X509Error('INVALID_PROFILE', 'the username SAN is not valid Unicode');
      // otherName [0] IMPLICIT SEQUENCE { type-id, [0] EXPLICIT UTF8String } (as Go's MarshalOtherNameSAN)
      return tlv(
        0xa0,
        oid(FULCIO_OID.otherName),
        tlv(0xa0, tlv(TAG.UTF8_STRING, Buffer.from(san.value, 'utf8'))),
      );
    }
    default:
      throw new X509Error(
        'INVALID_PROFILE',
        `unknown SAN kind ${String((san as { kind: unknown }).kind)}`,
      );
  }
}

function ia5(value: string): Buffer {
  // IA5String is 7-bit ASCII; internationalised emails/IRIs would need other encodings we don't emit.
  if (!/^[\x20-\x7e]+$/.test(value))
    throw new X509Error('INVALID_PROFILE', 'email and URI SANs must be printable ASCII');
  return Buffer.from(value, 'latin1');
}

/**
 * A URI identity as Go's url.URL.String() renders it into the certificate: characters outside ASCII
 * (e.g. a branch `refs/heads/föö` in a CI workflow ref) are percent-encoded as UTF-8 (RFC 3987 §3.1),
 * spaces likewise; everything else is kept as given.
 */
export function toUriString(value: string): string {
  if (!value.isWellFormed())
    throw new X509Error('INVALID_PROFILE', 'the URI SAN is not valid Unicode');
  return value.replace(/[^\x21-\x7e]/gu, (c) => encodeURIComponent(c));
}
