// A strict DER reader (X.690 §10.1: definite, minimal lengths; single-byte tags) for parsing the
// few structures we consume: CA certificates, CSRs and SubjectPublicKeyInfo wrappers. Values are
// returned as views into the input, so raw encodings (names, SPKIs) are kept byte for byte.

export class DerError extends Error {
  override readonly name = 'DerError';
}

export interface Tlv {
  readonly tag: number;
  readonly start: number;
  readonly valueStart: number;
  readonly end: number;
}

export class DerNode {
  constructor(
    readonly buf: Buffer,
    readonly tlv: Tlv,
  ) {}

  get tag(): number {
    return this.tlv.tag;
  }

  /** The contents octets. */
  get value(): Buffer {
    return this.buf.subarray(this.tlv.valueStart, this.tlv.end);
  }

  /** The whole TLV, header included. */
  get raw(): Buffer {
    return this.buf.subarray(this.tlv.start, this.tlv.end);
  }

  children(): DerNode[] {
    const out: DerNode[] = [];
    for (let p = this.tlv.valueStart; p < this.tlv.end;) {
      const child = readTlv(this.buf, p, this.tlv.end);
      out.push(new DerNode(this.buf, child));
      p = child.end;
    }
    return out;
  }

  expect(tag: number, what: string): this {
    if (this.tlv.tag !== tag)
      throw new DerError(
        `${what}: expected tag 0x${tag.toString(16)}, got 0x${this.tag.toString(16)}`,
      );
    return this;
  }
}

/** Parses a buffer holding exactly one TLV. */
export function parseDer(buf: Buffer, what = 'DER'): DerNode {
  const tlv = readTlv(buf, 0, buf.length);
  if (tlv.end !== buf.length) throw new DerError(`${what}: trailing bytes`);
  return new DerNode(buf, tlv);
}

function readTlv(buf: Buffer, offset: number, limit: number): Tlv {
  if (offset + 2 > limit) throw new DerError('truncated header');
  const tag = buf.readUInt8(offset);
  if ((tag & 0x1f) === 0x1f) throw new DerError('multi-byte tags are not supported');
  let length = buf.readUInt8(offset + 1);
  let valueStart = offset + 2;
  if (length & 0x80) {
    const n = length & 0x7f;
    if (n === 0) throw new DerError('indefinite length is not DER');
    if (n > 4 || valueStart + n > limit) throw new DerError('bad length');
    if (buf.readUInt8(valueStart) === 0) throw new DerError('non-minimal length');
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + buf.readUInt8(valueStart + i);
    if (length < 0x80) throw new DerError('non-minimal length');
    valueStart += n;
  }
  if (valueStart + length > limit) throw new DerError('truncated value');
  return { tag, start: offset, valueStart, end: valueStart + length };
}

/** Dotted notation of an OBJECT IDENTIFIER's contents. */
export function oidToString(content: Buffer): string {
  if (content.length === 0 || content.readUInt8(content.length - 1) & 0x80)
    throw new DerError('bad OID');
  const arcs: number[] = [];
  let value = 0;
  for (const byte of content) {
    if (value === 0 && byte === 0x80) throw new DerError('non-minimal OID arc');
    value = value * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      if (arcs.length === 0)
        arcs.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80);
      else arcs.push(value);
      value = 0;
    }
  }
  return arcs.join('.');
}

/** UTCTime / GeneralizedTime in the RFC 5280 §4.1.2.5 profile (whole seconds, "Z"). */
export function parseTime(node: DerNode): Date {
  const text = node.value.toString('latin1');
  const m =
    node.tag === 0x17
      ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text)
      : node.tag === 0x18
        ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text)
        : null;
  if (!m) throw new DerError('bad time');
  let year = Number(m[1]);
  if (node.tag === 0x17) year += year < 50 ? 2000 : 1900;
  return new Date(
    Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])),
  );
}
