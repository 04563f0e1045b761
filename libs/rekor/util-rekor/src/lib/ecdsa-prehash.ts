// ECDSA verification over a digest the client computed, on OpenSSL.
//
// Node 24 cannot verify ECDSA over a prehashed value (verifyDigest is not in 24 LTS), and a
// pure-JS verifier costs ~2 ms per signature, which would bound the log's appends. The check is
// x(u1·G + u2·Q) ≡ r (mod n) with u1 = z/s, u2 = r/s. OpenSSL's ordinary verify of (r, s) over a
// fixed message M, whose hash is e, computes x((e/s)·G + (r/s)·Q') for a key Q'. Taking
//   Q' = Q + k·G  with  k = (z − e)/r
// gives (e/s)·G + (r/s)·(Q + k·G) = ((e + r·k)/s)·G + (r/s)·Q = (z/s)·G + (r/s)·Q: the same point,
// so the same accept/reject decision. Here that costs two inversions (one for k, one in the affine
// addition), a fixed-base multiplication (ECDH getPublicKey) and the verify, which parses the
// shifted key from PEM text itself: a KeyObject would leave three native objects per check (the
// key, its handle, the job) for the young-generation collector to finalise instead of one (the
// job). The verify runs in libuv's thread pool. Every input is public, so nothing here needs to be
// constant-time, and the inversions use Lehmer's GCD (~7 µs for 256 bits, against ~25 µs for BigInt
// Euclid). Parsing follows Go's ecdsa.VerifyASN1: strict DER, 1 ≤ r, s < n, the digest truncated to
// the order's bit length (SEC 1 §4.1.4); high-S signatures are accepted.
import { createECDH, createHash, KeyObject, verify, type ECDH } from 'node:crypto';
import { ecSpki, encodePem, type EcSpki, type NamedCurve } from '@sigstead/util-encoding';

/** The fixed message OpenSSL verifies over, and its SHA-256. */
const M = Buffer.alloc(0);
const M_HASH = createHash('sha256').update(M).digest();

interface Curve {
  readonly name: NamedCurve;
  readonly p: bigint;
  /** The curve's constant term (y² = x³ − 3x + b). */
  readonly b: bigint;
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
    '5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b',
    'ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551',
  ),
  secp384r1: curve(
    'secp384r1',
    'fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff',
    'b3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aef',
    'ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973',
  ),
  secp521r1: curve(
    'secp521r1',
    '1ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff',
    '051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00',
    '1fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409',
  ),
};

/**
 * Whether `ec`'s point lies on its curve: the check OpenSSL makes when it imports the key (the NIST
 * curves have cofactor 1, so a point on the curve is in the group). Lets a caller holding an
 * uncompressed point skip the import (~20 µs) when it only needs the point.
 */
export function isOnCurve(ec: EcSpki): boolean {
  const c = CURVES[ec.curve];
  if (!c || ec.point.length !== 1 + 2 * c.bytes || ec.point[0] !== 0x04) return false;
  const { x, y } = decodePoint(ec.point, c);
  if (x >= c.p || y >= c.p) return false;
  return mod(y * y - (x * x * x - 3n * x + c.b), c.p) === 0n;
}

/**
 * Resolves true when `signature` (DER) is a valid ECDSA signature by `key` over `digest`. The key is
 * a KeyObject, or an uncompressed point the caller has already checked with `isOnCurve` (which
 * spares exporting the point from a key). OpenSSL's verify runs in libuv's thread pool.
 */
export function verifyEcdsaDigest(
  key: KeyObject | EcSpki,
  digest: Buffer,
  signature: Buffer,
): Promise<boolean> {
  const check = reduce(key, digest, signature);
  if (typeof check === 'boolean') return Promise.resolve(check);
  return new Promise((resolve) => {
    try {
      verify('sha256', M, check, signature, (err, valid) => resolve(!err && valid));
    } catch {
      resolve(false); // OpenSSL throws on some malformed signatures (and keys)
    }
  });
}

/** `verifyEcdsaDigest` on the calling thread: for worker threads, where blocking is the point. */
export function verifyEcdsaDigestSync(
  key: KeyObject | EcSpki,
  digest: Buffer,
  signature: Buffer,
): boolean {
  const check = reduce(key, digest, signature);
  if (typeof check === 'boolean') return check;
  try {
    return verify('sha256', M, check, signature);
  } catch {
    return false; // OpenSSL throws on some malformed signatures (and keys)
  }
}

