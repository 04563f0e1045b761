// Entry IDs (rekor pkg/sharding): UUID = hex RFC 6962 leaf hash (64 hex); entry ID = the tree ID as
// 16 hex digits + UUID (80 hex). Responses always use the 80-hex form.
import { RekorError } from './error.js';

const UUID = /^[0-9a-fA-F]{64}$/;
const ENTRY_ID = /^[0-9a-fA-F]{80}$/;

export function entryId(treeId: bigint, leafHash: Buffer): string {
  return treeId.toString(16).padStart(16, '0') + leafHash.toString('hex');
}

/** Splits a 64- or 80-hex ID into its leaf hash and (for 80 hex) tree ID. */
export function parseEntryId(id: string): { treeId?: bigint; leafHash: Buffer } {
  if (UUID.test(id)) return { leafHash: Buffer.from(id, 'hex') };
  if (ENTRY_ID.test(id)) {
    const treeId = BigInt(`0x${id.slice(0, 16)}`);
    if (treeId === 0n) throw new RekorError('INVALID_ENTRY_ID', 'tree ID 0 is not valid');
    return { treeId, leafHash: Buffer.from(id.slice(16), 'hex') };
  }
  throw new RekorError('INVALID_ENTRY_ID', 'entry ID must be 64 or 80 hexadecimal characters');
}
