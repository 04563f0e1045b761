import { describe, expect, it } from 'vitest';
import {
  leafHashesFor,
  naivePath,
  naiveProof,
  naiveRoot,
  prng,
} from '../testdata/naive-rfc6962.js';
import type { NodePlanVector } from '../testdata/rfc6962-reference.js';
import {
  consistencyPlans,
  consistencyProofs,
  inclusionPlans,
  inclusionProofs,
  leaves,
} from '../testdata/rfc6962-reference.js';
import { hashLeaf } from './hash.js';
import type { NodeId } from './node.js';
import { nodeCoverage } from './node.js';
import type { ProofPlan } from './proof-plan.js';
import {
  buildProof,
  inclusionFromNodes,
  planConsistency,
  planInclusion,
  planNodes,
} from './proof-plan.js';

/** Converts a source plan (ephemeral group lowest level first) to our elements (left to right). */
function expectedElements(v: NodePlanVector): NodeId[][] {
  const ids = v.ids.map(([level, index]) => ({ level, index: BigInt(index) }));
  const [begin, end] = v.rehash ?? [0, 0];
  const out: NodeId[][] = [];
  for (let i = 0; i < ids.length; i++) {
    if (i === begin && end > begin) {
      out.push(ids.slice(begin, end).reverse());
      i = end - 1;
    } else {
      out.push([ids[i]!]);
    }
  }
  return out;
}

/** Builds a proof by hashing each planned node from the leaves, as storage would. */
function proofFromLeaves(plan: ProofPlan, hashes: readonly Buffer[]): Buffer[] {
  const nodeHashes = planNodes(plan).map((n) => {
    const { begin, end } = nodeCoverage(n);
    expect(end <= BigInt(hashes.length)).toBe(true);
    return naiveRoot(hashes.slice(Number(begin), Number(end)));
  });
  return buildProof(plan, nodeHashes);
}

const refHashes = leaves.map((l) => hashLeaf(Buffer.from(l, 'hex')));
const hex = (b: Buffer[]) => b.map((h) => h.toString('hex'));

describe('planInclusion', () => {
  it.each(inclusionPlans.map((v) => [v.index, v.size, v] as const))(
    'plans the reference nodes for leaf %i of %i',
    (index, size, v) => {
      expect(planInclusion(BigInt(index), BigInt(size)).elements).toEqual(expectedElements(v));
    },
  );

  it.each(inclusionProofs.map((v) => [v.leaf - 1, v.size, v.proof] as const))(
    'builds the reference proof for leaf %i of %i',
    (index, size, proof) => {
      expect(hex(proofFromLeaves(planInclusion(index, size), refHashes))).toEqual(proof);
    },
  );

  it('matches the recursive PATH(m, D[n]) for every leaf of trees up to 48', () => {
    const hashes = leafHashesFor(48);
    for (let n = 1; n <= hashes.length; n++) {
      for (let m = 0; m < n; m++) {
        expect(proofFromLeaves(planInclusion(m, n), hashes)).toEqual(
          naivePath(m, hashes.slice(0, n)),
        );
      }
    }
  });

  it.each([
    [0, 0, 'INVALID_INDEX'],
    [3, 3, 'INVALID_INDEX'],
    ['x', 3, 'INVALID_INDEX'],
    [0, -1, 'INVALID_SIZE'],
  ])('rejects index %j of size %j with %s', (index, size, code) => {
    expect(() => planInclusion(index, size)).toThrow(expect.objectContaining({ code }));
  });

  it('stays logarithmic in size for huge trees', () => {
    const plan = planInclusion(123456789012345n, (1n << 62n) + 12345n);
    expect(planNodes(plan).length).toBeLessThan(2 * 64);
  });
});

