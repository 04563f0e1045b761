// The DER SubjectPublicKeyInfo of an uncompressed NIST-curve point has a fixed prefix per curve
// (RFC 5480): SEQUENCE { AlgorithmIdentifier { id-ecPublicKey, namedCurve }, BIT STRING 00 04‖x‖y }.
// Nearly every client key is one of these; recognising the prefix gives the curve and the point
// without importing the key and exporting it again (~50 µs each way on Node 24).

export type NamedCurve = 'prime256v1' | 'secp384r1' | 'secp521r1';

export interface EcSpki {
  readonly curve: NamedCurve;
  /** Bytes per coordinate. */
  readonly size: number;
  /** The SEC 1 uncompressed point, 0x04 ‖ x ‖ y. */
  readonly point: Buffer;
}

const PREFIXES: readonly { curve: NamedCurve; size: number; prefix: Buffer }[] = [
  {
    curve: 'prime256v1',
    size: 32,
    prefix: Buffer.from('3059301306072a8648ce3d020106082a8648ce3d030107034200', 'hex'),
  },
  {
    curve: 'secp384r1',
    size: 48,
    prefix: Buffer.from('3076301006072a8648ce3d020106052b81040022036200', 'hex'),
  },
  {
    curve: 'secp521r1',
    size: 66,
    prefix: Buffer.from('30819b301006072a8648ce3d020106052b8104002303818600', 'hex'),
  },
];

/**
 * The curve and point of `der` when it is exactly the SPKI of an uncompressed P-256, P-384 or P-521
 * point; undefined for anything else (other key types, compressed points, trailing bytes). Whether
 * the point lies on the curve is not checked here: importing the key does that.
 */
export function uncompressedEcSpki(der: Uint8Array): EcSpki | undefined {
  const bytes = Buffer.from(der.buffer, der.byteOffset, der.byteLength);
  for (const { curve, size, prefix } of PREFIXES) {
    if (bytes.length !== prefix.length + 1 + 2 * size) continue;
    if (!bytes.subarray(0, prefix.length).equals(prefix)) continue;
    if (bytes[prefix.length] !== 0x04) return undefined;
    return { curve, size, point: bytes.subarray(prefix.length) };
  }
  return undefined;
}

/** The DER SPKI of `point` (0x04 ‖ x ‖ y) on `curve`: the inverse of `uncompressedEcSpki`. */
export function ecSpki(curve: NamedCurve, point: Uint8Array): Buffer {
  const entry = PREFIXES.find((p) => p.curve === curve)!;
  if (point.length !== 1 + 2 * entry.size || point[0] !== 0x04) {
    throw new RangeError(`not an uncompressed ${curve} point`);
  }
  return Buffer.concat([entry.prefix, point]);
}
