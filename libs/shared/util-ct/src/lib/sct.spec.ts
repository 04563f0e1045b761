import { describe, expect, it } from 'vitest';
import { CtError } from './error.js';
import { decodeDigitallySigned, encodeDigitallySigned } from './digitally-signed.js';
import {
  decodeSct,
  decodeSctList,
  decodeSctListExtensionValue,
  encodeSct,
  encodeSctList,
  encodeSctListExtensionValue,
} from './sct.js';
import { TEST_CERT_PROOF_HEX, TEST_PRECERT_PROOF_HEX } from '../testdata/ct-go.js';

const proof = Buffer.from(TEST_CERT_PROOF_HEX, 'hex');
const preProof = Buffer.from(TEST_PRECERT_PROOF_HEX, 'hex');
const code = (c: string): unknown => expect.objectContaining({ name: 'CtError', code: c });

describe('SignedCertificateTimestamp', () => {
  it('decodes the certificate-transparency-go TestCertProof field by field', () => {
    const sct = decodeSct(proof);
    expect(sct.version).toBe(0);
    expect(sct.logId.toString('hex')).toBe(
      'df1c2ec11500945247a96168325ddc5c7959e8f7c6d388fc002e0bbd3f74d764',
    );
    expect(sct.timestamp).toBe(1365181456089n);
    expect(sct.extensions).toHaveLength(0);
    expect(sct.signature.hashAlgorithm).toBe(4);
    expect(sct.signature.signatureAlgorithm).toBe(3);
    expect(sct.signature.signature).toHaveLength(0x47);
  });

  it.each([
    ['TestCertProof', proof],
    ['TestPreCertProof', preProof],
  ])('re-encodes %s byte for byte', (_name, bytes) => {
    expect(encodeSct(decodeSct(bytes))).toEqual(bytes);
  });

  it('keeps opaque CtExtensions (static-ct-api leaf_index)', () => {
    const leafIndex = Buffer.from([0, 0, 5, 0, 0, 0, 0, 42]);
    const sct = { ...decodeSct(proof), extensions: leafIndex };
    expect(decodeSct(encodeSct(sct)).extensions).toEqual(leafIndex);
  });

  it.each([
    ['a truncated SCT', proof.subarray(0, proof.length - 1), 'MALFORMED'],
    ['trailing bytes', Buffer.concat([proof, Buffer.from([0])]), 'MALFORMED'],
    ['version 1', Buffer.concat([Buffer.from([1]), proof.subarray(1)]), 'UNSUPPORTED_VERSION'],
    ['an empty buffer', Buffer.alloc(0), 'MALFORMED'],
  ])('rejects %s', (_name, bytes, expected) => {
    expect(() => decodeSct(bytes)).toThrow(code(expected));
  });

  it('refuses to encode a log ID that is not 32 bytes', () => {
    const sct = { ...decodeSct(proof), logId: Buffer.alloc(31) };
    expect(() => encodeSct(sct)).toThrow(code('INVALID_ARGUMENT'));
  });
});

describe('DigitallySigned', () => {
  it('is u8 hash | u8 signature | u16 length | signature', () => {
    const ds = { hashAlgorithm: 4, signatureAlgorithm: 3, signature: Buffer.from([0xaa, 0xbb]) };
    expect(encodeDigitallySigned(ds).toString('hex')).toBe('04030002aabb');
    expect(decodeDigitallySigned(Buffer.from('04030002aabb', 'hex'))).toEqual(ds);
  });

  it('rejects a signature longer than its buffer', () => {
    expect(() => decodeDigitallySigned(Buffer.from('04030003aabb', 'hex'))).toThrow(CtError);
  });
});

describe('SignedCertificateTimestampList', () => {
  const a = decodeSct(proof);
  const b = decodeSct(preProof);

  it('is u16 total || (u16 length || SCT)*', () => {
    const list = encodeSctList([a, b]);
    expect(list.readUInt16BE(0)).toBe(list.length - 2);
    expect(list.readUInt16BE(2)).toBe(proof.length);
    expect(list.subarray(4, 4 + proof.length)).toEqual(proof);
    expect(decodeSctList(list)).toEqual([a, b]);
  });

  it('wraps the list in a DER OCTET STRING for the X.509 extension', () => {
    const ext = encodeSctListExtensionValue([a]);
    // 0x04, length 0x7a = 2 (list length) + 2 (SCT length) + 118 (SCT).
    expect(ext.subarray(0, 4).toString('hex')).toBe('047a0078');
    expect(decodeSctListExtensionValue(ext)).toEqual([a]);
  });

  it.each([
    ['an empty list', Buffer.from('0000', 'hex')],
    ['an empty SerializedSCT', Buffer.from('00020000', 'hex')],
    ['a list length beyond the buffer', Buffer.from('0005000100', 'hex')],
  ])('rejects %s', (_name, bytes) => {
    expect(() => decodeSctList(bytes)).toThrow(code('MALFORMED'));
  });

  it('refuses to encode an empty list', () => {
    expect(() => encodeSctList([])).toThrow(code('INVALID_ARGUMENT'));
  });

  it('rejects an extension value that is not an OCTET STRING', () => {
    expect(() => decodeSctListExtensionValue(Buffer.from('0500', 'hex'))).toThrow(
      code('MALFORMED'),
    );
  });
});
