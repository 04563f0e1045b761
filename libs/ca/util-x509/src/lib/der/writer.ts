// A lean DER writer (X.690 §8, §10): every node is one allocation and one copy of its parts, so a
// whole TBSCertificate costs a few dozen small Buffer writes. The hot path (leaf issuance) uses
// only this file; no general-purpose ASN.1 library is involved.

import { derTlv } from '@sigstead/util-encoding';

export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  PRINTABLE_STRING: 0x13,
  IA5_STRING: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

/** Tag + minimal definite length + the concatenated parts. */
export const tlv = derTlv;

export function sequence(...parts: readonly Uint8Array[]): Buffer {
  return tlv(TAG.SEQUENCE, ...parts);
}

export function set(...parts: readonly Uint8Array[]): Buffer {
  return tlv(TAG.SET, ...parts);
}

export const DER_NULL: Buffer = Buffer.from([TAG.NULL, 0x00]);
export const DER_TRUE: Buffer = Buffer.from([TAG.BOOLEAN, 0x01, 0xff]);

const oidCache = new Map<string, Buffer>();

/** An OBJECT IDENTIFIER TLV from dotted notation (X.690 §8.19); cached, so constants cost nothing. */
export function oid(dotted: string): Buffer {
  let cached = oidCache.get(dotted);
  if (!cached) {
    if (!/^\d+(\.\d+)+$/.test(dotted)) throw new TypeError(`bad OID ${dotted}`);
    const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number);
    if (first > 2 || (first < 2 && second > 39)) throw new TypeError(`bad OID ${dotted}`);
    const bytes: number[] = [];
    for (const arc of [first * 40 + second, ...rest]) {
      const chunk = [arc % 128];
      for (let rest = Math.floor(arc / 128); rest > 0; rest = Math.floor(rest / 128))
        chunk.unshift(0x80 | (rest % 128));
      bytes.push(...chunk);
    }
    cached = tlv(TAG.OID, Buffer.from(bytes));
    oidCache.set(dotted, cached);
  }
  return cached;
}

/** A non-negative INTEGER from its unsigned big-endian magnitude (minimal two's complement). */
export function unsignedInteger(magnitude: Uint8Array): Buffer {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
  const body = magnitude.subarray(start);
  if (body.length === 0) return Buffer.from([TAG.INTEGER, 1, 0]);
  return (body.at(0) ?? 0) & 0x80
    ? tlv(TAG.INTEGER, Buffer.from([0]), body)
    : tlv(TAG.INTEGER, body);
}

export function smallInteger(value: number): Buffer {
  if (!Number.isInteger(value) || value < 0 || value > 0x7fffffff)
    throw new RangeError('integer out of range');
  const bytes: number[] = [];
  for (let v = value; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  return unsignedInteger(Buffer.from(bytes));
}

export function octetString(bytes: Uint8Array): Buffer {
  return tlv(TAG.OCTET_STRING, bytes);
}

/** BIT STRING with a whole number of bytes (the only kind certificates need besides KeyUsage). */
export function bitString(bytes: Uint8Array): Buffer {
  return tlv(TAG.BIT_STRING, Buffer.from([0]), bytes);
}

export function utf8String(text: string): Buffer {
  return tlv(TAG.UTF8_STRING, Buffer.from(text, 'utf8'));
}

export function ia5String(text: string): Buffer {
  return tlv(TAG.IA5_STRING, Buffer.from(text, 'latin1'));
}

/**
 * RFC 5280 §4.1.2.5 Time: UTCTime through 2049, GeneralizedTime from 2050, always UTC "Z" with
 * whole seconds (sub-second precision is dropped, as Go's encoder does).
 */
export function time(date: Date): Buffer {
  const year = date.getUTCFullYear();
  if (year < 1950 || year > 9999) throw new RangeError('certificate time out of range');
  const rest =
    pad(date.getUTCMonth() + 1) +
    pad(date.getUTCDate()) +
    pad(date.getUTCHours()) +
    pad(date.getUTCMinutes()) +
    pad(date.getUTCSeconds()) +
    'Z';
  return year < 2050
    ? tlv(TAG.UTC_TIME, Buffer.from(pad(year % 100) + rest, 'latin1'))
    : tlv(TAG.GENERALIZED_TIME, Buffer.from(String(year) + rest, 'latin1'));
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Extension ::= SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING } */
export function extension(oidTlv: Uint8Array, critical: boolean, value: Uint8Array): Buffer {
  return critical
    ? sequence(oidTlv, DER_TRUE, octetString(value))
    : sequence(oidTlv, octetString(value));
}
