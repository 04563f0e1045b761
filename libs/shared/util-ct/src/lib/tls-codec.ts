// TLS presentation language (RFC 5246 §4) as used by RFC 6962: big-endian fixed-width integers and
// length-prefixed opaque vectors. Writers return fresh Buffers; the reader is bounds-checked and
// throws CtError('MALFORMED') instead of reading past the end.
import { CtError } from './error.js';

const MAX = { 1: 0xff, 2: 0xffff, 3: 0xffffff } as const;
const U64_MAX = (1n << 64n) - 1n;

export function u8(value: number): Buffer {
  return uint(value, 1, 'u8');
}

export function u16(value: number): Buffer {
  return uint(value, 2, 'u16');
}

export function u64(value: bigint): Buffer {
  if (value < 0n || value > U64_MAX)
    throw new CtError('INVALID_ARGUMENT', 'value does not fit in a uint64');
  const out = Buffer.allocUnsafe(8);
  out.writeBigUInt64BE(value);
  return out;
}

/** `opaque data<0..2^(8*width)-1>`: a `width`-byte length prefix, then the bytes. */
export function vector(data: Uint8Array, width: 1 | 2 | 3, what = 'vector'): Buffer {
  return Buffer.concat([uint(data.length, width, `${what} length`), data]);
}

function uint(value: number, width: 1 | 2 | 3, what: string): Buffer {
  if (!Number.isInteger(value) || value < 0 || value > MAX[width]) {
    throw new CtError('INVALID_ARGUMENT', `${what} ${value} does not fit in ${width} byte(s)`);
  }
  const out = Buffer.allocUnsafe(width);
  out.writeUIntBE(value, 0, width);
  return out;
}

/** A cursor over a TLS-encoded structure. */
export class TlsReader {
  private offset = 0;

  constructor(
    private readonly buf: Buffer,
    private readonly what: string,
  ) {}

  u8(): number {
    return this.take(1).readUInt8(0);
  }

  u16(): number {
    return this.take(2).readUInt16BE(0);
  }

  u24(): number {
    return this.take(3).readUIntBE(0, 3);
  }

  u64(): bigint {
    return this.take(8).readBigUInt64BE(0);
  }

  bytes(length: number): Buffer {
    return this.take(length);
  }

  /** A length-prefixed vector; the returned Buffer is a view (copy it if you keep it long). */
  vector(width: 1 | 2 | 3): Buffer {
    const length = width === 1 ? this.u8() : width === 2 ? this.u16() : this.u24();
    return this.take(length);
  }

  get remaining(): number {
    return this.buf.length - this.offset;
  }

  /** Fails unless every byte was consumed: trailing data is never silently ignored. */
  end(): void {
    if (this.remaining !== 0)
      throw new CtError('MALFORMED', `${this.what}: ${this.remaining} trailing byte(s)`);
  }

  private take(length: number): Buffer {
    if (this.offset + length > this.buf.length)
      throw new CtError('MALFORMED', `${this.what}: truncated`);
    const out = this.buf.subarray(this.offset, this.offset + length);
    this.offset += length;
    return out;
  }
}
