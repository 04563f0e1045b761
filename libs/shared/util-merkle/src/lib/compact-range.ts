import { onesCount } from './bits.js';
import { MerkleError } from './error.js';
import { HASH_SIZE, hashChildren } from './hash.js';
import { foldRight, rangeNodes } from './node.js';
import type { NodeId } from './node.js';

/** Called for every node an append completes: the new leaf itself, then each merged parent. */
export type NodeVisitor = (node: NodeId, hash: Buffer) => void;

/**
 * The right edge of a tree growing from leaf 0: one hash per set bit of `size` (the compact range
 * [0, size), see transparency-dev/merkle docs/compact_ranges.md). Appending is amortised O(1)
 * hashes and the root costs O(log n).
 */
export class CompactRange {
  #size: bigint;
  readonly #hashes: Buffer[];

  private constructor(size: bigint, hashes: Buffer[]) {
    this.#size = size;
    this.#hashes = hashes;
  }

  static empty(): CompactRange {
    return new CompactRange(0n, []);
  }

  /** Rebuilds a range from its node hashes (left to right, i.e. `rangeNodes(0n, size)` order). */
  static fromHashes(size: bigint, hashes: readonly Uint8Array[]): CompactRange {
    if (size < 0n) throw new MerkleError('INVALID_SIZE', 'size is negative');
    if (hashes.length !== onesCount(size)) {
      throw new MerkleError(
        'INVALID_STATE',
        `a range of size ${size} has ${onesCount(size)} nodes`,
      );
    }
    for (const h of hashes) {
      if (h.length !== HASH_SIZE)
        throw new MerkleError('INVALID_HASH', 'node hash is not 32 bytes');
    }
    return new CompactRange(
      size,
      hashes.map((h) => Buffer.from(h)),
    );
  }

  /** Restores a range written by `serialize()`. */
  static deserialize(bytes: Uint8Array): CompactRange {
    if (bytes.length < 8 || (bytes.length - 8) % HASH_SIZE !== 0) {
      throw new MerkleError('INVALID_STATE', 'serialized compact range has a bad length');
    }
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const hashes: Buffer[] = [];
    for (let at = 8; at < buf.length; at += HASH_SIZE)
      hashes.push(buf.subarray(at, at + HASH_SIZE));
    return CompactRange.fromHashes(buf.readBigUInt64BE(0), hashes);
  }

  get size(): bigint {
    return this.#size;
  }

  /** The node hashes, left to right (largest subtree first). */
  get hashes(): readonly Buffer[] {
    return this.#hashes;
  }

  /** The node IDs matching `hashes`. */
  get nodes(): NodeId[] {
    return rangeNodes(0n, this.#size);
  }

  /** 8-byte big-endian size followed by the node hashes. */
  serialize(): Buffer {
    const head = Buffer.alloc(8);
    head.writeBigUInt64BE(this.#size);
    return Buffer.concat([head, ...this.#hashes]);
  }

  clone(): CompactRange {
    return new CompactRange(this.#size, [...this.#hashes]);
  }

  /** Appends one leaf hash, reporting every node it completes to `visit`. */
  append(leafHash: Uint8Array, visit?: NodeVisitor): void {
    if (leafHash.length !== HASH_SIZE)
      throw new MerkleError('INVALID_HASH', 'leaf hash is not 32 bytes');
    let index = this.#size;
    let hash: Buffer = Buffer.from(leafHash);
    let level = 0;
    visit?.({ level, index }, hash);
    // Each trailing one bit of the old size is a left sibling waiting for this subtree.
    while ((index & 1n) === 1n) {
      hash = hashChildren(this.#hashes.pop()!, hash);
      index >>= 1n;
      level++;
      visit?.({ level, index }, hash);
    }
    this.#hashes.push(hash);
    this.#size++;
  }

  /** MTH of the leaves appended so far (RFC 6962 §2.1); EMPTY_ROOT for an empty range. */
  root(): Buffer {
    return foldRight(this.#hashes);
  }
}
