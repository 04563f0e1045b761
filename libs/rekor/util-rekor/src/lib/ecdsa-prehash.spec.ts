import {
  createHash,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  sign,
  type KeyObject,
} from 'node:crypto';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { describe, expect, it } from 'vitest';
import { uncompressedEcSpki } from '@sigstead/util-encoding';
import { invert, isOnCurve, verifyEcdsaDigest } from './ecdsa-prehash.js';

// The OpenSSL-backed verifier is checked against @noble/curves (an audited pure-JS ECDSA) on the
// same inputs: valid signatures, every kind of corruption, and the reduction's edge cases.
const CURVES = [
  { name: 'P-256', noble: p256, bytes: 32 },
  { name: 'P-384', noble: p384, bytes: 48 },
  { name: 'P-521', noble: p521, bytes: 66 },
] as const;
const HASHES = ['sha256', 'sha384', 'sha512'] as const;

type Noble = (typeof CURVES)[number]['noble'];

function nobleVerify(noble: Noble, pub: Uint8Array, digest: Buffer, sig: Buffer): boolean {
  try {
    return noble.verify(sig, digest, pub, { prehash: false, format: 'der', lowS: false });
  } catch {
    return false;
  }
}

function keyPair(noble: Noble) {
  const secret = noble.utils.randomSecretKey();
  const pub = noble.getPublicKey(secret, false);
  const key = createPublicKey({
    key: {
      kty: 'EC',
      crv: { 32: 'P-256', 48: 'P-384', 66: 'P-521' }[(pub.length - 1) / 2]!,
      x: Buffer.from(pub.subarray(1, 1 + (pub.length - 1) / 2)).toString('base64url'),
      y: Buffer.from(pub.subarray(1 + (pub.length - 1) / 2)).toString('base64url'),
    },
    format: 'jwk',
  });
  return { secret, pub, key };
}

function pointOf(key: KeyObject) {
  return uncompressedEcSpki(key.export({ type: 'spki', format: 'der' }))!;
}

