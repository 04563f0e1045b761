import { hash, timingSafeEqual } from 'node:crypto';
import { MerkleError } from './error.js';

/** SHA-256 output size; every node hash of an RFC 6962 tree is this long. */
export const HASH_SIZE = 32;

const LEAF_PREFIX = 0x00;
const NODE_PREFIX = 0x01;

/** MTH({}) = SHA-256() — RFC 6962 §2.1. */
export const EMPTY_ROOT: Buffer = hash('sha256', Buffer.alloc(0), 'buffer');

/** MTH({d}) = SHA-256(0x00 || d) — RFC 6962 §2.1. */
export function hashLeaf(data: Uint8Array): Buffer {
  const buf = Buffer.allocUnsafe(1 + data.length);
  buf[0] = LEAF_PREFIX;
  buf.set(data, 1);
  return hash('sha256', buf, 'buffer');
}

/** SHA-256(0x01 || left || right) — RFC 6962 §2.1. */
export function hashChildren(left: Uint8Array, right: Uint8Array): Buffer {
  const buf = Buffer.allocUnsafe(1 + left.length + right.length);
  buf[0] = NODE_PREFIX;
  buf.set(left, 1);
  buf.set(right, 1 + left.length);
  return hash('sha256', buf, 'buffer');
}

/** Scratch for `hashChildPair`: hashing is synchronous, so one buffer serves every call. */
const PAIR = Buffer.alloc(1 + 2 * HASH_SIZE, NODE_PREFIX);

/** `hashChildren` of two hashes stored side by side (`pair` is left || right). */
export function hashChildPair(pair: Uint8Array): Buffer {
  if (pair.length !== 2 * HASH_SIZE) {
    throw new MerkleError('INVALID_HASH', `a pair of hashes is ${2 * HASH_SIZE} bytes`);
  }
  PAIR.set(pair, 1);
  return hash('sha256', PAIR, 'buffer');
}

/** Constant-time equality for hashes of any length (false on a length mismatch). */
export function hashEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
