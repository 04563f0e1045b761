import { MerkleError } from './error.js';
import type { MerkleErrorCode } from './error.js';

/** Largest tree size or index we accept: RFC 9162 sizes and indices are uint64. */
export const MAX_UINT64 = (1n << 64n) - 1n;

/** A tree size or leaf index as it may arrive from a caller or from the wire. */
export type Uint64Like = bigint | number | string;

/**
 * Parses an untrusted uint64 (a bigint, a safe integer, or a decimal string) without ever throwing
 * anything but a `MerkleError` with the given code.
 */
export function toUint64(value: Uint64Like, code: MerkleErrorCode, what: string): bigint {
  let n: bigint;
  if (typeof value === 'bigint') {
    n = value;
  } else if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new MerkleError(code, `${what} is not an integer`);
    n = BigInt(value);
  } else if (typeof value === 'string' && /^[0-9]{1,20}$/.test(value)) {
    n = BigInt(value);
  } else {
    throw new MerkleError(code, `${what} is not a decimal integer`);
  }
  if (n < 0n || n > MAX_UINT64) throw new MerkleError(code, `${what} is out of range`);
  return n;
}

/** Number of bits needed to write `n` (0 for 0). */
export function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/** Number of set bits of `n` (n >= 0). */
export function onesCount(n: bigint): number {
  let count = 0;
  for (let v = n; v > 0n; v &= v - 1n) count++;
  return count;
}

/** Number of trailing zero bits of `n` (n > 0). */
export function trailingZeros(n: bigint): number {
  return bitLength(n & -n) - 1;
}

/** True when `n` is a power of two (n > 0). */
export function isPowerOfTwo(n: bigint): boolean {
  return n > 0n && (n & (n - 1n)) === 0n;
}
