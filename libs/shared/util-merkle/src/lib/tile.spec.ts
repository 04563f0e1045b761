import { describe, expect, it } from 'vitest';
import { leafHashesFor, naiveRoot } from '../testdata/naive-rfc6962.js';
import {
  TILE_HEIGHT,
  TILE_WIDTH,
  TileHashes,
  tileForNode,
  tileForNodeAt,
  tileSubtreeHash,
  tileWidthAt,
} from './tile.js';

describe('tileForNode', () => {
  it('places nodes at multiples of 8 as tile entries', () => {
    expect(tileForNode({ level: 0, index: 1000n })).toEqual({
      tileLevel: 0,
      tileIndex: 3n,
      subLevel: 0,
      subIndex: 232,
      minWidth: 233,
    });
    expect(tileForNode({ level: 16, index: 255n })).toMatchObject({
      tileLevel: 2,
      tileIndex: 0n,
      subIndex: 255,
    });
  });

  it('gives the same place in doubles (tileForNodeAt), beyond 32 bits too', () => {
    for (let level = 0; level < 24; level++) {
      for (const index of [0, 1, 7, 255, 256, 1000, 65_535, 2 ** 33 + 5, 2 ** 52 - 1]) {
        const { tileIndex, ...rest } = tileForNode({ level, index: BigInt(index) });
        expect(tileForNodeAt(level, index)).toEqual({ ...rest, tileIndex: Number(tileIndex) });
      }
    }
  });

  it('places other nodes above 2^(level mod 8) entries of the tile below', () => {
    // Node (3, 70) covers level-0 entries 560..567: tile 2, entries 48..55.
    expect(tileForNode({ level: 3, index: 70n })).toEqual({
      tileLevel: 0,
      tileIndex: 2n,
      subLevel: 3,
      subIndex: 6,
      minWidth: 56,
    });
    // Node (15, 1) covers level-8 entries 128..255: the upper half of tile (1, 0).
    expect(tileForNode({ level: 15, index: 1n })).toEqual({
      tileLevel: 1,
      tileIndex: 0n,
      subLevel: 7,
      subIndex: 1,
      minWidth: 256,
    });
  });
});

describe('tileWidthAt', () => {
  // c2sp.org/tlog-tiles: "a tree of size 70,000 will be represented by 273 full level 0 tiles, one
  // partial level 0 tile of width 112, one full level 1 tile, one partial level 1 tile of width 17,
  // and one partial level 2 tile of width 1."
  it('follows the spec example for a tree of 70,000', () => {
    const s = 70_000n;
    expect(tileWidthAt(0, 272n, s)).toBe(TILE_WIDTH);
    expect(tileWidthAt(0, 273n, s)).toBe(112);
    expect(tileWidthAt(0, 274n, s)).toBe(0);
    expect(tileWidthAt(1, 0n, s)).toBe(TILE_WIDTH);
    expect(tileWidthAt(1, 1n, s)).toBe(17);
    expect(tileWidthAt(2, 0n, s)).toBe(1);
    expect(tileWidthAt(3, 0n, s)).toBe(0);
  });

  it('makes a tree of 256 a full level-0 tile and a level-1 tile of width 1', () => {
    expect(tileWidthAt(0, 0n, 256n)).toBe(256);
    expect(tileWidthAt(0, 1n, 256n)).toBe(0);
    expect(tileWidthAt(1, 0n, 256n)).toBe(1);
  });
});

