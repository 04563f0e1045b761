import { EMPTY_ROOT, hashChildren } from './hash.js';

/**
 * MTH over leaf hashes, exactly as RFC 6962 §2.1 defines it (split at the largest power of two
 * smaller than n). Linear work and recursion depth log n: meant for tests and small trees.
 */
export function rootFromLeafHashes(leafHashes: readonly Uint8Array[]): Buffer {
  if (leafHashes.length === 0) return Buffer.from(EMPTY_ROOT);
  return mth(leafHashes, 0, leafHashes.length);
}

function mth(hashes: readonly Uint8Array[], begin: number, end: number): Buffer {
  const n = end - begin;
  if (n === 1) return Buffer.from(hashes[begin]!);
  let k = 1;
  while (k * 2 < n) k *= 2;
  return hashChildren(mth(hashes, begin, begin + k), mth(hashes, begin + k, end));
}
