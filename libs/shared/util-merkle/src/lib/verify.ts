import { bitLength, isPowerOfTwo, onesCount, toUint64, trailingZeros } from './bits.js';
import type { Uint64Like } from './bits.js';
import { MerkleError } from './error.js';
import { HASH_SIZE, hashChildren, hashEqual } from './hash.js';

/**
 * Recomputes the root from an inclusion proof, RFC 9162 §2.1.3.2. Every argument may be
 * attacker-controlled; any defect raises a `MerkleError`.
 */
export function rootFromInclusionProof(
  index: Uint64Like,
  size: Uint64Like,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
): Buffer {
  const m = toUint64(index, 'INVALID_INDEX', 'leaf index');
  const n = toUint64(size, 'INVALID_SIZE', 'tree size');
  if (m >= n) throw new MerkleError('INVALID_INDEX', `leaf index ${m} is not below tree size ${n}`);
  checkHash(leafHash, 'leaf hash');
  checkProof(proof, inclusionProofSize(m, n));

  // Step 2–4. The length check above guarantees sn reaches 0 exactly at the end (step 4a/5).
  let fn = m;
  let sn = n - 1n;
  let r: Buffer = Buffer.from(leafHash);
  for (const p of proof) {
    if ((fn & 1n) === 1n || fn === sn) {
      r = hashChildren(p, r);
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      r = hashChildren(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return r;
}

/** Verifies an inclusion proof against a root (RFC 9162 §2.1.3.2); throws `MerkleError`. */
export function verifyInclusion(
  index: Uint64Like,
  size: Uint64Like,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): void {
  checkHash(root, 'root hash');
  if (!hashEqual(rootFromInclusionProof(index, size, leafHash, proof), root)) {
    throw new MerkleError('ROOT_MISMATCH', 'inclusion proof does not lead to the root hash');
  }
}

/**
 * Verifies a consistency proof between two tree heads, RFC 9162 §2.1.4.2; throws `MerkleError`.
 * Requires 0 < size1 <= size2; equal sizes need an empty proof and equal roots.
 */
export function verifyConsistency(
  size1: Uint64Like,
  size2: Uint64Like,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
  root2: Uint8Array,
): void {
  const m = toUint64(size1, 'INVALID_SIZE', 'first tree size');
  const n = toUint64(size2, 'INVALID_SIZE', 'second tree size');
  if (m === 0n)
    throw new MerkleError('INVALID_SIZE', 'a consistency proof from the empty tree is meaningless');
  if (m > n)
    throw new MerkleError('INVALID_SIZE', `first tree size ${m} exceeds second tree size ${n}`);
  checkHash(root1, 'first root hash');
  checkHash(root2, 'second root hash');
  if (m === n) {
    checkProof(proof, 0);
    if (!hashEqual(root1, root2))
      throw new MerkleError('ROOT_MISMATCH', 'equal tree sizes with different roots');
    return;
  }
  checkProof(proof, consistencyProofSize(m, n));

  // Step 2: a perfect first tree is its own last subtree, so its root seeds the path.
  const [seed, ...rest] = isPowerOfTwo(m) ? [root1, ...proof] : proof;
  if (!seed) throw new MerkleError('WRONG_PROOF_SIZE', 'consistency proof is empty');
  // Steps 3–4.
  let fn = m - 1n;
  let sn = n - 1n;
  while ((fn & 1n) === 1n) {
    fn >>= 1n;
    sn >>= 1n;
  }
  // Steps 5–6.
  let fr: Buffer = Buffer.from(seed);
  let sr = fr;
  for (const c of rest) {
    if ((fn & 1n) === 1n || fn === sn) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      sr = hashChildren(sr, c);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  // Step 7 (sn === 0 follows from the length check).
  if (!hashEqual(fr, root1))
    throw new MerkleError('ROOT_MISMATCH', 'consistency proof does not lead to the first root');
  if (!hashEqual(sr, root2))
    throw new MerkleError('ROOT_MISMATCH', 'consistency proof does not lead to the second root');
}

/** Hashes in an inclusion proof: siblings below the fork with the right edge, then left border nodes. */
function inclusionProofSize(index: bigint, size: bigint): number {
  const inner = bitLength(index ^ (size - 1n));
  return inner + onesCount(index >> BigInt(inner));
}

/** Hashes in a consistency proof for 0 < m < n (the size of PROOF(m, D[n]), RFC 9162 §2.1.4.1). */
function consistencyProofSize(m: bigint, n: bigint): number {
  const shift = trailingZeros(m);
  const inner = bitLength((m - 1n) ^ (n - 1n));
  const border = onesCount((m - 1n) >> BigInt(inner));
  return (isPowerOfTwo(m) ? 0 : 1) + inner - shift + border;
}

function checkHash(h: unknown, what: string): void {
  if (!(h instanceof Uint8Array) || h.length !== HASH_SIZE) {
    throw new MerkleError('INVALID_HASH', `${what} is not a 32-byte hash`);
  }
}

function checkProof(proof: unknown, expected: number): void {
  if (!Array.isArray(proof))
    throw new MerkleError('INVALID_PROOF', 'proof is not a list of hashes');
  if (proof.length !== expected) {
    throw new MerkleError(
      'WRONG_PROOF_SIZE',
      `proof has ${proof.length} hashes, expected ${expected}`,
    );
  }
  for (const h of proof) checkHash(h, 'proof hash');
}
