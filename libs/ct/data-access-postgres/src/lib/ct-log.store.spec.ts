import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { testBackends, type TestDatabase } from '@sigstead/data-access-db';
import {
  hashLeaf,
  rootFromLeafHashes,
  verifyConsistency,
  verifyInclusion,
} from '@sigstead/util-merkle';
import { CtLogMigrations, PostgresCtLogStore } from './ct-log.store.js';
import type { NewCtEntry } from './ports.js';

/** A stand-in leaf: the store treats leaf input, extra data and SCT signature as opaque bytes. */
function entry(i: number, extraData = Buffer.from(`chain ${i}`)): NewCtEntry {
  return {
    identity: createHash('sha256').update(`cert ${i}`).digest(),
    leafInput: Buffer.from(`MerkleTreeLeaf ${i}`),
    extraData,
    sctSignature: Buffer.from(`sct signature ${i}`),
  };
}

describe.each(testBackends())('PostgresCtLogStore on $name', (backend) => {
  let db: TestDatabase;
  let ds: DataSource;
  let store: PostgresCtLogStore;

  beforeAll(async () => {
    db = await backend.open([...CtLogMigrations]);
    ds = db.dataSource;
    store = await PostgresCtLogStore.open(ds);
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    await db?.close();
  });

  it('appends in order and gives a resubmission the original entry and SCT signature', async () => {
    const stored = await Promise.all([0, 1, 2].map((i) => store.append(entry(i))));
    expect(stored.map((s) => [s.index, s.duplicate])).toEqual([
      [0n, false],
      [1n, false],
      [2n, false],
    ]);
    // The same certificate (identity) again, now with a different SCT: the first one is kept.
    const again = await store.append({ ...entry(1), sctSignature: Buffer.from('another SCT') });
    expect(again).toEqual({
      index: 1n,
      duplicate: true,
      leafInput: entry(1).leafInput,
      sctSignature: entry(1).sctSignature,
    });
    expect((await store.treeHead()).size).toBe(3n);
  });

  it('returns entries with their extra data (empty too) as they were appended', async () => {
    await store.append(entry(3, Buffer.alloc(0)));
    expect(await store.entries(1n, 4n)).toEqual([
      { leafInput: entry(1).leafInput, extraData: entry(1).extraData },
      { leafInput: entry(2).leafInput, extraData: entry(2).extraData },
      { leafInput: entry(3).leafInput, extraData: Buffer.alloc(0) },
    ]);
  });

  it('serves a root, inclusion and consistency proofs that verify, after a reopen too', async () => {
    for (let i = 4; i < 300; i++) await store.append(entry(i));
    const leafHashes = Array.from({ length: 300 }, (_, i) => hashLeaf(entry(i).leafInput));
    const head = await store.treeHead();
    expect(head).toEqual({ size: 300n, rootHash: rootFromLeafHashes(leafHashes) });
    const reopened = await PostgresCtLogStore.open(ds);
    try {
      for (const s of [store, reopened]) {
        for (const [index, size] of [
          [0n, 1n],
          [255n, 256n],
          [256n, 300n],
          [299n, 300n],
          [17n, 200n],
        ] as const) {
          const root = rootFromLeafHashes(leafHashes.slice(0, Number(size)));
          verifyInclusion(
            index,
            size,
            leafHashes[Number(index)]!,
            await s.inclusionProof(index, size),
            root,
          );
          const byHash = await s.inclusionProofByLeafHash(leafHashes[Number(index)]!, size);
          expect(byHash.index).toBe(index);
          verifyInclusion(index, size, leafHashes[Number(index)]!, byHash.path, root);
        }
        for (const [first, second] of [
          [1n, 300n],
          [256n, 300n],
          [100n, 257n],
          [300n, 300n],
        ] as const) {
          verifyConsistency(
            first,
            second,
            await s.consistencyProof(first, second),
            rootFromLeafHashes(leafHashes.slice(0, Number(first))),
            rootFromLeafHashes(leafHashes.slice(0, Number(second))),
          );
        }
      }
    } finally {
      await reopened.close();
    }
  });
});
