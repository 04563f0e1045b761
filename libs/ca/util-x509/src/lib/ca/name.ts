// Distinguished names for CA certificates (RFC 5280 §4.1.2.4), attributes in Go's pkix.Name
// order (C, O, OU, CN) and string types as Go picks them: PrintableString when every character
// allows it, UTF8String otherwise.
import { oid, sequence, set, tlv, TAG } from '../der/writer.js';
import { X509Error } from '../error.js';

export interface CaSubject {
  readonly commonName: string;
  readonly organization?: string;
  readonly organizationalUnit?: string;
  /** Two-letter ISO 3166 code. */
  readonly country?: string;
}

const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]*$/;

export function encodeName(subject: CaSubject): Buffer {
  if (!subject.commonName)
    throw new X509Error('INVALID_PROFILE', 'a CA subject needs a commonName');
  const rdns: Buffer[] = [];
  if (subject.country !== undefined) {
    if (!/^[A-Z]{2}$/.test(subject.country))
      throw new X509Error('INVALID_PROFILE', 'country must be two capital letters');
    rdns.push(rdn('2.5.4.6', subject.country));
  }
  if (subject.organization) rdns.push(rdn('2.5.4.10', subject.organization));
  if (subject.organizationalUnit) rdns.push(rdn('2.5.4.11', subject.organizationalUnit));
  rdns.push(rdn('2.5.4.3', subject.commonName));
  return sequence(...rdns);
}

function rdn(type: string, value: string): Buffer {
  if (!value.isWellFormed())
    throw new X509Error('INVALID_PROFILE', 'name attributes must be valid Unicode');
  const tag = PRINTABLE.test(value) ? TAG.PRINTABLE_STRING : TAG.UTF8_STRING;
  return set(sequence(oid(type), tlv(tag, Buffer.from(value, 'utf8'))));
}
