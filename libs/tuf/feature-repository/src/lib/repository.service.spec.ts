import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends, type TestDatabase } from '@sigstead/data-access-db';
import { PostgresTufStore, TufMigrations } from '@sigstead/data-access-tuf';
import { parseEnvelope, type MetadataSigner } from '@sigstead/util-tuf';
import type { TufKeys } from './ports.js';
import { TufRepositoryService } from './repository.service.js';

function ed25519(): MetadataSigner {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { publicKey, sign: (data) => Promise.resolve(sign(null, data, privateKey)) };
}

const spki = (k: KeyObject) => k.export({ type: 'spki', format: 'der' });
const DAY = 86_400;
const expiry = { root: 365 * DAY, targets: 365 * DAY, snapshot: 30 * DAY, timestamp: 7 * DAY };

describe.each(testBackends())('TufRepositoryService on $name', (backend) => {
  let db: TestDatabase;
  let store: PostgresTufStore;
  let clock = new Date('2026-11-01T00:00:00Z');
  const keys: TufKeys = { online: ed25519(), root: ed25519(), targets: ed25519() };
  const service = (k: TufKeys = keys) =>
    new TufRepositoryService(store, k, {
      operator: 'test',
      expiry,
      timestampRefresh: DAY,
      now: () => clock,
    });
  const versions = async () =>
    Object.fromEntries((await service().status()).map((s) => [s.role, s.version]));

  beforeAll(async () => {
    db = await backend.open([...TufMigrations]);
    store = PostgresTufStore.open(db.dataSource);
    await store.register(
      {
        kind: 'tlog',
        url: 'https://rekor.test',
        der: [spki(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey)],
        validFrom: clock,
      },
      0,
    );
  });
  afterAll(() => db.close());

  it('waits for a ceremony when it holds no root key and nothing is published', async () => {
    const result = await service({ online: keys.online }).refresh();
    expect(result).toEqual({ published: [], waitingFor: 'root' });
  });

  it('creates version 1 of every role, then publishes nothing until something is due', async () => {
    const first = await service().refresh();
    expect(first.published).toEqual(['root v1', 'targets v1', 'snapshot v1', 'timestamp v1']);
    expect((await service().refresh()).published).toEqual([]);
    const root = parseEnvelope('root', (await store.get('root', 1))!).signed;
    expect(root.expires).toBe('2027-11-01T00:00:00Z');
  });

  it('re-signs the timestamp daily and the snapshot with a quarter of its life left', async () => {
    clock = new Date('2026-11-02T00:00:00Z');
    expect((await service().refresh()).published).toEqual(['timestamp v2']);
    clock = new Date('2026-11-24T00:00:00Z');
    expect((await service().refresh()).published).toEqual(['snapshot v2', 'timestamp v3']);
  });

  it('publishes new targets when a service key is rotated, keeping the old key with an end', async () => {
    const rotated = new Date(clock.getTime() + 1000);
    await store.register(
      {
        kind: 'tlog',
        url: 'https://rekor.test',
        der: [spki(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey)],
        validFrom: rotated,
      },
      600_000,
    );
    expect((await service().refresh()).published).toEqual([
      'targets v2',
      'snapshot v3',
      'timestamp v4',
    ]);
    const targets = parseEnvelope('targets', (await store.get('targets', 2))!).signed;
    expect(Object.keys(targets.targets)).toContain('rekor_2.pub');
    expect(targets.targets['rekor.pub']?.custom?.sigstore.status).toBe('Expired');
  });

  it('renews root with the same keys before it expires, so clients walk to the next version', async () => {
    clock = new Date('2027-10-01T00:00:00Z');
    const result = await service().refresh();
    expect(result.published).toContain('root v2');
    expect(result.published).toContain('targets v3');
    expect(await versions()).toMatchObject({ root: 2, targets: 3 });
  });

  it('refuses to sign when its online key is not the one root lists', async () => {
    await expect(service({ ...keys, online: ed25519() }).refresh()).rejects.toThrow(
      /does not list this server's online key/,
    );
  });

  it('reports targets as waiting for a ceremony in offline mode when material changed', async () => {
    await store.register(
      {
        kind: 'oidc',
        url: 'https://idp.test',
        der: [],
        validFrom: clock,
      },
      0,
    );
    const offline = service({ online: keys.online });
    const result = await offline.refresh();
    expect(result.waitingFor).toBe('targets');
    expect(await offline.metrics()).toContain('sigstead_tuf_ceremony_pending{role="targets"} 1');
  });
});
