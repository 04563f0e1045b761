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
import { buildProof, planConsistency, planInclusion, planNodes } from './proof-plan.js';

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
