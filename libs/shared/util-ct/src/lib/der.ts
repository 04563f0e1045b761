// A minimal, strict DER reader for the few certificate edits CT needs (X.690 §8.1, §10.1).
// Only definite, minimal lengths and single-byte tags are accepted, so slicing and re-wrapping
// the parsed structure yields exactly what a full ASN.1 decode + DER re-encode would.
import { CtError } from './error.js';
import { derTlv } from '@sigstead/util-encoding';

export const TAG_BOOLEAN = 0x01;
export const TAG_OCTET_STRING = 0x04;
export const TAG_OID = 0x06;
export const TAG_SEQUENCE = 0x30;
export const TAG_EXTENSIONS = 0xa3; // [3] EXPLICIT in TBSCertificate (RFC 5280 §4.1)

/** One TLV, as offsets into the buffer it was read from. */
export interface Tlv {
  readonly tag: number;
  readonly start: number;
  readonly valueStart: number;
  readonly end: number;
}

export function readTlv(buf: Buffer, offset: number, limit: number = buf.length): Tlv {
  if (offset + 2 > limit) throw malformed('truncated header');
  const tag = buf.readUInt8(offset);
  if ((tag & 0x1f) === 0x1f) throw malformed('multi-byte tags are not supported');
  let length = buf.readUInt8(offset + 1);
  let valueStart = offset + 2;
  if (length & 0x80) {
    const n = length & 0x7f;
    if (n === 0) throw malformed('indefinite length is not DER');
    if (n > 4) throw malformed('length too large');
    if (valueStart + n > limit) throw malformed('truncated length');
    if (buf.readUInt8(valueStart) === 0) throw malformed('non-minimal length');
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + buf.readUInt8(valueStart + i);
    if (length < 0x80) throw malformed('non-minimal length');
    valueStart += n;
  }
  const end = valueStart + length;
  if (end > limit) throw malformed('truncated value');
  return { tag, start: offset, valueStart, end };
}

/** Reads a TLV that must span the whole buffer. */
export function readSingle(buf: Buffer, tag: number, what: string): Tlv {
  const tlv = readTlv(buf, 0);
  if (tlv.tag !== tag) throw malformed(`${what}: unexpected tag 0x${tlv.tag.toString(16)}`);
  if (tlv.end !== buf.length) throw malformed(`${what}: trailing bytes`);
  return tlv;
}

export function children(buf: Buffer, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let p = parent.valueStart; p < parent.end;) {
    const child = readTlv(buf, p, parent.end);
    out.push(child);
    p = child.end;
  }
  return out;
}

export function value(buf: Buffer, tlv: Tlv): Buffer {
  return buf.subarray(tlv.valueStart, tlv.end);
}

export function whole(buf: Buffer, tlv: Tlv): Buffer {
  return buf.subarray(tlv.start, tlv.end);
}

/** Tag + DER length + the concatenated parts. */
export const wrap = derTlv;

function malformed(message: string): CtError {
  return new CtError('MALFORMED', `DER: ${message}`);
}