describe('inclusionFromNodes', () => {
  const hashes = leafHashesFor(300);
  const roots = new Map<string, Buffer>();
  const rootOf = (begin: number, end: number) => {
    const k = `${begin}-${end}`;
    let r = roots.get(k);
    if (r === undefined) roots.set(k, (r = naiveRoot(hashes.slice(begin, end))));
    return r;
  };
  /** Every node and fold hashed from the leaves; `asked` records what the walk wanted. */
  const source = (n: number, asked: string[] = []) => ({
    node: (level: number, index: number) => {
      asked.push(`node ${level}/${index}`);
      const begin = index * 2 ** level;
      const end = begin + 2 ** level;
      expect(end).toBeLessThanOrEqual(n);
      return rootOf(begin, end);
    },
    fold: (begin: number, end: number) => {
      asked.push(`fold ${begin}-${end}`);
      expect(end).toBe(n);
      return rootOf(begin, end);
    },
  });

  it('gives RFC 9162 PATH(m, D[n]) for every leaf of trees up to 70, and sampled up to 300', () => {
    const next = prng(7);
    for (let n = 1; n <= 300; n++) {
      for (const m of n <= 70 ? Array.from({ length: n }, (_, k) => k) : [0, n - 1, next(n)]) {
        expect(hex(inclusionFromNodes(m, n, source(n))!)).toEqual(
          hex(naivePath(m, hashes.slice(0, n))),
        );
      }
    }
  });

  it('asks for what the plan reads: single nodes as nodes, longer border ranges as one fold', () => {
    for (const [m, n] of [
      [5, 6],
      [0, 7],
      [6, 7],
      [0, 300],
      [299, 300],
      [130, 259],
    ] as const) {
      const asked: string[] = [];
      inclusionFromNodes(m, n, source(n, asked));
      const planned = planInclusion(BigInt(m), BigInt(n)).elements.map((e) => {
        if (e.length === 1) return `node ${e[0]!.level}/${e[0]!.index}`;
        const begin = nodeCoverage(e[0]!).begin;
        return `fold ${begin}-${nodeCoverage(e.at(-1)!).end}`;
      });
      expect(asked).toEqual(planned);
    }
  });

  it('stops at the first hash not at hand, and refuses an index outside the tree', () => {
    const asked: string[] = [];
    const none = { node: () => (asked.push('node'), undefined), fold: () => undefined };
    expect(inclusionFromNodes(3, 10, none)).toBeUndefined();
    expect(asked).toEqual(['node']);
    expect(inclusionFromNodes(0, 1, none)).toEqual([]);
    for (const [m, n] of [
      [1, 1],
      [-1, 4],
      [0.5, 4],
      [0, 2 ** 53],
    ]) {
      expect(() => inclusionFromNodes(m!, n!, none)).toThrow(
        expect.objectContaining({ code: 'INVALID_INDEX' }) as Error,
      );
    }
  });

  it('walks indices beyond 32 bits', () => {
    const n = 2 ** 40 + 3;
    const asked: string[] = [];
    const path = inclusionFromNodes(2 ** 40 + 1, n, {
      node: (level, index) => (asked.push(`${level}/${index}`), Buffer.alloc(32, level)),
      fold: () => undefined,
    });
    expect(path).toHaveLength(3);
    // The leaf's neighbour, the last leaf (promoted up to level 1), then the left 2^40 subtree.
    expect(asked).toEqual(['0/1099511627776', '0/1099511627778', '40/0']);
  });
});

describe('planConsistency', () => {
  it.each(consistencyPlans.map((v) => [v.size1, v.size2, v] as const))(
    'plans the reference nodes from %i to %i',
    (size1, size2, v) => {
      expect(planConsistency(size1, size2).elements).toEqual(expectedElements(v));
    },
  );

  it.each(consistencyProofs.map((v) => [v.size1, v.size2, v.proof] as const))(
    'builds the reference proof from %i to %i',
    (size1, size2, proof) => {
      expect(hex(proofFromLeaves(planConsistency(size1, size2), refHashes))).toEqual(proof);
    },
  );

  it('matches the recursive PROOF(m, D[n]) for every pair up to 48', () => {
    const hashes = leafHashesFor(48);
    for (let n = 1; n <= hashes.length; n++) {
      for (let m = 1; m <= n; m++) {
        expect(proofFromLeaves(planConsistency(m, n), hashes)).toEqual(
          naiveProof(m, hashes.slice(0, n)),
        );
      }
    }
  });

  it('matches PROOF(m, D[n]) for random pairs in a tree of 1500', () => {
    const hashes = leafHashesFor(1500);
    const rand = prng(6962);
    for (let i = 0; i < 40; i++) {
      const n = 1 + rand(hashes.length);
      const m = 1 + rand(n);
      expect(proofFromLeaves(planConsistency(m, n), hashes)).toEqual(
        naiveProof(m, hashes.slice(0, n)),
      );
    }
  });

  it.each([
    [0, 5],
    [6, 5],
    [1, 'z'],
  ])('rejects sizes %j and %j', (size1, size2) => {
    expect(() => planConsistency(size1, size2)).toThrow(
      expect.objectContaining({ code: 'INVALID_SIZE' }),
    );
  });
});

describe('buildProof', () => {
  it('rejects a wrong number of hashes or a malformed hash', () => {
    const plan = planInclusion(0, 3);
    expect(() => buildProof(plan, [])).toThrow(expect.objectContaining({ code: 'INVALID_PROOF' }));
    expect(() => buildProof(plan, [Buffer.alloc(32), Buffer.alloc(3)])).toThrow(
      expect.objectContaining({ code: 'INVALID_HASH' }),
    );
  });
});
