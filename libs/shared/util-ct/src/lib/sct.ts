// SignedCertificateTimestamp and SignedCertificateTimestampList (RFC 6962 §3.2, §3.3).
import { CtError } from './error.js';
import { TAG_OCTET_STRING, readSingle, value, wrap } from './der.js';
import {
  encodeDigitallySigned,
  readDigitallySigned,
  type DigitallySigned,
} from './digitally-signed.js';
import { TlsReader, u64, u8, vector } from './tls-codec.js';

/** `Version.v1`, the only SCT version RFC 6962 defines. */
export const SCT_VERSION_V1 = 0;
/** X.509v3 extension carrying the TLS-encoded SCT list in a certificate (RFC 6962 §3.3). */
export const SCT_LIST_OID = '1.3.6.1.4.1.11129.2.4.2';

export interface SignedCertificateTimestamp {
  readonly version: typeof SCT_VERSION_V1;
  /** SHA-256 of the log's DER SubjectPublicKeyInfo. */
  readonly logId: Buffer;
  /** Milliseconds since the Unix epoch. */
  readonly timestamp: bigint;
  /** `CtExtensions`: opaque bytes (static-ct-api logs put `leaf_index` here); empty for RFC 6962 logs. */
  readonly extensions: Buffer;
  readonly signature: DigitallySigned;
}

export function encodeSct(sct: SignedCertificateTimestamp): Buffer {
  if (sct.version !== SCT_VERSION_V1)
    throw new CtError('UNSUPPORTED_VERSION', `SCT version ${String(sct.version)}`);
  checkLogId(sct.logId);
  return Buffer.concat([
    u8(sct.version),
    sct.logId,
    u64(sct.timestamp),
    vector(sct.extensions, 2, 'SCT extensions'),
    encodeDigitallySigned(sct.signature),
  ]);
}

export function decodeSct(buf: Buffer): SignedCertificateTimestamp {
  const reader = new TlsReader(buf, 'SCT');
  const version = reader.u8();
  if (version !== SCT_VERSION_V1)
    throw new CtError('UNSUPPORTED_VERSION', `SCT version ${version}`);
  const logId = Buffer.from(reader.bytes(32));
  const timestamp = reader.u64();
  const extensions = Buffer.from(reader.vector(2));
  const signature = readDigitallySigned(reader);
  reader.end();
  return { version, logId, timestamp, extensions, signature };
}

/** `SerializedSCT sct_list<1..2^16-1>`, each SCT itself `opaque<1..2^16-1>`. */
export function encodeSctList(scts: readonly SignedCertificateTimestamp[]): Buffer {
  if (scts.length === 0)
    throw new CtError('INVALID_ARGUMENT', 'an SCT list holds at least one SCT');
  const body = Buffer.concat(scts.map((sct) => vector(encodeSct(sct), 2, 'SCT')));
  return vector(body, 2, 'SCT list');
}

export function decodeSctList(buf: Buffer): SignedCertificateTimestamp[] {
  const outer = new TlsReader(buf, 'SCT list');
  const body = outer.vector(2);
  outer.end();
  const inner = new TlsReader(body, 'SCT list');
  const scts: SignedCertificateTimestamp[] = [];
  while (inner.remaining > 0) {
    const serialized = inner.vector(2);
    if (serialized.length === 0) throw new CtError('MALFORMED', 'SCT list: empty SerializedSCT');
    scts.push(decodeSct(serialized));
  }
  if (scts.length === 0) throw new CtError('MALFORMED', 'SCT list: empty');
  return scts;
}

/** The extnValue contents of the SCT list extension: a DER OCTET STRING around the TLS list. */
export function encodeSctListExtensionValue(scts: readonly SignedCertificateTimestamp[]): Buffer {
  return wrap(TAG_OCTET_STRING, encodeSctList(scts));
}

export function decodeSctListExtensionValue(extnValue: Buffer): SignedCertificateTimestamp[] {
  return decodeSctList(
    value(extnValue, readSingle(extnValue, TAG_OCTET_STRING, 'SCT list extension')),
  );
}

export function checkLogId(logId: Buffer): void {
  if (logId.length !== 32)
    throw new CtError('INVALID_ARGUMENT', `a log ID is 32 bytes, got ${logId.length}`);
}
