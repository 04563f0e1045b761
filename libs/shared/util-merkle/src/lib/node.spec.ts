import { describe, expect, it } from 'vitest';
import { EMPTY_ROOT } from './hash.js';
import { foldRight, nodeCoverage, rangeNodes } from './node.js';

describe('rangeNodes', () => {
  it('decomposes [0, size) into one perfect subtree per set bit, largest first', () => {
    expect(rangeNodes(0n, 0n)).toEqual([]);
    expect(rangeNodes(0n, 7n)).toEqual([
      { level: 2, index: 0n },
      { level: 1, index: 2n },
      { level: 0, index: 6n },
    ]);
    expect(rangeNodes(0n, 256n)).toEqual([{ level: 8, index: 0n }]);
  });

  it('decomposes an unaligned range with growing then shrinking subtrees', () => {
    expect(rangeNodes(3n, 13n)).toEqual([
      { level: 0, index: 3n },
      { level: 2, index: 1n },
      { level: 2, index: 2n },
      { level: 0, index: 12n },
    ]);
  });

  it('covers exactly the leaves of each node', () => {
    expect(nodeCoverage({ level: 3, index: 2n })).toEqual({ begin: 16n, end: 24n });
  });
});

describe('foldRight', () => {
  it('is the empty root for no nodes and the node itself for one', () => {
    expect(foldRight([])).toEqual(EMPTY_ROOT);
    expect(foldRight([EMPTY_ROOT])).toEqual(EMPTY_ROOT);
  });
});
