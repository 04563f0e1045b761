import { describe, expect, it } from 'vitest';
import { fromAddChainResponse, toAddChainResponse } from './add-chain-response.js';
import { decodeSct } from './sct.js';
import { TEST_CERT_PROOF_HEX } from '../testdata/ct-go.js';

const sct = decodeSct(Buffer.from(TEST_CERT_PROOF_HEX, 'hex'));
const code = (c: string): unknown => expect.objectContaining({ name: 'CtError', code: c });

describe('AddChainResponse', () => {
  it('renders the ctfe JSON shape', () => {
    const json = toAddChainResponse(sct);
    expect(json).toEqual({
      sct_version: 0,
      id: '3xwuwRUAlFJHqWFoMl3cXHlZ6PfG04j8AC4LvT9012Q=',
      timestamp: 1365181456089,
      extensions: '',
      signature: Buffer.from(TEST_CERT_PROOF_HEX, 'hex').subarray(43).toString('base64'), // after version, log ID, timestamp, extensions,
    });
    expect(Object.keys(JSON.parse(JSON.stringify(json)) as object)).toEqual([
      'sct_version',
      'id',
      'timestamp',
      'extensions',
      'signature',
    ]);
  });

  it('parses what it renders', () => {
    expect(fromAddChainResponse(JSON.parse(JSON.stringify(toAddChainResponse(sct))))).toEqual(sct);
  });

  it('treats a missing extensions field as empty', () => {
    const body: Record<string, unknown> = { ...toAddChainResponse(sct) };
    delete body.extensions;
    expect(fromAddChainResponse(body).extensions).toHaveLength(0);
  });

  it.each([
    ['null', null, 'MALFORMED'],
    ['sct_version 1', { ...toAddChainResponse(sct), sct_version: 1 }, 'UNSUPPORTED_VERSION'],
    ['a string timestamp', { ...toAddChainResponse(sct), timestamp: '1' }, 'MALFORMED'],
    ['a fractional timestamp', { ...toAddChainResponse(sct), timestamp: 1.5 }, 'MALFORMED'],
    ['a non-base64 id', { ...toAddChainResponse(sct), id: '!!' }, 'MALFORMED'],
    ['a short id', { ...toAddChainResponse(sct), id: 'AAAA' }, 'INVALID_ARGUMENT'],
    ['a truncated signature', { ...toAddChainResponse(sct), signature: 'BAMARw==' }, 'MALFORMED'],
  ])('rejects %s', (_name, body, expected) => {
    expect(() => fromAddChainResponse(body)).toThrow(code(expected));
  });
});
