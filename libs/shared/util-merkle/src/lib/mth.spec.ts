import { describe, expect, it } from 'vitest';
import { leaves, roots } from '../testdata/rfc6962-reference.js';
import { EMPTY_ROOT, hashLeaf } from './hash.js';
import { rootFromLeafHashes } from './mth.js';

const leafHashes = leaves.map((l) => hashLeaf(Buffer.from(l, 'hex')));

describe('rootFromLeafHashes', () => {
  it.each(roots.map((root, i) => [i + 1, root] as const))(
    'matches the reference root of size %i',
    (size, root) => {
      expect(rootFromLeafHashes(leafHashes.slice(0, size)).toString('hex')).toBe(root);
    },
  );

  it('returns the empty root for no leaves', () => {
    expect(rootFromLeafHashes([])).toEqual(EMPTY_ROOT);
  });
});
