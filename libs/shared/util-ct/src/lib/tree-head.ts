// Signed tree heads (RFC 6962 §3.5): `tree_head_signature` over a fixed 50-byte structure.
import { CtError } from './error.js';
import {
  signDigitallySigned,
  verifyDigitallySigned,
  type CtSigner,
  type CtVerifier,
  type DigitallySigned,
} from './digitally-signed.js';
import { u64, u8 } from './tls-codec.js';

export interface TreeHead {
  /** Milliseconds since the Unix epoch. */
  readonly timestamp: bigint;
  readonly treeSize: bigint;
  /** The 32-byte Merkle tree hash (RFC 6962 §2.1). */
  readonly rootHash: Buffer;
}

const VERSION_V1 = 0;
const SIGNATURE_TYPE_TREE_HASH = 1;

/** `u8 version | u8 signature_type=tree_hash | u64 timestamp | u64 tree_size | [32] sha256_root_hash`. */
export function sthSignedData(head: TreeHead): Buffer {
  if (head.rootHash.length !== 32)
    throw new CtError('INVALID_ARGUMENT', 'sha256_root_hash is 32 bytes');
  return Buffer.concat([
    u8(VERSION_V1),
    u8(SIGNATURE_TYPE_TREE_HASH),
    u64(head.timestamp),
    u64(head.treeSize),
    head.rootHash,
  ]);
}

/** The `tree_head_signature` of get-sth (base64 of `encodeDigitallySigned` of this). */
export function signSth(head: TreeHead, signer: CtSigner): Promise<DigitallySigned> {
  return signDigitallySigned(sthSignedData(head), signer);
}

export function verifySth(
  head: TreeHead,
  signature: DigitallySigned,
  verifier: CtVerifier,
): boolean {
  return verifyDigitallySigned(sthSignedData(head), signature, verifier);
}
