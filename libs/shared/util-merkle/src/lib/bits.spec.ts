import { describe, expect, it } from 'vitest';
import { MAX_UINT64, bitLength, isPowerOfTwo, onesCount, toUint64, trailingZeros } from './bits.js';

describe('toUint64', () => {
  it.each([
    [5n, 5n],
    [7, 7n],
    ['0', 0n],
    ['18446744073709551615', MAX_UINT64],
  ])('accepts %s', (input, expected) => {
    expect(toUint64(input, 'INVALID_SIZE', 'size')).toBe(expected);
  });

  it.each([
    [-1n],
    [MAX_UINT64 + 1n],
    [1.5],
    [Number.MAX_SAFE_INTEGER + 1],
    [-1],
    ['-1'],
    ['1e3'],
    [''],
    ['18446744073709551616'],
    ['123456789012345678901'],
    [null],
    [{}],
  ])('rejects %s with the given code', (input) => {
    expect(() => toUint64(input as never, 'INVALID_INDEX', 'index')).toThrow(
      expect.objectContaining({ name: 'MerkleError', code: 'INVALID_INDEX' }),
    );
  });
});

describe('bit helpers', () => {
  it('measures bigints', () => {
    expect([0n, 1n, 2n, 255n, 256n].map(bitLength)).toEqual([0, 1, 2, 8, 9]);
    expect([0n, 1n, 7n, 256n, MAX_UINT64].map(onesCount)).toEqual([0, 1, 3, 1, 64]);
    expect([1n, 2n, 12n, 1n << 63n].map(trailingZeros)).toEqual([0, 1, 2, 63]);
    expect([0n, 1n, 2n, 6n, 1n << 40n].map(isPowerOfTwo)).toEqual([false, true, true, false, true]);
  });
});
