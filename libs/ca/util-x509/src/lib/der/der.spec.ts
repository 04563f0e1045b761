import { describe, expect, it } from 'vitest';
import { DerError, oidToString, parseDer, parseTime } from './reader.js';
import {
  bitString,
  oid,
  sequence,
  smallInteger,
  time,
  tlv,
  unsignedInteger,
  utf8String,
} from './writer.js';

const hex = (b: Buffer): string => b.toString('hex');

describe('DER writer', () => {
  it.each([
    ['1.2.840.10045.4.3.2', '06082a8648ce3d040302'],
    ['1.3.6.1.4.1.57264.1.8', '060a2b0601040183bf300108'],
    ['1.3.6.1.4.1.11129.2.4.3', '060a2b06010401d679020403'],
    ['2.5.29.17', '0603551d11'],
    ['2.999.3', '0603883703'],
  ])('encodes OID %s', (dotted, expected) => {
    expect(hex(oid(dotted))).toBe(expected);
    expect(oidToString(parseDer(oid(dotted)).value)).toBe(dotted);
  });

  it.each([['1'], ['1.2.x'], ['3.1'], ['1.40']])('refuses the OID %j', (dotted) => {
    expect(() => oid(dotted)).toThrow(TypeError);
  });

  it.each([
    [0, '0400'],
    [127, '047f'],
    [128, '048180'],
    [255, '0481ff'],
    [256, '04820100'],
    [65536, '0483010000'],
  ])('writes the minimal length for %d content bytes', (n, header) => {
    const out = tlv(0x04, Buffer.alloc(n));
    expect(hex(out.subarray(0, header.length / 2))).toBe(header);
    expect(out).toHaveLength(header.length / 2 + n);
    expect(parseDer(out).value).toHaveLength(n);
  });

  it.each([
    ['00', '020100'],
    ['0000017f', '0202017f'],
    ['80', '02020080'],
    ['00ff01', '020300ff01'],
  ])('encodes the unsigned integer %s minimally', (magnitude, expected) => {
    expect(hex(unsignedInteger(Buffer.from(magnitude, 'hex')))).toBe(expected);
  });

  it('encodes small integers, bit strings and UTF8Strings', () => {
    expect(hex(smallInteger(0))).toBe('020100');
    expect(hex(smallInteger(300))).toBe('0202012c');
    expect(hex(bitString(Buffer.from([0xab])))).toBe('030200ab');
    expect(hex(utf8String('é'))).toBe('0c02c3a9');
    expect(hex(sequence())).toBe('3000');
  });

  it.each([
    ['1999-12-31T23:59:59.999Z', '170d3939313233313233353935395a'],
    ['2049-12-31T23:59:59Z', '170d3439313233313233353935395a'],
    ['2050-01-01T00:00:00Z', '180f32303530303130313030303030305a'],
  ])('encodes %s per RFC 5280 (UTCTime until 2049)', (iso, expected) => {
    expect(hex(time(new Date(iso)))).toBe(expected);
    expect(parseTime(parseDer(time(new Date(iso)))).toISOString()).toBe(
      new Date(iso).toISOString().replace(/\.\d+Z$/, '.000Z'),
    );
  });

  it('refuses times before 1950', () => {
    expect(() => time(new Date('1949-12-31T23:59:59Z'))).toThrow(RangeError);
  });
});

describe('DER reader', () => {
  it.each([
    ['trailing bytes', '050000'],
    ['an indefinite length', '3080'],
    ['a non-minimal long length', '04810100'],
    ['a leading zero length byte', '0482000100'],
    ['a truncated value', '0403aabb'],
    ['a multi-byte tag', '1f0100'],
    ['an empty buffer', ''],
  ])('rejects %s', (_name, input) => {
    expect(() => parseDer(Buffer.from(input, 'hex'))).toThrow(DerError);
  });

  it('rejects children that overrun their parent', () => {
    expect(() => parseDer(Buffer.from('30030403aabb', 'hex')).children()).toThrow(DerError);
  });

  it('rejects malformed times', () => {
    expect(() => parseTime(parseDer(Buffer.from('170b393931323331323335395a', 'hex')))).toThrow(
      DerError,
    );
  });
});
