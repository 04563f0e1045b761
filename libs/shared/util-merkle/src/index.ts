export { MerkleError } from './lib/error.js';
export type { MerkleErrorCode } from './lib/error.js';
export { MAX_UINT64, toUint64 } from './lib/bits.js';
export type { Uint64Like } from './lib/bits.js';
export { EMPTY_ROOT, HASH_SIZE, hashChildren, hashEqual, hashLeaf } from './lib/hash.js';
export { rootFromLeafHashes } from './lib/mth.js';
export { foldRight, nodeCoverage, rangeNodes } from './lib/node.js';
export type { NodeId } from './lib/node.js';
export { CompactRange } from './lib/compact-range.js';
export type { NodeVisitor } from './lib/compact-range.js';
export {
  buildProof,
  inclusionFromNodes,
  planConsistency,
  planInclusion,
  planNodes,
} from './lib/proof-plan.js';
export type { NodeSource, ProofElement, ProofPlan } from './lib/proof-plan.js';
export { rootFromInclusionProof, verifyConsistency, verifyInclusion } from './lib/verify.js';
export {
  TILE_HEIGHT,
  TILE_WIDTH,
  TileHashes,
  tileForNode,
  tileForNodeAt,
  tileSubtreeHash,
  tileWidthAt,
} from './lib/tile.js';
export type { TileData, TileId, TileNodeRef } from './lib/tile.js';
export { entriesPath, parseTilePath, tilePath } from './lib/tile-path.js';
export type { TilePath } from './lib/tile-path.js';
export { RightEdge } from './lib/right-edge.js';