describe('TileHashes', () => {
  const entries = leafHashesFor(TILE_WIDTH);
  const content = Buffer.concat(entries);

  it('computes every node inside a full tile like MTH over its entries', () => {
    const tile = new TileHashes(content);
    expect(tile.width).toBe(TILE_WIDTH);
    expect(tile.hashes).toBe(content);
    for (let h = 0; h < TILE_HEIGHT; h++) {
      for (let i = 0; i < TILE_WIDTH >> h; i += 5) {
        const expected = naiveRoot(entries.slice(i << h, (i + 1) << h));
        expect(tile.node(h, i)).toEqual(expected);
        expect(tile.node(h, i)).toEqual(expected); // memoized path
      }
    }
    expect(tileSubtreeHash(content, 7, 1)).toEqual(naiveRoot(entries.slice(128)));
  });

  it('serves only complete nodes of a partial tile', () => {
    const tile = new TileHashes(content.subarray(0, 100 * 32));
    expect(tile.node(2, 24)).toEqual(naiveRoot(entries.slice(96, 100)));
    for (const [h, i] of [
      [2, 25],
      [7, 0],
      [8, 0],
      [-1, 0],
      [0, -1],
      [0.5, 0],
      [0, 0.5],
    ]) {
      expect(() => tile.node(h!, i!)).toThrow(expect.objectContaining({ code: 'INVALID_TILE' }));
    }
  });

  it('widens to more entries keeping its computed nodes, and answers like a fresh tile', () => {
    const narrow = new TileHashes(content.subarray(0, 100 * 32));
    for (let i = 0; i < 25; i++) narrow.node(2, i);
    narrow.node(6, 0);
    const wide = narrow.widen(content.subarray(0, 200 * 32));
    expect(wide.width).toBe(200);
    for (let h = 0; h < TILE_HEIGHT; h++) {
      for (let i = 0; (i + 1) << h <= 200; i++) {
        expect(wide.node(h, i)).toEqual(naiveRoot(entries.slice(i << h, (i + 1) << h)));
      }
    }
    expect(() => wide.node(3, 25)).toThrow(expect.objectContaining({ code: 'INVALID_TILE' }));
  });

  it('keeps answering after it widened, and a second widening sees none of the first one', () => {
    const narrow = new TileHashes(content.subarray(0, 64 * 32));
    const kept = narrow.node(6, 0);
    const others = leafHashesFor(64, 'other');
    // Two widenings of the same tile with different entries after its 64: a batch that lost a
    // compare-and-swap and was retried with other entries.
    const first = narrow.widen(content.subarray(0, 128 * 32));
    expect(first.node(7, 0)).toEqual(naiveRoot(entries.slice(0, 128)));
    expect(first.node(5, 3)).toEqual(naiveRoot(entries.slice(96, 128)));
    const second = narrow.widen(Buffer.concat([content.subarray(0, 64 * 32), ...others]));
    expect(second.node(7, 0)).toEqual(naiveRoot([...entries.slice(0, 64), ...others]));
    expect(second.node(5, 3)).toEqual(naiveRoot(others.slice(32, 64)));
    expect(second.node(6, 0)).toEqual(naiveRoot(entries.slice(0, 64)));
    // The narrow tile still answers, and the views it handed out still hold their nodes.
    expect(narrow.node(6, 0)).toEqual(naiveRoot(entries.slice(0, 64)));
    expect(narrow.node(3, 2)).toEqual(naiveRoot(entries.slice(16, 24)));
    expect(kept).toEqual(naiveRoot(entries.slice(0, 64)));
    expect(first.node(6, 0)).toEqual(naiveRoot(entries.slice(0, 64)));
  });

  it('hands out views that keep their node as more nodes are computed', () => {
    const tile = new TileHashes(content);
    const views = [];
    for (let h = 1; h < TILE_HEIGHT; h++) {
      for (let i = 0; i < TILE_WIDTH >> h; i++) views.push({ h, i, view: tile.node(h, i) });
    }
    expect(views).toHaveLength(TILE_WIDTH - 2);
    for (const { h, i, view } of views) {
      expect(view).toEqual(naiveRoot(entries.slice(i << h, (i + 1) << h)));
    }
  });

  it('widening to content that does not extend the old keeps nothing of it', () => {
    const narrow = new TileHashes(content.subarray(0, 64 * 32));
    narrow.node(6, 0);
    const others = leafHashesFor(128, 'other');
    const widened = narrow.widen(Buffer.concat(others));
    expect(widened.node(6, 0)).toEqual(naiveRoot(others.slice(0, 64)));
    expect(widened.node(6, 0)).not.toEqual(narrow.node(6, 0));
    // Narrower content is no widening either.
    expect(narrow.widen(content.subarray(0, 32 * 32)).width).toBe(32);
  });

  it.each([[0], [31], [257 * 32]])('rejects content of %i bytes', (n) => {
    expect(() => new TileHashes(Buffer.alloc(n))).toThrow(
      expect.objectContaining({ code: 'INVALID_TILE' }),
    );
  });
});
