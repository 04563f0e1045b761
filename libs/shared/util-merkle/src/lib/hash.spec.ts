import { describe, expect, it } from 'vitest';
import { leaves, roots } from '../testdata/rfc6962-reference.js';
import { EMPTY_ROOT, HASH_SIZE, hashChildPair, hashChildren, hashEqual, hashLeaf } from './hash.js';

const hex = (s: string): Buffer => Buffer.from(s, 'hex');

describe('RFC 6962 hashing', () => {
  it('hashes the empty tree as SHA-256 of nothing', () => {
    expect(EMPTY_ROOT.toString('hex')).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(EMPTY_ROOT).toHaveLength(HASH_SIZE);
  });

  it('hashes a one-leaf tree to its leaf hash (reference root of size 1)', () => {
    expect(hashLeaf(hex(leaves[0]!)).toString('hex')).toBe(roots[0]);
  });

  it('hashes a two-leaf tree with the 0x01 prefix (reference root of size 2)', () => {
    const root = hashChildren(hashLeaf(hex(leaves[0]!)), hashLeaf(hex(leaves[1]!)));
    expect(root.toString('hex')).toBe(roots[1]);
  });

  it('hashes a pair stored side by side like its two halves, and only a pair', () => {
    const [a, b] = [hashLeaf(hex(leaves[0]!)), hashLeaf(hex(leaves[1]!))];
    expect(hashChildPair(Buffer.concat([a, b])).toString('hex')).toBe(roots[1]);
    // The scratch buffer it hashes in is reused: a second pair is not mixed with the first.
    expect(hashChildPair(Buffer.concat([b, a]))).toEqual(hashChildren(b, a));
    expect(hashChildPair(Buffer.concat([a, b])).toString('hex')).toBe(roots[1]);
    for (const n of [0, 32, 63, 65, 96]) {
      expect(() => hashChildPair(Buffer.alloc(n))).toThrow(
        expect.objectContaining({ code: 'INVALID_HASH' }),
      );
    }
  });

  it('compares hashes in constant time and rejects length mismatches', () => {
    expect(hashEqual(hex(roots[0]!), hex(roots[0]!))).toBe(true);
    expect(hashEqual(hex(roots[0]!), hex(roots[1]!))).toBe(false);
    expect(hashEqual(hex(roots[0]!), hex(roots[0]!).subarray(1))).toBe(false);
  });
});
