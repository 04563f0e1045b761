/** What the CT log needs from storage (implemented over the shared tile log engine). */
export interface CtLogStore {
  /** Appends one leaf durably, or returns the stored one for the same identity. */
  append(entry: NewCtEntry): Promise<StoredCtEntry>;
  treeHead(): Promise<{ readonly size: bigint; readonly rootHash: Buffer }>;
  consistencyProof(first: bigint, second: bigint): Promise<Buffer[]>;
  inclusionProofByLeafHash(
    leafHash: Buffer,
    treeSize: bigint,
  ): Promise<{ index: bigint; path: Buffer[] }>;
  inclusionProof(index: bigint, treeSize: bigint): Promise<Buffer[]>;
  entries(start: bigint, end: bigint): Promise<{ leafInput: Buffer; extraData: Buffer }[]>;
}

export interface NewCtEntry {
  /** Dedup key: the same (pre)certificate submitted twice maps to one entry. */
  readonly identity: Buffer;
  /** RFC 6962 MerkleTreeLeaf bytes (leaf hash = SHA-256(0x00 || leafInput)). */
  readonly leafInput: Buffer;
  readonly extraData: Buffer;
  /** The SCT's DigitallySigned bytes, kept so a duplicate submission gets the original SCT back. */
  readonly sctSignature: Buffer;
}

export interface StoredCtEntry {
  readonly index: bigint;
  readonly duplicate: boolean;
  readonly leafInput: Buffer;
  readonly sctSignature: Buffer;
}
