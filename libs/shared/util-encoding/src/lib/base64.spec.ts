import { describe, expect, it } from 'vitest';
import { fromBase64, fromHex, toBase64, toHex } from './base64.js';

describe('fromBase64', () => {
  it.each([
    ['standard padded base64', 'aGVsbG8=', 'hello'],
    ['URL-safe base64 without padding', 'aGVsbG8', 'hello'],
    ['an empty string', '', ''],
  ])('decodes %s', (_name, input, expected) => {
    expect(fromBase64(input).toString()).toBe(expected);
  });

  it.each([['junk!'], ['a'], ['aGVsbG8=x']])('rejects %j with INVALID_BASE64', (input) => {
    expect(() => fromBase64(input)).toThrow(expect.objectContaining({ code: 'INVALID_BASE64' }));
  });

  it('round-trips bytes', () => {
    const bytes = Buffer.from([0, 255, 1, 254]);
    expect(fromBase64(toBase64(bytes))).toEqual(bytes);
    expect(fromHex(toHex(bytes))).toEqual(bytes);
  });
});
