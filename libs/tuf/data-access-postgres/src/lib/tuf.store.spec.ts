import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends, type TestDatabase } from '@sigstead/data-access-db';
import { TufMigrations } from './migration.js';
import { PostgresTufStore, type TufTransaction } from './tuf.store.js';

const spki = () =>
  generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({
    type: 'spki',
    format: 'der',
  });

describe.each(testBackends())('PostgresTufStore on $name', (backend) => {
  let db: TestDatabase;
  let store: PostgresTufStore;

  beforeAll(async () => {
    db = await backend.open([...TufMigrations]);
    store = PostgresTufStore.open(db.dataSource);
  });
  afterAll(() => db.close());

  it('registers material once, and closes the replaced instance after the grace period', async () => {
    const first = spki();
    const t0 = new Date('2026-01-01T00:00:00Z');
    const t1 = new Date('2026-03-01T00:00:00Z');
    const url = 'https://rekor.corp';
    expect(await store.register({ kind: 'tlog', url, der: [first], validFrom: t0 }, 0)).toBe(true);
    expect(await store.register({ kind: 'tlog', url, der: [first], validFrom: t1 }, 0)).toBe(false);
    expect(await store.register({ kind: 'tlog', url, der: [spki()], validFrom: t1 }, 60_000)).toBe(
      true,
    );
    const material = await store.material();
    expect(material.map((m) => [m.validFrom.toISOString(), m.validTo?.toISOString()])).toEqual([
      ['2026-01-01T00:00:00.000Z', '2026-03-01T00:01:00.000Z'],
      ['2026-03-01T00:00:00.000Z', undefined],
    ]);
    expect(material[0]!.der[0]!.equals(first)).toBe(true);
  });

  it('keeps every version, serves the newest, and refuses a version twice', async () => {
    const md = (version: number) => ({
      role: 'timestamp' as const,
      version,
      body: Buffer.from(`{"v":${version}}`),
      expires: new Date('2027-01-01T00:00:00Z'),
    });
    await store.publish((tx) => tx.insertMetadata(md(1)));
    await store.publish((tx) => tx.insertMetadata(md(2)));
    expect((await store.latest('timestamp'))?.version).toBe(2);
    expect((await store.get('timestamp', 1))?.toString()).toBe('{"v":1}');
    await expect(store.publish((tx) => tx.insertMetadata(md(2)))).rejects.toThrow();
    expect((await store.heads()).get('timestamp')).toEqual({
      version: 2,
      expires: new Date('2027-01-01T00:00:00Z'),
    });
  });

  it('publishes nothing of a step that fails half way', async () => {
    await expect(
      store.publish(async (tx) => {
        await tx.putTarget('half.json', 'a'.repeat(64), Buffer.from('x'));
        await tx.insertMetadata({
          role: 'snapshot',
          version: 1,
          body: Buffer.from('{}'),
          expires: new Date(),
        });
        throw new Error('signing failed');
      }),
    ).rejects.toThrow('signing failed');
    expect(await store.latest('snapshot')).toBeNull();
    expect(await store.targetFile('half.json', 'a'.repeat(64))).toBeNull();
  });

  it('serialises concurrent publishers, so racing replicas make one version', async () => {
    const bump = (tx: TufTransaction) =>
      tx.latest('snapshot').then(async (head) => {
        if (head) return false;
        await new Promise((r) => setTimeout(r, 20));
        await tx.insertMetadata({
          role: 'snapshot',
          version: 1,
          body: Buffer.from('{}'),
          expires: new Date(),
        });
        return true;
      });
    const results = await Promise.all([store.publish(bump), store.publish(bump)]);
    expect(results.sort()).toEqual([false, true]);
  });
});
