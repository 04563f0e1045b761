export type MerkleErrorCode =
  | 'INVALID_INDEX'
  | 'INVALID_SIZE'
  | 'INVALID_HASH'
  | 'INVALID_PROOF'
  | 'WRONG_PROOF_SIZE'
  | 'ROOT_MISMATCH'
  | 'INVALID_TILE'
  | 'INVALID_TILE_PATH'
  | 'INVALID_STATE';

/** The one error type of this lib; callers branch on `code`, never on the message. */
export class MerkleError extends Error {
  override readonly name = 'MerkleError';
  constructor(
    readonly code: MerkleErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
