import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  leafHashesFor,
  naivePath,
  naiveProof,
  naiveRoot,
  prng,
} from '../testdata/naive-rfc6962.js';
import {
  consistencyProofs,
  inclusionProofs,
  leaves,
  roots,
} from '../testdata/rfc6962-reference.js';
import { consistencyProbes, inclusionProbes } from '../testdata/tlog-proof-probes.js';
import { MerkleError } from './error.js';
import { hashLeaf } from './hash.js';
import { nodeCoverage } from './node.js';
import { buildProof, planInclusion, planNodes } from './proof-plan.js';
import { rootFromInclusionProof, verifyConsistency, verifyInclusion } from './verify.js';

const hex = (s: string) => Buffer.from(s, 'hex');
const b64 = (s: string) => Buffer.from(s, 'base64');
const code = (c: string): Error =>
  expect.objectContaining({ name: 'MerkleError', code: c }) as Error;

/**
 * Probes where we are deliberately stricter than the reference verifier: it accepts a
 * consistency check between equal sizes with equal roots of any length; we require 32-byte roots.
 */
const stricter = new Set(['consistency/additional/sizes-are-equal-one-and-proof-is-empty.json']);

describe('verifyInclusion', () => {
  it.each(inclusionProbes.map((p) => [p.file, p] as const))('probe %s', (file, p) => {
    const run = () =>
      verifyInclusion(p.leafIdx, p.treeSize, b64(p.leafHash), p.proof.map(b64), b64(p.root));
    if (p.wantErr) expect(run).toThrow(MerkleError);
    else expect(run).not.toThrow();
    expect(file).toMatch(/^inclusion\//);
  });

  it.each(inclusionProofs.map((v) => [v.leaf - 1, v.size, v] as const))(
    'accepts the reference proof for leaf %i of %i',
    (index, size, v) => {
      const leaf = hashLeaf(hex(leaves[index]!));
      expect(() =>
        verifyInclusion(BigInt(index), BigInt(size), leaf, v.proof.map(hex), hex(roots[size - 1]!)),
      ).not.toThrow();
    },
  );

  it('accepts generated proofs and rejects every single-bit corruption, for all leaves of trees up to 40', () => {
    const hashes = leafHashesFor(40);
    for (let n = 1; n <= hashes.length; n++) {
      const root = naiveRoot(hashes.slice(0, n));
      for (let m = 0; m < n; m++) {
        const proof = naivePath(m, hashes.slice(0, n));
        verifyInclusion(m, n, hashes[m]!, proof, root);
        if (proof.length > 0) {
          const bad = proof.map((h, i) =>
            i === m % proof.length ? Buffer.from(h).fill(h[0]! ^ 1, 0, 1) : h,
          );
          expect(() => verifyInclusion(m, n, hashes[m]!, bad, root)).toThrow(code('ROOT_MISMATCH'));
        }
      }
    }
  });

  it('reports the failure precisely', () => {
    const leaf = hashLeaf(hex(leaves[0]!));
    const proof = inclusionProofs[0]!.proof.map(hex);
    const root = hex(roots[7]!);
    expect(() => verifyInclusion(8, 8, leaf, proof, root)).toThrow(code('INVALID_INDEX'));
    expect(() => verifyInclusion('-1', 8, leaf, proof, root)).toThrow(code('INVALID_INDEX'));
    expect(() => verifyInclusion(0, '8x', leaf, proof, root)).toThrow(code('INVALID_SIZE'));
    expect(() => verifyInclusion(0, 8, leaf.subarray(1), proof, root)).toThrow(
      code('INVALID_HASH'),
    );
    expect(() => verifyInclusion(0, 8, leaf, proof, root.subarray(1))).toThrow(
      code('INVALID_HASH'),
    );
    expect(() => verifyInclusion(0, 8, leaf, proof.slice(1), root)).toThrow(
      code('WRONG_PROOF_SIZE'),
    );
    expect(() =>
      verifyInclusion(0, 8, leaf, [proof[0]!, proof[1]!, Buffer.alloc(31)], root),
    ).toThrow(code('INVALID_HASH'));
    expect(() => verifyInclusion(0, 8, leaf, 'abc' as never, root)).toThrow(code('INVALID_PROOF'));
    expect(() => verifyInclusion(0, 8, leaf, [proof[0]!, proof[1]!, 'x' as never], root)).toThrow(
      code('INVALID_HASH'),
    );
    expect(rootFromInclusionProof(0n, 8n, leaf, proof)).toEqual(root);
  });
});

describe('verifyConsistency', () => {
  it.each(consistencyProbes.map((p) => [p.file, p] as const))('probe %s', (file, p) => {
    const run = () =>
      verifyConsistency(p.size1, p.size2, p.proof.map(b64), b64(p.root1), b64(p.root2));
    if (stricter.has(file)) expect(run).toThrow(code('INVALID_HASH'));
    else if (p.wantErr) expect(run).toThrow(MerkleError);
    else expect(run).not.toThrow();
  });

  it.each(consistencyProofs.map((v) => [v.size1, v.size2, v] as const))(
    'accepts the reference proof from %i to %i',
    (size1, size2, v) => {
      const run = () =>
        verifyConsistency(
          size1,
          size2,
          v.proof.map(hex),
          hex(roots[size1 - 1]!),
          hex(roots[size2 - 1]!),
        );
      expect(run).not.toThrow();
    },
  );

  it('accepts generated proofs and rejects corrupted ones, for all pairs of sizes up to 40', () => {
    const hashes = leafHashesFor(40);
    for (let n = 1; n <= hashes.length; n++) {
      const root2 = naiveRoot(hashes.slice(0, n));
      for (let m = 1; m <= n; m++) {
        const root1 = naiveRoot(hashes.slice(0, m));
        const proof = naiveProof(m, hashes.slice(0, n));
        verifyConsistency(m, n, proof, root1, root2);
        if (proof.length > 0) {
          const bad = proof.map((h, i) =>
            i === (m + n) % proof.length ? Buffer.from(h).fill(0, 31) : h,
          );
          expect(() => verifyConsistency(m, n, bad, root1, root2)).toThrow(code('ROOT_MISMATCH'));
        }
      }
    }
  });

  it('reports the failure precisely', () => {
    const [r1, r2, r3] = [hex(roots[0]!), hex(roots[1]!), hex(roots[2]!)];
    const p = naiveProof(2, leafHashesFor(3));
    expect(() => verifyConsistency(0, 3, [], r1, r2)).toThrow(code('INVALID_SIZE'));
    expect(() => verifyConsistency(3, 2, [], r1, r2)).toThrow(code('INVALID_SIZE'));
    expect(() => verifyConsistency(1n, 2n ** 64n, [], r1, r2)).toThrow(code('INVALID_SIZE'));
    expect(() => verifyConsistency(2, 2, [], r1, r2)).toThrow(code('ROOT_MISMATCH'));
    expect(() => verifyConsistency(2, 2, [r1], r2, r2)).toThrow(code('WRONG_PROOF_SIZE'));
    expect(() => verifyConsistency(2, 3, p, r1.subarray(2), r3)).toThrow(code('INVALID_HASH'));
    expect(() => verifyConsistency(2, 3, p, r1, r3)).toThrow(code('ROOT_MISMATCH'));
  });

  it('rejects a proof that leads to the second root but not the first', () => {
    const hashes = leafHashesFor(7);
    const proof = naiveProof(3, hashes);
    const root2 = naiveRoot(hashes);
    expect(() => verifyConsistency(3, 7, proof, naiveRoot(hashes.slice(0, 4)), root2)).toThrow(
      code('ROOT_MISMATCH'),
    );
    expect(() =>
      verifyConsistency(3, 7, proof, naiveRoot(hashes.slice(0, 3)), naiveRoot(hashes.slice(0, 6))),
    ).toThrow(code('ROOT_MISMATCH'));
  });
});

describe('cross-check with sigstore-js', () => {
  // @sigstore/verify's own RFC 6962 inclusion verifier (dist/tlog/merkle.js, not re-exported).
  const require = createRequire(import.meta.url);
  const { verifyMerkleInclusion } = require('@sigstore/verify/dist/tlog/merkle.js') as {
    verifyMerkleInclusion: (
      entry: { canonicalizedBody: Buffer; inclusionProof: { logIndex: string; hashes: Buffer[] } },
      checkpoint: { logSize: bigint; logHash: Buffer },
    ) => void;
  };

  it('accepts proofs from our planner for random leaves of random trees', () => {
    const bodies = Array.from({ length: 600 }, (_, i) => Buffer.from(`body-${i}`));
    const hashes = bodies.map((b) => hashLeaf(b));
    const rand = prng(2024);
    for (let i = 0; i < 60; i++) {
      const n = 1 + rand(bodies.length);
      const m = rand(n);
      const plan = planInclusion(m, n);
      const nodeHashes = planNodes(plan).map((node) => {
        const { begin, end } = nodeCoverage(node);
        return naiveRoot(hashes.slice(Number(begin), Number(end)));
      });
      const proof = buildProof(plan, nodeHashes);
      const root = naiveRoot(hashes.slice(0, n));
      verifyInclusion(m, n, hashes[m]!, proof, root);
      expect(() =>
        verifyMerkleInclusion(
          { canonicalizedBody: bodies[m]!, inclusionProof: { logIndex: String(m), hashes: proof } },
          { logSize: BigInt(n), logHash: root },
        ),
      ).not.toThrow();
    }
  });
});
