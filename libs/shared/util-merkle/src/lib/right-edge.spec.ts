import { describe, expect, it } from 'vitest';
import { leafHashesFor, prng } from '../testdata/naive-rfc6962.js';
import { CompactRange } from './compact-range.js';
import { HASH_SIZE } from './hash.js';
import { RightEdge } from './right-edge.js';
import { TILE_WIDTH, TileHashes, tileForNode, tileWidthAt } from './tile.js';
import type { TileData } from './tile.js';
import { planConsistency, planInclusion, planNodes, buildProof } from './proof-plan.js';
import { verifyConsistency, verifyInclusion } from './verify.js';

const N = 65_536 + 300;
const leaves = leafHashesFor(N);

/** Every node hash of the tree of N leaves, keyed "level/index", from the (MTH-checked) CompactRange. */
const allNodes = new Map<string, Buffer>();
const roots: Buffer[] = [];
{
  const range = CompactRange.empty();
  roots.push(range.root());
  for (const leaf of leaves) {
    range.append(leaf, (node, hash) => allNodes.set(`${node.level}/${node.index}`, hash));
    if (range.size % 97n === 0n || range.size < 600n || range.size > 65_000n)
      roots[Number(range.size)] = range.root();
  }
}

/** A tile store as the log engine keeps it: one row per tile, rewritten while partial. */
function appendAll(batches: number[]): { edge: RightEdge; store: Map<string, TileData> } {
  const edge = RightEdge.empty();
  const store = new Map<string, TileData>();
  let at = 0;
  for (const n of batches) {
    for (const tile of edge.append(leaves.slice(at, at + n))) {
      const key = `${tile.level}/${tile.index}`;
      const old = store.get(key);
      // Full tiles are written once; partial ones only grow.
      expect(old === undefined || old.width < tile.width).toBe(true);
      store.set(key, tile);
    }
    at += n;
  }
  return { edge, store };
}

function nodeFromStore(store: Map<string, TileData>, level: number, index: bigint): Buffer {
  const ref = tileForNode({ level, index });
  const tile = store.get(`${ref.tileLevel}/${ref.tileIndex}`)!;
  return new TileHashes(tile.hashes).node(ref.subLevel, ref.subIndex);
}

describe('RightEdge', () => {
  const rand = prng(256);
  const batches: number[] = [];
  for (let left = N; left > 0;) {
    const n = Math.min(left, rand(5) === 0 ? 1 + rand(2000) : 1 + rand(40));
    batches.push(n);
    left -= n;
  }
  const { edge, store } = appendAll(batches);

  it('tracks the root through random batch sizes', () => {
    expect(edge.size).toBe(BigInt(N));
    expect(edge.root()).toEqual(roots[N]);
    expect(edge.compactRange().root()).toEqual(roots[N]);
  });

  it('stores exactly the tiles c2sp.org/tlog-tiles defines, each holding the right node hashes', () => {
    expect([...store.keys()].filter((k) => k.startsWith('0/'))).toHaveLength(Math.ceil(N / 256));
    expect(store.get('1/0')!.width).toBe(256);
    expect(store.get('1/1')!.width).toBe(1);
    expect(store.get('2/0')!.width).toBe(1);
    for (const tile of store.values()) {
      expect(tile.width).toBe(tileWidthAt(tile.level, tile.index, BigInt(N)));
      expect(tile.hashes.length).toBe(tile.width * HASH_SIZE);
      for (let i = 0; i < tile.width; i += 17) {
        const index = tile.index * BigInt(TILE_WIDTH) + BigInt(i);
        expect(Buffer.from(tile.hashes.subarray(i * 32, i * 32 + 32))).toEqual(
          allNodes.get(`${tile.level * 8}/${index}`),
        );
      }
    }
  });

  it('lets proofs be built from stored tiles alone', () => {
    const r = prng(9162);
    for (let k = 0; k < 30; k++) {
      const size = [255, 256, 257, 65_535, 65_536, 65_537, N][k % 7]!;
      const index = r(size);
      const plan = planInclusion(index, size);
      const proof = buildProof(
        plan,
        planNodes(plan).map((n) => nodeFromStore(store, n.level, n.index)),
      );
      verifyInclusion(index, size, leaves[index]!, proof, roots[size]!);
      const size1 = 1 + r(size);
      if (roots[size1] !== undefined) {
        const cplan = planConsistency(size1, size);
        const cproof = buildProof(
          cplan,
          planNodes(cplan).map((n) => nodeFromStore(store, n.level, n.index)),
        );
        verifyConsistency(size1, size, cproof, roots[size1], roots[size]!);
      }
    }
  });

  it.each([0, 1, 255, 256, 257, 511, 512, 65_535, 65_536, 65_537, N])(
    'restores from the right-edge tiles at size %i and keeps appending identically',
    (size) => {
      const { store: s } = appendAll(size > 0 ? [size] : []);
      const needed = RightEdge.tilesNeeded(BigInt(size));
      const restored = RightEdge.restore(
        BigInt(size),
        needed.map((t) => s.get(`${t.level}/${t.index}`)!),
      );
      expect(restored.size).toBe(BigInt(size));
      expect(restored.root()).toEqual(roots[size]);
      const copy = restored.clone();
      const more = leafHashesFor(300, 'more');
      const a = restored.append(more);
      const b = copy.append(more);
      expect(a).toEqual(b);
      expect(restored.root()).toEqual(copy.root());
    },
  );

  it('lists the tiles needed to restore', () => {
    expect(RightEdge.tilesNeeded(0n)).toEqual([]);
    expect(RightEdge.tilesNeeded(256n)).toEqual([{ level: 1, index: 0n, width: 1 }]);
    expect(RightEdge.tilesNeeded(70_000n)).toEqual([
      { level: 0, index: 273n, width: 112 },
      { level: 1, index: 1n, width: 17 },
      { level: 2, index: 0n, width: 1 },
    ]);
  });

  it('accepts wider tiles and refuses missing or short ones', () => {
    const wide = store.get('0/0')!;
    expect(RightEdge.restore(5n, [wide]).root()).toEqual(roots[5]);
    const code = (c: string): Error => expect.objectContaining({ code: c }) as Error;
    expect(() => RightEdge.restore(5n, [])).toThrow(code('INVALID_STATE'));
    expect(() =>
      RightEdge.restore(5n, [{ ...wide, width: 4, hashes: wide.hashes.subarray(0, 128) }]),
    ).toThrow(code('INVALID_STATE'));
    expect(() => RightEdge.restore(-1n, [])).toThrow(code('INVALID_SIZE'));
  });
});
