import { describe, expect, it } from 'vitest';
import { TILE_WIDTH } from '@sigstead/util-merkle';
import { logTables } from './schema.js';
import { TileCache } from './tile-cache.js';

const noQuery = () => Promise.reject(new Error('no query expected'));

/** `width` hashes of 32 bytes, as a view into the middle of a larger buffer (like a pooled Buffer). */
function viewOfSlab(width: number, fill: number): Buffer {
  const slab = Buffer.alloc(64 * 1024, 0xee);
  const view = slab.subarray(1024, 1024 + width * 32);
  view.fill(fill);
  return view;
}

describe('TileCache', () => {
  it('keeps cached tiles in buffers of their own, not views that hold a larger one', async () => {
    const cache = new TileCache(logTables('edge'), 16);
    cache.remember([{ level: 1, index: 0n, width: TILE_WIDTH, hashes: viewOfSlab(TILE_WIDTH, 7) }]);
    const [tile] = await cache.tiles(noQuery, [{ level: 1, index: 0n, width: TILE_WIDTH }]);
    expect(tile!.hashes.byteLength).toBe(TILE_WIDTH * 32);
    expect(tile!.hashes.buffer.byteLength).toBe(TILE_WIDTH * 32);
    expect(Buffer.from(tile!.hashes).equals(Buffer.alloc(TILE_WIDTH * 32, 7))).toBe(true);
    expect(cache.peek(1, 0)?.node(0, 3)).toEqual(Buffer.alloc(32, 7));
  });

  it('widens a partial tile, copying the view and keeping what it had', async () => {
    const cache = new TileCache(logTables('edge'), 16);
    const narrow = viewOfSlab(2, 1);
    cache.remember([{ level: 1, index: 0n, width: 2, hashes: narrow }]);
    const parent = cache.peek(1, 0)!.node(1, 0);
    const wide = viewOfSlab(4, 1);
    cache.remember([{ level: 1, index: 0n, width: 4, hashes: wide }]);
    const [tile] = await cache.tiles(noQuery, [{ level: 1, index: 0n, width: 4 }]);
    expect(tile!.width).toBe(4);
    expect(tile!.hashes.buffer.byteLength).toBe(4 * 32);
    expect(cache.peek(1, 0)!.node(1, 0)).toEqual(parent);
    // A buffer that already is its own is kept as it is.
    const own = Buffer.alloc(8 * 32, 2);
    cache.remember([{ level: 2, index: 0n, width: 8, hashes: own }]);
    const [same] = await cache.tiles(noQuery, [{ level: 2, index: 0n, width: 8 }]);
    expect(same!.hashes).toBe(own);
  });
});
