/**
 * One DER node (X.690 §8.1): tag, minimal definite length, then the concatenated parts, in a single
 * allocation. Shared by the certificate builder and the CT codecs, which both assemble DER by hand.
 */
export function derTlv(tag: number, ...parts: readonly Uint8Array[]): Buffer {
  let length = 0;
  for (const part of parts) length += part.length;
  const lengthBytes =
    length < 0x80 ? 0 : length < 0x100 ? 1 : length < 0x10000 ? 2 : length < 0x1000000 ? 3 : 4;
  const out = Buffer.allocUnsafe(2 + lengthBytes + length);
  out[0] = tag;
  if (lengthBytes === 0) out[1] = length;
  else {
    out[1] = 0x80 | lengthBytes;
    out.writeUIntBE(length, 2, lengthBytes);
  }
  let p = 2 + lengthBytes;
  for (const part of parts) {
    out.set(part, p);
    p += part.length;
  }
  return out;
}
