// The JSON text of Rekor `LogEntry` replies, written field by field. JSON.stringify would give the
// same document, but a checkpoint's signature line starts with an em dash (U+2014), and one such
// character turns the whole reply into a two-byte string that then costs another pass to encode as
// UTF-8 on the socket: ~11 µs per reply against ~2 µs here, of a ~100 µs entry read. Here every
// string is a one-byte JSON literal, the checkpoint's with the dash escaped as `\u2014` (clients
// decode it to the same text).
import type { RenderedEntry } from './log-entry.js';

const NON_ASCII = /[^\x00-\x7f]/;
const NON_ASCII_ALL = /[^\x00-\x7f]/g;
const PLAIN = /^[A-Za-z0-9+/=_-]*$/;

/**
 * A JSON string literal for `value` with every character outside ASCII written as a `\uXXXX`
 * escape (surrogate pairs as two), as a one-byte string.
 */
export function asciiJsonString(value: string): string {
  // Hex and base64, most of a reply, need no escaping.
  if (PLAIN.test(value)) return `"${value}"`;
  const json = JSON.stringify(value);
  if (!NON_ASCII.test(json)) return json;
  const escaped = json.replace(
    NON_ASCII_ALL,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  // A fresh copy: pieces cut from a two-byte string stay two-byte, and so would a reply built on them.
  return Buffer.from(escaped, 'latin1').toString('latin1');
}

/**
 * `entries` as JSON text (the same document as `JSON.stringify` of them keyed by ID, in order),
 * ASCII only. The entry ID, body, log ID, hashes and SET are hex or base64, as the service renders
 * them from bytes, and are written as they are (a scan of a ~1 KiB body would cost more than the
 * rest); `checkpointLiteral` turns a checkpoint into its JSON literal, memoized by the service.
 */
export function logEntryText(
  entries: readonly RenderedEntry[],
  checkpointLiteral: (checkpoint: string) => string = asciiJsonString,
): string {
  const out: string[] = [];
  for (const { id, entry: e } of entries) {
    const proof = e.verification.inclusionProof;
    out.push(
      `"${id}":{"body":"${e.body}","integratedTime":${number(e.integratedTime)},` +
        `"logID":"${e.logID}","logIndex":${number(e.logIndex)},"verification":{"inclusionProof":{` +
        `"checkpoint":${checkpointLiteral(proof.checkpoint)},` +
        `"hashes":[${proof.hashes.map((h) => `"${h}"`).join(',')}],` +
        `"logIndex":${number(proof.logIndex)},"rootHash":"${proof.rootHash}",` +
        `"treeSize":${number(proof.treeSize)}},` +
        `"signedEntryTimestamp":"${e.verification.signedEntryTimestamp}"}}`,
    );
  }
  return `{${out.join(',')}}`;
}

/** As JSON.stringify writes a number (`null` for NaN and the infinities). */
function number(n: number): string {
  return Number.isFinite(n) ? `${n}` : 'null';
}
