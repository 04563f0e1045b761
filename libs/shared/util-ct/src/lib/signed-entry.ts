// The logged entry and the two structures built around it: the data an SCT signs
// (RFC 6962 §3.2) and the MerkleTreeLeaf whose hash goes into the tree (§3.4).
import { CtError } from './error.js';
import { TlsReader, u16, u64, u8, vector } from './tls-codec.js';
import { SCT_VERSION_V1 } from './sct.js';

/** `LogEntryType` (RFC 6962 §3.1). */
export const ENTRY_TYPE_X509 = 0;
export const ENTRY_TYPE_PRECERT = 1;

/** `signed_entry`: an end-entity certificate, or a precertificate's issuer key hash and TBS. */
export type SignedEntry =
  | { readonly type: 'x509'; readonly certificate: Buffer }
  | {
      readonly type: 'precert';
      /** SHA-256 of the issuer's DER SubjectPublicKeyInfo. */
      readonly issuerKeyHash: Buffer;
      /** The precertificate's TBSCertificate with the poison extension removed. */
      readonly tbsCertificate: Buffer;
    };

/** `TimestampedEntry`. */
export interface TimestampedEntry {
  readonly timestamp: bigint;
  readonly entry: SignedEntry;
  readonly extensions: Buffer;
}

const SIGNATURE_TYPE_CERTIFICATE_TIMESTAMP = 0;
const LEAF_TYPE_TIMESTAMPED_ENTRY = 0;

/** `LogEntryType entry_type` followed by the `signed_entry` select. */
export function encodeSignedEntry(entry: SignedEntry): Buffer {
  if (entry.type === 'x509')
    return Buffer.concat([u16(ENTRY_TYPE_X509), certVector(entry.certificate)]);
  if (entry.issuerKeyHash.length !== 32)
    throw new CtError('INVALID_ARGUMENT', 'issuer_key_hash is 32 bytes');
  return Buffer.concat([
    u16(ENTRY_TYPE_PRECERT),
    entry.issuerKeyHash,
    certVector(entry.tbsCertificate),
  ]);
}

function readSignedEntry(reader: TlsReader): SignedEntry {
  const type = reader.u16();
  if (type === ENTRY_TYPE_X509)
    return { type: 'x509', certificate: Buffer.from(nonEmpty(reader.vector(3))) };
  if (type === ENTRY_TYPE_PRECERT) {
    const issuerKeyHash = Buffer.from(reader.bytes(32));
    return {
      type: 'precert',
      issuerKeyHash,
      tbsCertificate: Buffer.from(nonEmpty(reader.vector(3))),
    };
  }
  throw new CtError('MALFORMED', `unknown LogEntryType ${type}`);
}

/** The bytes an SCT's signature covers (RFC 6962 §3.2 `digitally-signed struct`). */
export function sctSignedData(input: TimestampedEntry): Buffer {
  return Buffer.concat([
    u8(SCT_VERSION_V1),
    u8(SIGNATURE_TYPE_CERTIFICATE_TIMESTAMP),
    u64(input.timestamp),
    encodeSignedEntry(input.entry),
    vector(input.extensions, 2, 'CtExtensions'),
  ]);
}

/** `MerkleTreeLeaf` (the get-entries `leaf_input`); its leaf hash is SHA-256(0x00 || leaf). */
export function encodeMerkleTreeLeaf(input: TimestampedEntry): Buffer {
  return Buffer.concat([
    u8(SCT_VERSION_V1),
    u8(LEAF_TYPE_TIMESTAMPED_ENTRY),
    u64(input.timestamp),
    encodeSignedEntry(input.entry),
    vector(input.extensions, 2, 'CtExtensions'),
  ]);
}

export function decodeMerkleTreeLeaf(buf: Buffer): TimestampedEntry {
  const reader = new TlsReader(buf, 'MerkleTreeLeaf');
  const version = reader.u8();
  if (version !== SCT_VERSION_V1)
    throw new CtError('UNSUPPORTED_VERSION', `MerkleTreeLeaf version ${version}`);
  const leafType = reader.u8();
  if (leafType !== LEAF_TYPE_TIMESTAMPED_ENTRY)
    throw new CtError('MALFORMED', `unknown MerkleLeafType ${leafType}`);
  const timestamp = reader.u64();
  const entry = readSignedEntry(reader);
  const extensions = Buffer.from(reader.vector(2));
  reader.end();
  return { timestamp, entry, extensions };
}

/** `ASN.1Cert` / `TBSCertificate`: `opaque<1..2^24-1>`. */
export function certVector(der: Buffer): Buffer {
  if (der.length === 0) throw new CtError('INVALID_ARGUMENT', 'a certificate is at least one byte');
  return vector(der, 3, 'certificate');
}

export function nonEmpty(bytes: Buffer): Buffer {
  if (bytes.length === 0) throw new CtError('MALFORMED', 'empty certificate');
  return bytes;
}
