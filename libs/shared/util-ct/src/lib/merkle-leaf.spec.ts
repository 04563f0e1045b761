import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { decodeSct } from './sct.js';
import {
  decodeMerkleTreeLeaf,
  encodeMerkleTreeLeaf,
  type TimestampedEntry,
} from './signed-entry.js';
import {
  decodeCertificateChain,
  decodePrecertChainEntry,
  encodeCertificateChain,
  encodePrecertChainEntry,
} from './extra-data.js';
import { issuerKeyHash, precertTbsForSct } from './precert.js';
import * as ctgo from '../testdata/ct-go.js';
import { pemToDer } from '../testdata/load.js';

const code = (c: string): unknown => expect.objectContaining({ name: 'CtError', code: c });
const leafHash = (leaf: Buffer): string =>
  createHash('sha256')
    .update(Buffer.from([0]))
    .update(leaf)
    .digest('base64');

describe('MerkleTreeLeaf', () => {
  const ca = pemToDer(ctgo.CA_CERT_PEM);
  const x509: TimestampedEntry = {
    timestamp: decodeSct(Buffer.from(ctgo.TEST_CERT_PROOF_HEX, 'hex')).timestamp,
    entry: { type: 'x509', certificate: pemToDer(ctgo.TEST_CERT_PEM) },
    extensions: Buffer.alloc(0),
  };
  const precert: TimestampedEntry = {
    timestamp: decodeSct(Buffer.from(ctgo.TEST_PRECERT_PROOF_HEX, 'hex')).timestamp,
    entry: {
      type: 'precert',
      issuerKeyHash: issuerKeyHash(ca),
      tbsCertificate: precertTbsForSct(pemToDer(ctgo.TEST_PRECERT_PEM)),
    },
    extensions: Buffer.alloc(0),
  };

  it.each([
    ['an x509 entry (TestCertB64LeafHash)', x509, ctgo.TEST_CERT_LEAF_HASH_B64],
    ['a precert entry (TestPreCertB64LeafHash)', precert, ctgo.TEST_PRECERT_LEAF_HASH_B64],
  ])('hashes %s to the certificate-transparency-go leaf hash', (_name, entry, expected) => {
    expect(leafHash(encodeMerkleTreeLeaf(entry))).toBe(expected);
  });

  it.each([
    ['x509', x509],
    ['precert', precert],
  ])('round-trips a %s leaf', (_name, entry) => {
    expect(decodeMerkleTreeLeaf(encodeMerkleTreeLeaf(entry))).toEqual(entry);
  });

  it('starts with version 0, leaf type 0 and the timestamp', () => {
    const leaf = encodeMerkleTreeLeaf(x509);
    expect(leaf.subarray(0, 2).toString('hex')).toBe('0000');
    expect(leaf.readBigUInt64BE(2)).toBe(x509.timestamp);
    expect(leaf.readUInt16BE(10)).toBe(0);
  });

  it.each([
    [
      'version 1',
      (l: Buffer) => Buffer.concat([Buffer.from([1]), l.subarray(1)]),
      'UNSUPPORTED_VERSION',
    ],
    [
      'leaf type 1',
      (l: Buffer) => Buffer.concat([Buffer.from([0, 1]), l.subarray(2)]),
      'MALFORMED',
    ],
    [
      'entry type 2',
      (l: Buffer) => Buffer.concat([l.subarray(0, 10), Buffer.from([0, 2]), l.subarray(12)]),
      'MALFORMED',
    ],
    ['trailing bytes', (l: Buffer) => Buffer.concat([l, Buffer.from([0])]), 'MALFORMED'],
    ['a truncated leaf', (l: Buffer) => l.subarray(0, l.length - 1), 'MALFORMED'],
  ])('rejects %s', (_name, mutate, expected) => {
    expect(() => decodeMerkleTreeLeaf(mutate(encodeMerkleTreeLeaf(x509)))).toThrow(code(expected));
  });
});

describe('extra_data', () => {
  const a = Buffer.from('3003020101', 'hex');
  const b = Buffer.from('3000', 'hex');

  it('encodes a certificate chain as a u24 list of u24 certificates', () => {
    expect(encodeCertificateChain([a, b]).toString('hex')).toBe(
      '00000d' + '000005' + a.toString('hex') + '000002' + '3000',
    );
    expect(decodeCertificateChain(encodeCertificateChain([a, b]))).toEqual([a, b]);
    expect(encodeCertificateChain([]).toString('hex')).toBe('000000');
  });

  it('encodes a PrecertChainEntry as the precertificate then the chain', () => {
    const entry = { preCertificate: a, precertificateChain: [b] };
    expect(encodePrecertChainEntry(entry).toString('hex')).toBe(
      '000005' + a.toString('hex') + '000005' + '000002' + '3000',
    );
    expect(decodePrecertChainEntry(encodePrecertChainEntry(entry))).toEqual(entry);
  });

  it('rejects empty certificates and trailing bytes', () => {
    expect(() => decodeCertificateChain(Buffer.from('000003000000', 'hex'))).toThrow(
      code('MALFORMED'),
    );
    expect(() => decodeCertificateChain(Buffer.from('00000000', 'hex'))).toThrow(code('MALFORMED'));
    expect(() => encodeCertificateChain([Buffer.alloc(0)])).toThrow(code('INVALID_ARGUMENT'));
  });
});
