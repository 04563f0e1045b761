import { isPowerOfTwo, toUint64, trailingZeros } from './bits.js';
import type { Uint64Like } from './bits.js';
import { MerkleError } from './error.js';
import { HASH_SIZE } from './hash.js';
import { foldRight, rangeNodes } from './node.js';
import type { NodeId } from './node.js';

/**
 * One hash of a proof, as the stored perfect-subtree nodes it is made of, left to right. A single
 * node is used as is; several nodes form an "ephemeral" node on the right border of the tree (a
 * subtree that is not perfect at this tree size) and are combined with `foldRight`.
 */
export type ProofElement = readonly NodeId[];

/** How to build a proof from stored node hashes: one element per proof hash, in proof order. */
export interface ProofPlan {
  readonly elements: readonly ProofElement[];
}

/**
 * Nodes needed for the inclusion proof of leaf `index` in the tree of `size` leaves
 * (RFC 9162 §2.1.3.1 PATH(m, D[n])). Requires 0 <= index < size.
 */
export function planInclusion(index: Uint64Like, size: Uint64Like): ProofPlan {
  const m = toUint64(index, 'INVALID_INDEX', 'leaf index');
  const n = toUint64(size, 'INVALID_SIZE', 'tree size');
  if (m >= n) throw new MerkleError('INVALID_INDEX', `leaf index ${m} is not below tree size ${n}`);
  return { elements: pathElements(0, m, n) };
}

/**
 * Nodes needed for the consistency proof between trees of `size1` and `size2` leaves
 * (RFC 9162 §2.1.4.1 PROOF(m, D[n])). Requires 0 < size1 <= size2; equal sizes give an empty proof.
 */
export function planConsistency(size1: Uint64Like, size2: Uint64Like): ProofPlan {
  const m = toUint64(size1, 'INVALID_SIZE', 'first tree size');
  const n = toUint64(size2, 'INVALID_SIZE', 'second tree size');
  if (m === 0n)
    throw new MerkleError('INVALID_SIZE', 'a consistency proof from the empty tree is meaningless');
  if (m > n)
    throw new MerkleError('INVALID_SIZE', `first tree size ${m} exceeds second tree size ${n}`);
  if (m === n) return { elements: [] };
  // The last perfect subtree of the first tree seeds the proof; when the first tree is itself
  // perfect that subtree is its root, which the verifier already holds (SUBPROOF with b = true).
  const level = trailingZeros(m);
  const index = (m >> BigInt(level)) - 1n;
  const seed: ProofElement[] = isPowerOfTwo(m) ? [] : [[{ level, index }]];
  return { elements: [...seed, ...pathElements(level, index, n)] };
}

/** The nodes whose hashes `buildProof` expects, in that order. */
export function planNodes(plan: ProofPlan): NodeId[] {
  return plan.elements.flat();
}

/** Turns the hashes of `planNodes(plan)` (same order) into the proof hashes. */
export function buildProof(plan: ProofPlan, hashes: readonly Uint8Array[]): Buffer[] {
  const expected = plan.elements.reduce((n, e) => n + e.length, 0);
  if (hashes.length !== expected) {
    throw new MerkleError(
      'INVALID_PROOF',
      `got ${hashes.length} node hashes, the plan needs ${expected}`,
    );
  }
  if (hashes.some((h) => h.length !== HASH_SIZE)) {
    throw new MerkleError('INVALID_HASH', 'node hash is not 32 bytes');
  }
  const proof: Buffer[] = [];
  let at = 0;
  for (const element of plan.elements) {
    proof.push(foldRight(hashes.slice(at, at + element.length)));
    at += element.length;
  }
  return proof;
}

/**
 * Siblings on the way from node (level, index) up to the root of the tree of `size` leaves.
 * A sibling wholly past the end does not exist (the node is promoted unchanged); a sibling
 * cut by the end is the ephemeral node, made of the perfect subtrees covering [begin, size).
 */
function pathElements(level: number, index: bigint, size: bigint): ProofElement[] {
  const elements: ProofElement[] = [];
  for (let l = level, i = index; i !== 0n || 1n << BigInt(l) < size; l++, i >>= 1n) {
    const sibling = i ^ 1n;
    const begin = sibling << BigInt(l);
    if (begin >= size) continue;
    const end = begin + (1n << BigInt(l));
    elements.push(end <= size ? [{ level: l, index: sibling }] : rangeNodes(begin, size));
  }
  return elements;
}

/** Where `inclusionFromNodes` finds hashes; undefined when a hash is not at hand. */
export interface NodeSource {
  /** Hash of the complete node (level, index). */
  node(level: number, index: number): Buffer | undefined;
  /** Hash of the ephemeral node over leaves [begin, end) (several perfect subtrees folded). */
  fold(begin: number, end: number): Buffer | undefined;
}

/**
 * RFC 9162 PATH(m, D[n]) straight from hashes at hand, in doubles (index and size are safe
 * integers), without a plan: what `planInclusion` + `buildProof` give, for a reader whose nodes
 * and folds are in memory. Bottom-up, the sibling of m's ancestor at each level is a complete
 * node, a range cut by the tree's end (a fold, or one node when its length is a power of two) or
 * absent (past the end: the ancestor is promoted). Undefined as soon as a hash is not at hand.
 */
export function inclusionFromNodes(
  index: number,
  size: number,
  source: NodeSource,
): Buffer[] | undefined {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) {
    throw new MerkleError('INVALID_INDEX', `leaf index ${index} is not below tree size ${size}`);
  }
  const hashes: Buffer[] = [];
  for (let level = 0, i = index, width = 1; i !== 0 || width < size; level++) {
    const sibling = i % 2 === 0 ? i + 1 : i - 1;
    const begin = sibling * width;
    if (begin < size) {
      const left = size - begin;
      let hash: Buffer | undefined;
      if (left >= width) hash = source.node(level, sibling);
      else {
        const bits = Math.round(Math.log2(left));
        hash = 2 ** bits === left ? source.node(bits, begin / left) : source.fold(begin, size);
      }
      if (hash === undefined) return undefined;
      hashes.push(hash);
    }
    i = Math.floor(i / 2);
    width *= 2;
  }
  return hashes;
}
