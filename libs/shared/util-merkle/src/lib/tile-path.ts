import { MerkleError } from './error.js';
import { TILE_WIDTH } from './tile.js';
import type { TileId } from './tile.js';

/** A parsed `tile/…` path: a hash tile, or an entry bundle (`tile/entries/…`). */
export type TilePath =
  | ({ readonly kind: 'tile' } & TileId)
  | { readonly kind: 'entries'; readonly index: bigint; readonly width: number };

const MAX_LEVEL = 63;

/** `tile/<L>/<N>[.p/<W>]`, c2sp.org/tlog-tiles "Merkle Tree". */
export function tilePath(tile: TileId): string {
  checkLevel(tile.level);
  return `tile/${tile.level}/${encodeIndex(tile.index)}${partialSuffix(tile.width)}`;
}

/** `tile/entries/<N>[.p/<W>]`, c2sp.org/tlog-tiles "Log entries". */
export function entriesPath(index: bigint, width: number): string {
  return `tile/entries/${encodeIndex(index)}${partialSuffix(width)}`;
}

/** Parses a tile or entry-bundle path; only the canonical encoding is accepted. */
export function parseTilePath(path: string): TilePath {
  const m =
    /^tile\/(entries|0|[1-9][0-9]?)\/((?:x[0-9]{3}\/)*[0-9]{3})(?:\.p\/([1-9][0-9]{0,2}))?$/.exec(
      path,
    );
  if (!m) throw new MerkleError('INVALID_TILE_PATH', 'not a tile path');
  const index = BigInt(m[2]!.replaceAll('x', '').replaceAll('/', ''));
  const width = m[3] === undefined ? TILE_WIDTH : Number(m[3]);
  if (m[3] !== undefined && width >= TILE_WIDTH)
    throw new MerkleError('INVALID_TILE_PATH', 'partial tile width must be below 256');
  const parsed: TilePath =
    m[1] === 'entries'
      ? { kind: 'entries', index, width }
      : { kind: 'tile', level: Number(m[1]), index, width };
  if (parsed.kind === 'tile' && parsed.level > MAX_LEVEL) {
    throw new MerkleError('INVALID_TILE_PATH', 'tile level must be at most 63');
  }
  // Reject leading "x000/" groups and other non-canonical spellings of the same tile.
  const canonical = parsed.kind === 'entries' ? entriesPath(index, width) : tilePath(parsed);
  if (canonical !== path) throw new MerkleError('INVALID_TILE_PATH', 'tile path is not canonical');
  return parsed;
}

/** Zero-padded 3-digit groups, all but the last prefixed with `x` (1234067 → x001/x234/067). */
function encodeIndex(index: bigint): string {
  if (index < 0n) throw new MerkleError('INVALID_TILE', 'tile index is negative');
  const groups: string[] = [];
  let rest = index;
  do {
    groups.unshift((rest % 1000n).toString().padStart(3, '0'));
    rest /= 1000n;
  } while (rest > 0n);
  return groups.map((g, i) => (i < groups.length - 1 ? `x${g}` : g)).join('/');
}

function partialSuffix(width: number): string {
  if (!Number.isInteger(width) || width < 1 || width > TILE_WIDTH) {
    throw new MerkleError('INVALID_TILE', 'tile width must be 1..256');
  }
  return width === TILE_WIDTH ? '' : `.p/${width}`;
}

function checkLevel(level: number): void {
  if (!Number.isInteger(level) || level < 0 || level > MAX_LEVEL) {
    throw new MerkleError('INVALID_TILE', 'tile level must be 0..63');
  }
}
