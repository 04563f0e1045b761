import { describe, expect, it } from 'vitest';
import { entriesPath, parseTilePath, tilePath } from './tile-path.js';

describe('tile paths (c2sp.org/tlog-tiles)', () => {
  it.each([
    [{ level: 0, index: 1234067n, width: 256 }, 'tile/0/x001/x234/067'],
    [{ level: 1, index: 0n, width: 256 }, 'tile/1/000'],
    [{ level: 2, index: 999n, width: 7 }, 'tile/2/999.p/7'],
    [{ level: 63, index: 1000n, width: 255 }, 'tile/63/x001/000.p/255'],
  ])('encodes %o as %s and parses it back', (tile, path) => {
    expect(tilePath(tile)).toBe(path);
    expect(parseTilePath(path)).toEqual({ kind: 'tile', ...tile });
  });

  it('encodes and parses entry bundles', () => {
    expect(entriesPath(1234067n, 256)).toBe('tile/entries/x001/x234/067');
    expect(entriesPath(5n, 1)).toBe('tile/entries/005.p/1');
    expect(parseTilePath('tile/entries/005.p/1')).toEqual({ kind: 'entries', index: 5n, width: 1 });
  });

  it.each([
    'tile/0/5',
    'tile/00/005',
    'tile/64/005',
    'tile/0/x000/005',
    'tile/0/005.p/0',
    'tile/0/005.p/256',
    'tile/0/005.p/07',
    'tile/0/005/',
    'tile/0/005.p/',
    'tile/0/x005',
    '/tile/0/005',
    'tile/data/005',
  ])('rejects %s', (path) => {
    expect(() => parseTilePath(path)).toThrow(
      expect.objectContaining({ code: 'INVALID_TILE_PATH' }),
    );
  });

  it.each([
    [{ level: -1, index: 0n, width: 1 }],
    [{ level: 64, index: 0n, width: 1 }],
    [{ level: 0, index: -1n, width: 1 }],
    [{ level: 0, index: 0n, width: 0 }],
    [{ level: 0, index: 0n, width: 257 }],
    [{ level: 0, index: 0n, width: 1.5 }],
  ])('refuses to encode %o', (tile) => {
    expect(() => tilePath(tile)).toThrow(expect.objectContaining({ code: 'INVALID_TILE' }));
  });
});
