import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { testBackends, type TestDatabase } from '@sigstead/data-access-db';
import { CtLogMigrations, PostgresCtLogStore } from '@sigstead/data-access-ctlog';
import { KeyObjectSigner } from '@sigstead/data-access-keys';
import { CtLogService } from './ct-log.service.js';
import { CtLogError } from './error.js';

const leaf = (i: number) => Buffer.from(`MerkleTreeLeaf ${i}`);

// get-entries reads only stored leaves, so they are appended to the store directly here; the
// add-chain path that makes real ones is covered by the stack and e2e tests.
describe.each(testBackends())('CtLogService.getEntries on $name', (backend) => {
  let db: TestDatabase;
  let store: PostgresCtLogStore;
  let service: CtLogService;

  beforeAll(async () => {
    db = await backend.open([...CtLogMigrations]);
    store = await PostgresCtLogStore.open(db.dataSource);
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    service = new CtLogService(store, new KeyObjectSigner(privateKey, 'ecdsa-p256-sha256'), {
      roots: [],
      url: 'http://127.0.0.1/ct',
      description: 'test',
    });
    for (let at = 0; at < 1005; at += 201) {
      await Promise.all(
        Array.from({ length: 201 }, (_, k) =>
          store.append({
            identity: createHash('sha256')
              .update(`cert ${at + k}`)
              .digest(),
            leafInput: leaf(at + k),
            extraData: Buffer.from([at + k]),
            sctSignature: Buffer.from('sct'),
          }),
        ),
      );
    }
  }, 120_000);
  afterAll(async () => {
    await store?.close();
    await db?.close();
  });

  it('returns at most 1,000 entries, as CTFE does, and clients page on from where it stopped', async () => {
    const first = await service.getEntries('0', '1500');
    expect(first.entries).toHaveLength(1000);
    const leaves = first.entries.map((e) => Buffer.from(e.leaf_input, 'base64'));
    expect(leaves.map((l, i) => l.equals(leaf(i)))).not.toContain(false);
    const rest = await service.getEntries('1000', '1500');
    expect(rest.entries.map((e) => Buffer.from(e.leaf_input, 'base64').toString())).toEqual(
      [1000, 1001, 1002, 1003, 1004].map((i) => leaf(i).toString()),
    );
    expect(rest.entries[0]!.extra_data).toBe(Buffer.from([1000 & 0xff]).toString('base64'));
  });

  it.each([
    ['start after end', '5', '2', /end must not be below start/],
    ['start at the tree size', '1005', '1006', /start is beyond the tree size/],
    ['a negative start', '-1', '3', /start must be a non-negative integer/],
    ['a missing end', '0', undefined, /end must be a non-negative integer/],
  ])('refuses %s with a 400 error', async (_name, start, end, message) => {
    const refused = service.getEntries(start, end);
    await expect(refused).rejects.toBeInstanceOf(CtLogError);
    await expect(refused).rejects.toThrow(message);
  });
});
