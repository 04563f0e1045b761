// ECDSA verification over a digest the client computed, on OpenSSL.
//
// Node 24 cannot verify ECDSA over a prehashed value (verifyDigest is not in 24 LTS), and a
// pure-JS verifier costs ~2 ms per signature, which would bound the log's appends. The check is
// x(u1·G + u2·Q) ≡ r (mod n) with u1 = z/s, u2 = r/s. OpenSSL's ordinary verify of (r, s) over a
// fixed message M, whose hash is e, computes x((e/s)·G + (r/s)·Q') for a key Q'. Taking
//   Q' = Q + k·G  with  k = (z − e)/r
// gives (e/s)·G + (r/s)·(Q + k·G) = ((e + r·k)/s)·G + (r/s)·Q = (z/s)·G + (r/s)·Q: the same point,
// so the same accept/reject decision. Here that costs one inversion, a fixed-base multiplication
// (ECDH getPublicKey), one affine addition and a key import; the verify itself runs in libuv's
// thread pool. Every input is public, so nothing here needs to be constant-time. Parsing follows
// Go's ecdsa.VerifyASN1: strict DER, 1 ≤ r, s < n, the digest truncated to the order's bit length
// (SEC 1 §4.1.4); high-S signatures are accepted.
import {
  createECDH,
  createHash,
  createPublicKey,
  verify,
  type ECDH,
  type KeyObject,
} from 'node:crypto';
import { ecSpki, encodePem, uncompressedEcSpki, type NamedCurve } from '@sigstead/util-encoding';

/** The fixed message OpenSSL verifies over, and its SHA-256. */
const M = Buffer.alloc(0);
const M_HASH = createHash('sha256').update(M).digest();

interface Curve {
  readonly name: NamedCurve;
  readonly p: bigint;
  readonly n: bigint;
  readonly bytes: number;
  readonly orderBits: number;
  /** SHA-256 of M as an integer for this curve (what OpenSSL's verify derives from it). */
  readonly e: bigint;
  ecdh?: ECDH;
}

// SEC 2 / FIPS 186-4 domain parameters (a = p − 3 for all three).
const CURVES: Readonly<Record<string, Curve>> = {
  prime256v1: curve(
    'prime256v1',
    'ffffffff00000001000000000000000000000000ffffffffffffffffffffffff',
    'ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551',
  ),
  secp384r1: curve(
    'secp384r1',
    'fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff',
    'ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973',
  ),
  secp521r1: curve(
    'secp521r1',
    '1ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff',
    '1fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409',
  ),
};

/**
 * Resolves true when `signature` (DER) is a valid ECDSA signature by `key` over `digest`. `spki`,
 * the key's DER SubjectPublicKeyInfo when the caller has it, spares exporting the point from the key.
 */
export function verifyEcdsaDigest(
  key: KeyObject,
  digest: Buffer,
  signature: Buffer,
  spki?: Buffer,
): Promise<boolean> {
  const ec = spki && uncompressedEcSpki(spki);
  const c = CURVES[ec ? ec.curve : (key.asymmetricKeyDetails?.namedCurve ?? '')];
  if (!c) return Promise.resolve(false);
  const rs = parseDerSignature(signature);
  if (!rs) return Promise.resolve(false);
  const { r, s } = rs;
  if (r <= 0n || r >= c.n || s <= 0n || s >= c.n) return Promise.resolve(false);
  const q = ec ? decodePoint(ec.point, c) : jwkPoint(key);
  const z = digestToInt(digest, c);
  const k = mod((z - c.e) * invert(r, c.n), c.n);
  const ecdh = (c.ecdh ??= createECDH(c.name));
  let shifted: Point | undefined = q;
  if (k !== 0n) {
    ecdh.setPrivateKey(toBytes(k, c.bytes));
    shifted = add(decodePoint(ecdh.getPublicKey(), c), q, c.p);
  }
  if (!shifted) {
    // k·G = −Q, so the point is (e/s)·G: rare enough to compute directly.
    ecdh.setPrivateKey(toBytes(mod(c.e * invert(s, c.n), c.n), c.bytes));
    return Promise.resolve(mod(decodePoint(ecdh.getPublicKey(), c).x, c.n) === r);
  }
  let shiftedKey: KeyObject;
  try {
    shiftedKey = createPublicKey(encodePem('PUBLIC KEY', ecSpki(c.name, encodePoint(shifted, c))));
  } catch {
    return Promise.resolve(false);
  }
  return new Promise((resolve) => {
    try {
      verify('sha256', M, shiftedKey, signature, (err, valid) => resolve(!err && valid));
    } catch {
      resolve(false); // OpenSSL throws on some malformed signatures
    }
  });
}

