import { generateKeyPairSync, sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends, type TestDatabase } from '@sigstead/data-access-db';
import { PostgresTufStore, TufMigrations } from '@sigstead/data-access-tuf';
import {
  addSignatures,
  draftRoot,
  keyIdOf,
  publishedBytes,
  signEnvelope,
  tufKeyOf,
  type MetadataSigner,
  type RootSigned,
} from '@sigstead/util-tuf';
import { TufCeremony } from './ceremony.js';

function ed25519(): MetadataSigner {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { publicKey, sign: (data) => Promise.resolve(sign(null, data, privateKey)) };
}

const key = (s: MetadataSigner) => tufKeyOf(s.publicKey);
const now = new Date('2026-11-01T00:00:00Z');
const year = new Date('2027-11-01T00:00:00Z');

describe.each(testBackends())('TufCeremony on $name', (backend) => {
  let db: TestDatabase;
  let store: PostgresTufStore;
  let ceremony: TufCeremony;
  const [r1, r2, r3] = [ed25519(), ed25519(), ed25519()];
  const [t1, t2, t3] = [ed25519(), ed25519(), ed25519()];
  const online = ed25519();
  let root1: RootSigned;

  beforeAll(async () => {
    db = await backend.open([...TufMigrations]);
    store = PostgresTufStore.open(db.dataSource);
    ceremony = new TufCeremony(store, { operator: 'test', now: () => now });
    await store.register(
      {
        kind: 'tlog',
        url: 'https://rekor.test',
        der: [
          generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({
            type: 'spki',
            format: 'der',
          }),
        ],
        validFrom: now,
      },
      0,
    );
    root1 = draftRoot(undefined, {
      expires: year,
      changes: {
        root: { add: [key(r1), key(r2), key(r3)] },
        targets: { add: [key(t1), key(t2), key(t3)] },
        snapshot: { add: [key(online)] },
        timestamp: { add: [key(online)] },
      },
    });
  });
  afterAll(() => db.close());

  const bytes = async (signed: unknown, signers: MetadataSigner[]) =>
    publishedBytes(await signEnvelope(signed, signers));

  it('refuses targets before a root, and a root short of its threshold', async () => {
    const draft = await ceremony.draftTargets(year);
    const [targets] = await ceremony.publish([await bytes(draft.signed, [t1, t2])]);
    expect(targets!.problem).toEqual({ code: 'VERSION', message: 'publish a root before targets' });
    const [root] = await ceremony.publish([await bytes(root1, [r1])]);
    expect(root!.problem?.code).toBe('THRESHOLD');
    expect(root!.progress[0]).toMatchObject({ signed: [keyIdOf(key(r1))], threshold: 2 });
    expect(await store.latest('root')).toBeNull();
  });

  it('publishes root v1 and the first targets, storing the target files', async () => {
    const draft = await ceremony.draftTargets(year);
    expect(draft.changed).toBe(true);
    expect(draft.signed.version).toBe(1);
    const reports = await ceremony.publish([
      await bytes(root1, [r1, r2]),
      await bytes(draft.signed, [t1, t3]),
    ]);
    expect(reports.map((r) => r.problem)).toEqual([undefined, undefined]);
    expect((await store.latest('targets'))?.version).toBe(1);
    const trusted = draft.signed.targets['trusted_root.json']!;
    expect(await store.targetFile('trusted_root.json', trusted.hashes.sha256)).not.toBeNull();
    expect((await ceremony.draftTargets(year)).changed).toBe(false);
  });

  it('publishes nothing on a dry run, and nothing of a batch when one file fails', async () => {
    const root2 = draftRoot(root1, { expires: year, changes: { root: { threshold: 3 } } });
    const signed2 = await bytes(root2, [r1, r2, r3]);
    expect((await ceremony.publish([signed2], { dryRun: true }))[0]!.problem).toBeUndefined();
    expect((await store.latest('root'))?.version).toBe(1);
    const stale = (await ceremony.draftTargets(year)).signed;
    const [, targets] = await ceremony.publish([signed2, await bytes(stale, [t1])]);
    expect(targets!.problem?.code).toBe('THRESHOLD');
    expect((await store.latest('root'))?.version).toBe(1);
  });

  it('keeps a root that drops targets keys from orphaning the published targets', async () => {
    const root2 = draftRoot(root1, {
      expires: year,
      changes: { targets: { remove: [keyIdOf(key(t3))] } },
    });
    const envelope = await addSignatures(await signEnvelope(root2, [r1]), [r2]);
    const [alone] = await ceremony.publish([publishedBytes(envelope)]);
    expect(alone!.problem?.message).toMatch(/published targets v1 would not meet/);
    const next = (await ceremony.draftTargets(year)).signed;
    const reports = await ceremony.publish([publishedBytes(envelope), await bytes(next, [t1, t2])]);
    expect(reports.every((r) => !r.problem)).toBe(true);
    expect((await store.latest('root'))?.version).toBe(2);
    expect((await store.latest('targets'))?.version).toBe(2);
  });

  it('refuses replays, expired documents and snapshot or timestamp', async () => {
    const [replay] = await ceremony.publish([await bytes(root1, [r1, r2])]);
    expect(replay!.problem).toMatchObject({ code: 'VERSION' });
    const past = (await ceremony.draftTargets(new Date('2026-10-01T00:00:00Z'))).signed;
    const [expired] = await ceremony.publish([await bytes(past, [t1, t2])]);
    expect(expired!.problem).toMatchObject({ code: 'EXPIRED' });
    const timestamp = Buffer.from(
      JSON.stringify({ signed: { _type: 'timestamp' }, signatures: [] }),
    );
    await expect(ceremony.publish([timestamp])).rejects.toThrow(/published by their job/);
  });
});
