import { bitLength, trailingZeros } from './bits.js';
import { EMPTY_ROOT, hashChildren } from './hash.js';

/**
 * A node of the tree: the perfect subtree of 2^level leaves starting at leaf `index << level`
 * (the `(level, index)` addressing of RFC 9162 §2.1 figures and of tlog-tiles).
 */
export interface NodeId {
  readonly level: number;
  readonly index: bigint;
}

/** The first leaf (inclusive) and the last leaf (exclusive) a node covers. */
export function nodeCoverage(node: NodeId): { begin: bigint; end: bigint } {
  const width = 1n << BigInt(node.level);
  const begin = node.index * width;
  return { begin, end: begin + width };
}

/**
 * The perfect subtrees covering leaves [begin, end), left to right, each as large as alignment
 * allows (the nodes of a compact range). For [0, size) these are the roots of the subtrees whose
 * sizes are the set bits of `size`, highest first.
 */
export function rangeNodes(begin: bigint, end: bigint): NodeId[] {
  const nodes: NodeId[] = [];
  for (let at = begin; at < end;) {
    let level = bitLength(end - at) - 1;
    if (at !== 0n) level = Math.min(level, trailingZeros(at));
    nodes.push({ level, index: at >> BigInt(level) });
    at += 1n << BigInt(level);
  }
  return nodes;
}

/**
 * Hash of the subtree made of adjacent perfect subtrees given left to right, where each is at
 * least as large as everything to its right (a compact range): H(a, H(b, H(c, …))), RFC 6962 §2.1.
 */
export function foldRight(hashes: readonly Uint8Array[]): Buffer {
  if (hashes.length === 0) return Buffer.from(EMPTY_ROOT);
  let acc: Buffer = Buffer.from(hashes[hashes.length - 1]!);
  for (let i = hashes.length - 2; i >= 0; i--) acc = hashChildren(hashes[i]!, acc);
  return acc;
}
