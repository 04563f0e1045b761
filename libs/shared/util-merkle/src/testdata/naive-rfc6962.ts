// A deliberately naive, independent implementation of RFC 6962 §2.1 written straight from the
// RFC's recursive definitions (MTH, PATH, PROOF/SUBPROOF), used only to cross-check the
// iterative code in ../lib. Linear cost per call: keep trees small.
import { createHash } from 'node:crypto';

export function sha256(...parts: Uint8Array[]): Buffer {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
}

export const naiveLeaf = (d: Uint8Array): Buffer => sha256(Buffer.from([0]), d);
const node = (l: Uint8Array, r: Uint8Array): Buffer => sha256(Buffer.from([1]), l, r);

/** Largest power of two strictly smaller than n (n > 1). */
function split(n: number): number {
  let k = 1;
  while (k << 1 < n) k <<= 1;
  return k;
}

/** MTH(D[n]) over leaf hashes. */
export function naiveRoot(h: readonly Buffer[]): Buffer {
  if (h.length === 0) return sha256();
  if (h.length === 1) return h[0]!;
  const k = split(h.length);
  return node(naiveRoot(h.slice(0, k)), naiveRoot(h.slice(k)));
}

/** PATH(m, D[n]). */
export function naivePath(m: number, h: readonly Buffer[]): Buffer[] {
  if (h.length <= 1) return [];
  const k = split(h.length);
  return m < k
    ? [...naivePath(m, h.slice(0, k)), naiveRoot(h.slice(k))]
    : [...naivePath(m - k, h.slice(k)), naiveRoot(h.slice(0, k))];
}

/** PROOF(m, D[n]) = SUBPROOF(m, D[n], true). */
export function naiveProof(m: number, h: readonly Buffer[]): Buffer[] {
  return subproof(m, h, true);
}

function subproof(m: number, h: readonly Buffer[], b: boolean): Buffer[] {
  const n = h.length;
  if (m === n) return b ? [] : [naiveRoot(h)];
  const k = split(n);
  return m <= k
    ? [...subproof(m, h.slice(0, k), b), naiveRoot(h.slice(k))]
    : [...subproof(m - k, h.slice(k), false), naiveRoot(h.slice(0, k))];
}

/** A small deterministic PRNG (mulberry32) so randomized tests are reproducible. */
export function prng(seed: number): (below: number) => number {
  let a = seed >>> 0;
  return (below) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * below);
  };
}

/** n distinct leaf hashes. */
export function leafHashesFor(n: number, salt = 'leaf'): Buffer[] {
  return Array.from({ length: n }, (_, i) => naiveLeaf(Buffer.from(`${salt}-${i}`)));
}
