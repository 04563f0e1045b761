import { describe, expect, it } from 'vitest';
import { leafHashesFor, naiveRoot } from '../testdata/naive-rfc6962.js';
import { leaves, roots } from '../testdata/rfc6962-reference.js';
import { CompactRange } from './compact-range.js';
import { EMPTY_ROOT, hashLeaf } from './hash.js';
import type { NodeId } from './node.js';
import { nodeCoverage } from './node.js';

describe('CompactRange', () => {
  it('yields the reference roots for sizes 1..8', () => {
    const range = CompactRange.empty();
    expect(range.root()).toEqual(EMPTY_ROOT);
    leaves.forEach((leaf, i) => {
      range.append(hashLeaf(Buffer.from(leaf, 'hex')));
      expect(range.size).toBe(BigInt(i + 1));
      expect(range.root().toString('hex')).toBe(roots[i]);
    });
  });

  it('matches MTH for every size up to 300 and reports each completed node correctly', () => {
    const hashes = leafHashesFor(300);
    const range = CompactRange.empty();
    const seen: [NodeId, Buffer][] = [];
    for (let n = 1; n <= hashes.length; n++) {
      range.append(hashes[n - 1]!, (node, hash) => seen.push([node, hash]));
      expect(range.root()).toEqual(naiveRoot(hashes.slice(0, n)));
      expect(range.nodes.length).toBe(range.hashes.length);
    }
    // 300 leaves complete 300 + 150 + 75 + 37 + 18 + 9 + 4 + 2 + 1 nodes.
    expect(seen).toHaveLength(596);
    for (const [node, hash] of seen.filter((_, i) => i % 7 === 0)) {
      const { begin, end } = nodeCoverage(node);
      expect(hash).toEqual(naiveRoot(hashes.slice(Number(begin), Number(end))));
    }
  });

  it('round-trips through serialize/deserialize and fromHashes', () => {
    const range = CompactRange.empty();
    for (const h of leafHashesFor(13)) range.append(h);
    const restored = CompactRange.deserialize(range.serialize());
    expect(restored.size).toBe(13n);
    expect(restored.root()).toEqual(range.root());
    const copy = CompactRange.fromHashes(range.size, range.hashes);
    const clone = range.clone();
    copy.append(leafHashesFor(1, 'x')[0]!);
    expect(range.size).toBe(13n);
    expect(clone.root()).toEqual(range.root());
    expect(CompactRange.deserialize(CompactRange.empty().serialize()).size).toBe(0n);
  });

  it('rejects malformed state and leaf hashes', () => {
    const code = (c: string): Error => expect.objectContaining({ code: c }) as Error;
    expect(() => CompactRange.fromHashes(-1n, [])).toThrow(code('INVALID_SIZE'));
    expect(() => CompactRange.fromHashes(3n, [EMPTY_ROOT])).toThrow(code('INVALID_STATE'));
    expect(() => CompactRange.fromHashes(1n, [Buffer.alloc(31)])).toThrow(code('INVALID_HASH'));
    expect(() => CompactRange.deserialize(Buffer.alloc(7))).toThrow(code('INVALID_STATE'));
    expect(() => CompactRange.deserialize(Buffer.alloc(9))).toThrow(code('INVALID_STATE'));
    expect(() => CompactRange.empty().append(Buffer.alloc(33))).toThrow(code('INVALID_HASH'));
  });
});