interface Point {
  readonly x: bigint;
  readonly y: bigint;
}

/** Affine P + Q on y² = x³ − 3x + b over GF(p); undefined for the point at infinity. */
function add(P: Point, Q: Point, p: bigint): Point | undefined {
  let lambda: bigint;
  if (P.x === Q.x) {
    if (mod(P.y + Q.y, p) === 0n) return undefined;
    lambda = mod((3n * P.x * P.x - 3n) * invert(2n * P.y, p), p);
  } else {
    lambda = mod((Q.y - P.y) * invert(Q.x - P.x, p), p);
  }
  const x = mod(lambda * lambda - P.x - Q.x, p);
  return { x, y: mod(lambda * (P.x - x) - P.y, p) };
}

/** Strict DER `SEQUENCE { INTEGER r, INTEGER s }`, as Go's cryptobyte reads it. */
function parseDerSignature(der: Buffer): { r: bigint; s: bigint } | undefined {
  let at = 0;
  const length = (): number | undefined => {
    const first = der[at++];
    if (first === undefined) return undefined;
    if (first < 0x80) return first;
    const count = first & 0x7f;
    if (count === 0 || count > 2 || at + count > der.length) return undefined;
    let len = 0;
    for (let i = 0; i < count; i++) len = len * 256 + der[at++]!;
    // Minimal length encoding only.
    if (len < 0x80 || (count === 2 && len < 0x100)) return undefined;
    return len;
  };
  const integer = (): bigint | undefined => {
    if (der[at++] !== 0x02) return undefined;
    const len = length();
    if (len === undefined || len === 0 || at + len > der.length) return undefined;
    const bytes = der.subarray(at, at + len);
    at += len;
    if (bytes[0]! & 0x80) return undefined; // negative
    if (len > 1 && bytes[0] === 0 && !(bytes[1]! & 0x80)) return undefined; // non-minimal
    return fromBytes(bytes);
  };
  if (der[at++] !== 0x30) return undefined;
  const seqLen = length();
  if (seqLen === undefined || at + seqLen !== der.length) return undefined;
  const r = integer();
  const s = r === undefined ? undefined : integer();
  if (r === undefined || s === undefined || at !== der.length) return undefined;
  return { r, s };
}

function digestToInt(digest: Buffer, c: Pick<Curve, 'orderBits'>): bigint {
  const orderBytes = Math.ceil(c.orderBits / 8);
  const used = digest.length > orderBytes ? digest.subarray(0, orderBytes) : digest;
  const excess = used.length * 8 - c.orderBits;
  const z = fromBytes(used);
  return excess > 0 ? z >> BigInt(excess) : z;
}

/** a⁻¹ mod m by the extended Euclidean algorithm (no array destructuring on the hot loop). */
function invert(a: bigint, m: bigint): bigint {
  let r0 = mod(a, m);
  let r1 = m;
  let s0 = 1n;
  let s1 = 0n;
  while (r1 !== 0n) {
    const q = r0 / r1;
    let t = r0 - q * r1;
    r0 = r1;
    r1 = t;
    t = s0 - q * s1;
    s0 = s1;
    s1 = t;
  }
  return mod(s0, m);
}

function mod(a: bigint, m: bigint): bigint {
  const r = a % m;
  return r < 0n ? r + m : r;
}

function decodePoint(bytes: Buffer, c: Curve): Point {
  return {
    x: fromBytes(bytes.subarray(1, 1 + c.bytes)),
    y: fromBytes(bytes.subarray(1 + c.bytes)),
  };
}

function encodePoint(P: Point, c: Curve): Buffer {
  return Buffer.concat([Buffer.from([4]), toBytes(P.x, c.bytes), toBytes(P.y, c.bytes)]);
}

function fromBytes(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${Buffer.from(bytes).toString('hex')}`);
}

function jwkPoint(key: KeyObject): Point {
  const jwk = key.export({ format: 'jwk' });
  return { x: fromB64u(jwk.x), y: fromB64u(jwk.y) };
}

function fromB64u(s: string | undefined): bigint {
  return fromBytes(Buffer.from(s ?? '', 'base64url'));
}

function toBytes(v: bigint, length: number): Buffer {
  return Buffer.from(v.toString(16).padStart(length * 2, '0'), 'hex');
}

function curve(name: NamedCurve, p: string, n: string): Curve {
  const order = BigInt(`0x${n}`);
  const prime = BigInt(`0x${p}`);
  const shape = { n: order, orderBits: order.toString(2).length };
  return {
    name,
    p: prime,
    ...shape,
    bytes: Math.ceil(prime.toString(2).length / 8),
    e: digestToInt(M_HASH, shape),
  };
}
