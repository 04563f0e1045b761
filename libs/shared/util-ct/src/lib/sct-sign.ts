// Issuing and checking SCTs (RFC 6962 §3.2): the signature covers `sctSignedData`, never the SCT.
import { CtError } from './error.js';
import {
  signDigitallySigned,
  verifyDigitallySigned,
  type CtSigner,
  type CtVerifier,
} from './digitally-signed.js';
import { SCT_VERSION_V1, checkLogId, type SignedCertificateTimestamp } from './sct.js';
import { sctSignedData, type SignedEntry } from './signed-entry.js';

export interface SctRequest {
  /** SHA-256 of the log's SubjectPublicKeyInfo (see `logIdFromSpki`). */
  readonly logId: Buffer;
  /** Milliseconds since the Unix epoch. */
  readonly timestamp: bigint;
  readonly entry: SignedEntry;
  /** CtExtensions, empty unless the log defines some. */
  readonly extensions?: Buffer;
}

export async function signSct(
  request: SctRequest,
  signer: CtSigner,
): Promise<SignedCertificateTimestamp> {
  checkLogId(request.logId);
  if (request.timestamp < 0n)
    throw new CtError('INVALID_ARGUMENT', 'timestamp must not be negative');
  const extensions = request.extensions ?? Buffer.alloc(0);
  const data = sctSignedData({ timestamp: request.timestamp, entry: request.entry, extensions });
  const signature = await signDigitallySigned(data, signer);
  return {
    version: SCT_VERSION_V1,
    logId: Buffer.from(request.logId),
    timestamp: request.timestamp,
    extensions,
    signature,
  };
}

/**
 * True when `sct` is a valid signature by `verifier` over `entry`. Matching the SCT's log ID to
 * the verifier's key is the caller's job (it picks the key by log ID).
 */
export function verifySct(
  sct: SignedCertificateTimestamp,
  entry: SignedEntry,
  verifier: CtVerifier,
): boolean {
  if (sct.version !== SCT_VERSION_V1) return false;
  const data = sctSignedData({ timestamp: sct.timestamp, entry, extensions: sct.extensions });
  return verifyDigitallySigned(data, sct.signature, verifier);
}
