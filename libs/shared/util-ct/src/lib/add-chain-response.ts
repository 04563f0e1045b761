// The JSON body of add-chain / add-pre-chain (RFC 6962 §4.1). Fulcio's detached mode also
// returns it, base64-encoded, as `signedCertificateTimestamp` / the `SCT` header.
import { fromBase64, toBase64 } from '@sigstead/util-encoding';
import { CtError } from './error.js';
import { decodeDigitallySigned, encodeDigitallySigned } from './digitally-signed.js';
import { SCT_VERSION_V1, checkLogId, type SignedCertificateTimestamp } from './sct.js';

export interface AddChainResponse {
  readonly sct_version: number;
  /** base64 log ID. */
  readonly id: string;
  /** Milliseconds since the Unix epoch. */
  readonly timestamp: number;
  /** base64 CtExtensions ("" when none). */
  readonly extensions: string;
  /** base64 of the TLS-encoded DigitallySigned. */
  readonly signature: string;
}

export function toAddChainResponse(sct: SignedCertificateTimestamp): AddChainResponse {
  if (sct.timestamp > BigInt(Number.MAX_SAFE_INTEGER))
    throw new CtError('INVALID_ARGUMENT', 'timestamp too large for JSON');
  return {
    sct_version: sct.version,
    id: toBase64(sct.logId),
    timestamp: Number(sct.timestamp),
    extensions: toBase64(sct.extensions),
    signature: toBase64(encodeDigitallySigned(sct.signature)),
  };
}

/** Parses an already JSON-decoded body, rejecting anything that is not a well-formed v1 SCT. */
export function fromAddChainResponse(body: unknown): SignedCertificateTimestamp {
  if (typeof body !== 'object' || body === null) throw malformed('not an object');
  const { sct_version, id, timestamp, extensions, signature } = body as Record<string, unknown>;
  if (sct_version !== SCT_VERSION_V1)
    throw new CtError('UNSUPPORTED_VERSION', `sct_version ${String(sct_version)}`);
  if (typeof timestamp !== 'number' || !Number.isSafeInteger(timestamp) || timestamp < 0)
    throw malformed('bad timestamp');
  const logId = base64Field(id, 'id');
  checkLogId(logId);
  return {
    version: SCT_VERSION_V1,
    logId,
    timestamp: BigInt(timestamp),
    extensions: extensions === undefined ? Buffer.alloc(0) : base64Field(extensions, 'extensions'),
    signature: decodeDigitallySigned(base64Field(signature, 'signature')),
  };
}

function base64Field(value: unknown, name: string): Buffer {
  if (typeof value !== 'string') throw malformed(`${name} is not a string`);
  try {
    return fromBase64(value);
  } catch (err) {
    throw new CtError('MALFORMED', `AddChainResponse: ${name} is not base64`, { cause: err });
  }
}

function malformed(reason: string): CtError {
  return new CtError('MALFORMED', `AddChainResponse: ${reason}`);
}
