// One-dimensional arrays in PostgreSQL's binary format (what `array_send` writes and `array_recv`
// reads). `pg` sends a Buffer parameter in binary and any other array as a text literal: for a
// batch that is every leaf, identity and tile written out in hex, which the driver builds
// character by character and the server parses back with `array_in`. As a Buffer bound to a
// parameter cast to the array type (`$1::bytea[]`), the same array travels as its bytes.
//
// Layout: int32 ndim (1, or 0 when empty), int32 flags (1 when some element is NULL), uint32
// element type OID, then per dimension int32 length and int32 lower bound (1); then each element
// as int32 byte length (-1 for NULL) followed by its bytes. All integers big-endian.

const OID = { bytea: 17, int8: 20, int4: 23, text: 25 } as const;

/** `bytea[]`; null elements are SQL NULL. */
export function byteaArray(values: readonly (Uint8Array | null)[]): Buffer {
  return encode(OID.bytea, values, (v) => v);
}

/** `bigint[]` from bigints (or safe-integer numbers). */
export function int8Array(values: readonly (bigint | number)[]): Buffer {
  return encode(OID.int8, values, (v) => {
    const b = Buffer.allocUnsafe(8);
    b.writeBigInt64BE(BigInt(v));
    return b;
  });
}

/** `int[]` (int4). */
export function int4Array(values: readonly number[]): Buffer {
  return encode(OID.int4, values, (v) => {
    const b = Buffer.allocUnsafe(4);
    b.writeInt32BE(v);
    return b;
  });
}

/** `text[]`, UTF-8 encoded. */
export function textArray(values: readonly string[]): Buffer {
  return encode(OID.text, values, (v) => Buffer.from(v, 'utf8'));
}

function encode<T>(
  oid: number,
  values: readonly (T | null)[],
  bytesOf: (value: T) => Uint8Array,
): Buffer {
  if (values.length === 0) {
    const empty = Buffer.alloc(12);
    empty.writeUInt32BE(oid, 8);
    return empty;
  }
  const elements = values.map((v) => (v === null ? null : bytesOf(v)));
  let size = 20;
  for (const e of elements) size += 4 + (e?.length ?? 0);
  const out = Buffer.allocUnsafe(size);
  out.writeInt32BE(1, 0);
  out.writeInt32BE(elements.includes(null) ? 1 : 0, 4);
  out.writeUInt32BE(oid, 8);
  out.writeInt32BE(elements.length, 12);
  out.writeInt32BE(1, 16);
  let at = 20;
  for (const e of elements) {
    if (e === null) {
      at = out.writeInt32BE(-1, at);
      continue;
    }
    at = out.writeInt32BE(e.length, at);
    out.set(e, at);
    at += e.length;
  }
  return out;
}