/**
 * The check reduced to OpenSSL's verify of `signature` over M: the shifted key to verify with (PEM
 * text), or the answer itself when the signature is out of range or the shifted key is the point at
 * infinity.
 */
function reduce(key: KeyObject | EcSpki, digest: Buffer, signature: Buffer): string | boolean {
  const c =
    CURVES[key instanceof KeyObject ? (key.asymmetricKeyDetails?.namedCurve ?? '') : key.curve];
  if (!c) return false;
  const rs = parseDerSignature(signature);
  if (!rs) return false;
  const { r, s } = rs;
  if (r <= 0n || r >= c.n || s <= 0n || s >= c.n) return false;
  const q = key instanceof KeyObject ? jwkPoint(key) : decodePoint(key.point, c);
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
    return mod(decodePoint(ecdh.getPublicKey(), c).x, c.n) === r;
  }
  return encodePem('PUBLIC KEY', ecSpki(c.name, encodePoint(shifted, c)));
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

/** Leading bits Lehmer's GCD works on in doubles: sums of two stay exact (below 2^53). */
const LEHMER_BITS = 50;
const LEHMER_LIMIT = 2 ** LEHMER_BITS;

/**
 * a⁻¹ mod m (m prime, a ≢ 0) by Lehmer's extended GCD (Knuth, TAOCP vol. 2, §4.5.2, Algorithm L):
 * Euclid's quotients are found from the leading 50 bits in doubles, and the BigInts are updated
 * once per ~25 bits instead of once per quotient. Once both values fit in a double the rest runs
 * there. `u ≡ u1·a` and `v ≡ v1·a (mod m)` hold throughout; when u reaches gcd = 1, u1 is a⁻¹.
 */
export function invert(a: bigint, m: bigint): bigint {
  let u = m;
  let v = mod(a, m);
  let u1 = 0n;
  let v1 = 1n;
  while (v !== 0n) {
    const top = Number(u);
    // Once u fits in a double, x̂ and ŷ are u and v themselves and every quotient is certain (the
    // cofactors stay below u). Before that, x̂ and ŷ are u and v shifted so that x̂ < 2^50
    // (Number(u) may round up to a power of two: then x̂ < 2^49, which only costs a few quotients).
    const exact = top < LEHMER_LIMIT;
    const shift = exact ? 0n : BigInt(Math.floor(Math.log2(top)) + 1 - LEHMER_BITS);
    let x = exact ? top : Number(u >> shift);
    let y = exact ? Number(v) : Number(v >> shift);
    let A = 1;
    let B = 0;
    let C = 0;
    let D = 1;
    while (exact ? y !== 0 : y + C !== 0 && y + D !== 0) {
      const q = exact ? floorDiv(x, y) : floorDiv(x + A, y + C);
      if (!exact && q !== floorDiv(x + B, y + D)) break;
      let t = A - q * C;
      A = C;
      C = t;
      t = B - q * D;
      B = D;
      D = t;
      t = x - q * y;
      x = y;
      y = t;
    }
    if (exact) {
      if (x !== 1) break;
      return mod(BigInt(A) * u1 + BigInt(B) * v1, m);
    }
    if (B === 0) {
      // No quotient was certain: one multiprecision Euclid step.
      const q = u / v;
      let t = u - q * v;
      u = v;
      v = t;
      t = u1 - q * v1;
      u1 = v1;
      v1 = t;
    } else {
      const a1 = BigInt(A);
      const b1 = BigInt(B);
      const c1 = BigInt(C);
      const d1 = BigInt(D);
      const nu = a1 * u + b1 * v;
      v = c1 * u + d1 * v;
      u = nu;
      const nu1 = a1 * u1 + b1 * v1;
      v1 = c1 * u1 + d1 * v1;
      u1 = nu1;
    }
  }
  if (u === 1n) return mod(u1, m);
  throw new RangeError('not invertible');
}

/** ⌊x / y⌋ for non-negative integers below 2^52 (the quotient of doubles can round up). */
function floorDiv(x: number, y: number): number {
  const q = Math.floor(x / y);
  if (q * y > x) return q - 1;
  if ((q + 1) * y <= x) return q + 1;
  return q;
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

function curve(name: NamedCurve, p: string, b: string, n: string): Curve {
  const order = BigInt(`0x${n}`);
  const prime = BigInt(`0x${p}`);
  const shape = { n: order, orderBits: order.toString(2).length };
  return {
    name,
    p: prime,
    b: BigInt(`0x${b}`),
    ...shape,
    bytes: Math.ceil(prime.toString(2).length / 8),
    e: digestToInt(M_HASH, shape),
  };
}