function der(r: bigint, s: bigint): Buffer {
  const int = (v: bigint) => {
    let hex = v.toString(16);
    if (hex.length % 2) hex = `0${hex}`;
    let b = Buffer.from(hex, 'hex');
    if (b[0]! & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
    return Buffer.concat([Buffer.from([2, b.length]), b]);
  };
  const body = Buffer.concat([int(r), int(s)]);
  const len = body.length < 0x80 ? Buffer.from([body.length]) : Buffer.from([0x81, body.length]);
  return Buffer.concat([Buffer.from([0x30]), len, body]);
}

describe.each(CURVES)('ECDSA over a digest on $name', ({ name, noble }) => {
  it.each(HASHES)('accepts OpenSSL signatures over %s digests, as noble does', async (hash) => {
    const pair = generateKeyPairSync('ec', { namedCurve: name });
    const raw = pair.publicKey.export({ format: 'jwk' });
    const pub = Buffer.concat([
      Buffer.from([4]),
      Buffer.from(raw.x!, 'base64url'),
      Buffer.from(raw.y!, 'base64url'),
    ]);
    for (let i = 0; i < 20; i++) {
      const message = randomBytes(40);
      const digest = createHash(hash).update(message).digest();
      const sig = sign(hash, message, pair.privateKey);
      expect(await verifyEcdsaDigest(pair.publicKey, digest, sig)).toBe(true);
      expect(nobleVerify(noble, pub, digest, sig)).toBe(true);
      const other = createHash(hash).update(randomBytes(8)).digest();
      expect(await verifyEcdsaDigest(pair.publicKey, other, sig)).toBe(false);
    }
  });

  it('agrees with noble on corrupted signatures, digests and keys', async () => {
    const { secret, pub, key } = keyPair(noble);
    const stranger = keyPair(noble);
    for (let i = 0; i < 30; i++) {
      const digest = randomBytes(32);
      const sig = Buffer.from(noble.sign(digest, secret, { prehash: false, format: 'der' }));
      const flipped = Buffer.from(sig);
      flipped[4 + (i % (sig.length - 4))]! ^= 1 << (i % 8);
      const cases: [Buffer, Buffer, boolean][] = [
        [digest, sig, true],
        [digest, flipped, nobleVerify(noble, pub, digest, flipped)],
        [
          Buffer.from(digest).fill(i, 0, 1),
          sig,
          nobleVerify(noble, pub, Buffer.from(digest).fill(i, 0, 1), sig),
        ],
      ];
      const point = pointOf(key);
      for (const [d, s, expected] of cases) {
        expect(await verifyEcdsaDigest(key, d, s)).toBe(expected);
        // The point read from the SPKI instead of exported from the key: same answers.
        expect(await verifyEcdsaDigest(point, d, s)).toBe(expected);
      }
      expect(await verifyEcdsaDigest(stranger.key, digest, sig)).toBe(false);
      expect(await verifyEcdsaDigest(pointOf(stranger.key), digest, sig)).toBe(false);
    }
  });

  it('accepts high-S signatures (Go does) and a zero digest', async () => {
    const { secret, pub, key } = keyPair(noble);
    const n = noble.Point.CURVE().n;
    const digest = randomBytes(32);
    const sig = noble.Signature.fromBytes(
      noble.sign(digest, secret, { prehash: false, format: 'compact' }),
      'compact',
    );
    const high = der(sig.r, n - sig.s);
    expect(nobleVerify(noble, pub, digest, high)).toBe(true);
    expect(await verifyEcdsaDigest(key, digest, high)).toBe(true);
    const zero = Buffer.alloc(32);
    const zeroSig = Buffer.from(noble.sign(zero, secret, { prehash: false, format: 'der' }));
    expect(await verifyEcdsaDigest(key, zero, zeroSig)).toBe(true);
    expect(await verifyEcdsaDigest(key, Buffer.alloc(32, 1), zeroSig)).toBe(false);
  });

  it('handles the shifted key’s edge cases: k = 0, k·G = Q (a doubling) and k·G = −Q (infinity)', async () => {
    // The check runs as OpenSSL's verify over the empty message (e = its SHA-256) with the key
    // Q + k·G, k = (z − e)/r. Private key d, nonce u, r = x(u·G); the digest z is chosen to make
    // k = 0, k = d and k = −d.
    const { Point } = noble;
    const { n } = Point.CURVE();
    const e = BigInt(`0x${createHash('sha256').update(Buffer.alloc(0)).digest('hex')}`);
    const inv = (a: bigint) => {
      let [r0, r1, s0, s1] = [((a % n) + n) % n, n, 1n, 0n];
      while (r1) [r0, r1, s0, s1] = [r1, r0 - (r0 / r1) * r1, s1, s0 - (r0 / r1) * s1];
      return ((s0 % n) + n) % n;
    };
    const d = BigInt(`0x${Buffer.from(noble.utils.randomSecretKey()).toString('hex')}`) % n;
    const Q = Point.BASE.multiply(d).toBytes(false);
    const key = createPublicKey({
      key: {
        kty: 'EC',
        crv: name,
        x: Buffer.from(Q.subarray(1, 1 + (Q.length - 1) / 2)).toString('base64url'),
        y: Buffer.from(Q.subarray(1 + (Q.length - 1) / 2)).toString('base64url'),
      },
      format: 'jwk',
    });
    const point = pointOf(key);
    const u = BigInt(`0x${randomBytes(16).toString('hex')}`) + 1n;
    const r = Point.BASE.multiply(u).toAffine().x % n;
    const bytes = Math.ceil(n.toString(2).length / 8);
    const cases: [string, bigint, number][] = [
      ['k = 0', e, 32],
      // Truncation would shift a full-size P-521 digest; these need the digest to be z itself.
      ...(name === 'P-521'
        ? []
        : ([
            ['k·G = Q', (e + r * d) % n, bytes],
            ['k·G = −Q', (((e - r * d) % n) + n) % n, bytes],
          ] as [string, bigint, number][])),
    ];
    for (const [, z, length] of cases) {
      const s = (inv(u) * (z + r * d)) % n;
      const digest = Buffer.from(z.toString(16).padStart(length * 2, '0'), 'hex');
      expect(nobleVerify(noble, Q, digest, der(r, s))).toBe(true);
      expect(await verifyEcdsaDigest(key, digest, der(r, s))).toBe(true);
      expect(await verifyEcdsaDigest(point, digest, der(r, s))).toBe(true);
      const other = Buffer.from(digest);
      other[other.length - 1]! ^= 1;
      expect(await verifyEcdsaDigest(key, other, der(r, s))).toBe(false);
    }
  });

  it('refuses out-of-range and non-DER signatures', async () => {
    const { secret, key } = keyPair(noble);
    const { n } = noble.Point.CURVE();
    const digest = randomBytes(32);
    const sig = noble.Signature.fromBytes(
      noble.sign(digest, secret, { prehash: false, format: 'compact' }),
      'compact',
    );
    const good = der(sig.r, sig.s);
    expect(await verifyEcdsaDigest(key, digest, good)).toBe(true);
    const longForm = Buffer.concat([Buffer.from([0x30, 0x81, good[1]!]), good.subarray(2)]);
    for (const bad of [
      der(0n, sig.s),
      der(sig.r, 0n),
      der(sig.r + n, sig.s),
      der(sig.r, sig.s + n),
      Buffer.concat([good, Buffer.from([0])]),
      good.subarray(0, good.length - 1),
      good[1]! < 0x80 ? longForm : Buffer.alloc(0),
      Buffer.alloc(0),
      randomBytes(good.length),
    ]) {
      expect(await verifyEcdsaDigest(key, digest, bad)).toBe(false);
    }
  });
});

describe('isOnCurve', () => {
  it.each(CURVES)(
    'accepts $name keys and refuses points off the curve or out of the field',
    ({ name, noble }) => {
      const { p } = noble.Point.CURVE();
      for (let i = 0; i < 10; i++) {
        const ec = pointOf(generateKeyPairSync('ec', { namedCurve: name }).publicKey);
        expect(isOnCurve(ec)).toBe(true);
        const size = (ec.point.length - 1) / 2;
        const moved = Buffer.from(ec.point);
        moved[moved.length - 1]! ^= 1 << (i % 8);
        expect(isOnCurve({ ...ec, point: moved })).toBe(false);
        // y + p encodes the same residue but is not a field element.
        const y = BigInt(`0x${ec.point.subarray(1 + size).toString('hex')}`);
        if (y + p < 1n << BigInt(8 * size)) {
          const wide = Buffer.concat([
            ec.point.subarray(0, 1 + size),
            Buffer.from((y + p).toString(16).padStart(2 * size, '0'), 'hex'),
          ]);
          expect(isOnCurve({ ...ec, point: wide })).toBe(false);
        }
        expect(isOnCurve({ ...ec, point: ec.point.subarray(1) })).toBe(false);
      }
    },
  );
});

describe('invert (Lehmer)', () => {
  const euclid = (a: bigint, m: bigint) => {
    let [r0, r1, s0, s1] = [((a % m) + m) % m, m, 1n, 0n];
    while (r1) [r0, r1, s0, s1] = [r1, r0 - (r0 / r1) * r1, s1, s0 - (r0 / r1) * s1];
    return ((s0 % m) + m) % m;
  };
  it.each(CURVES)('agrees with Euclid modulo $name’s order and prime', ({ noble, bytes }) => {
    const { n, p } = noble.Point.CURVE();
    for (const m of [n, p]) {
      const samples = [
        1n,
        2n,
        3n,
        m - 1n,
        m - 2n,
        m + 5n,
        -7n,
        12345n,
        (1n << 49n) + 1n,
        1n << 50n,
        (1n << 53n) - 1n,
        1n << BigInt(8 * bytes - 9),
      ];
      for (let i = 0; i < 300; i++) {
        samples.push(BigInt(`0x${randomBytes(bytes).toString('hex')}`) % m || 1n);
        samples.push(BigInt(`0x${randomBytes(1 + (i % 8)).toString('hex')}`) + 1n);
      }
      for (const a of samples) {
        const inverse = invert(a, m);
        expect(inverse).toBe(euclid(a, m));
        expect((((inverse * a) % m) + m) % m).toBe(1n);
      }
    }
  });

  it('refuses a value that shares a factor with the modulus', () => {
    expect(() => invert(0n, 101n)).toThrow(RangeError);
    expect(() => invert(6n, 4n * 3n * 5n)).toThrow(RangeError);
    expect(() => invert(1n << 60n, 1n << 70n)).toThrow(RangeError);
  });
});
