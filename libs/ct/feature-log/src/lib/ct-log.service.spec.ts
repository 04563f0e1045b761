import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, generateKeyPairSync, webcrypto, type KeyObject } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { issuerKeyHash, signedParts, verifySct } from '@sigstead/util-ct';
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
    ['start after end', '5', '2', /start \(5\) and end \(2\) is not a valid range/],
    [
      'start at the tree size',
      '1005',
      '1006',
      /need tree size: 1006 to get leaves but only got: 1005/,
    ],
    ['a negative start', '-1', '3', /parameters must be >= 0/],
    ['a missing end', '0', undefined, /end: invalid syntax/],
  ])('refuses %s with a 400 error', async (_name, start, end, message) => {
    const refused = service.getEntries(start, end);
    await expect(refused).rejects.toBeInstanceOf(CtLogError);
    await expect(refused).rejects.toThrow(message);
  });
});

// Certificates made here (@peculiar/x509 over WebCrypto), for the add paths and ctfe's parsing.
x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const POISON = new x509.Extension('1.3.6.1.4.1.11129.2.4.3', true, new Uint8Array([5, 0]));
const CT_EKU = '1.3.6.1.4.1.11129.2.4.4';

interface Made {
  readonly name: string;
  readonly keys: webcrypto.CryptoKeyPair;
  readonly keyId: string;
  readonly der: Buffer;
}

async function make(
  name: string,
  issuer: Made | undefined,
  options: {
    ca?: boolean;
    extensions?: x509.Extension[];
    serial?: string;
    keys?: webcrypto.CryptoKeyPair;
  } = {},
): Promise<Made> {
  const keys = options.keys ?? (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify']));
  const keyId = (await x509.SubjectKeyIdentifierExtension.create(keys.publicKey)).keyId;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: options.serial ?? '0102',
    subject: `CN=${name}`,
    issuer: `CN=${issuer?.name ?? name}`,
    notBefore: new Date('2026-01-01T00:00:00Z'),
    notAfter: new Date('2027-01-01T00:00:00Z'),
    signingAlgorithm: ALG,
    publicKey: keys.publicKey,
    signingKey: (issuer?.keys ?? keys).privateKey,
    extensions: [
      ...(options.ca ? [new x509.BasicConstraintsExtension(true, undefined, true)] : []),
      ...(options.extensions ?? []),
    ],
  });
  return { name, keys, keyId, der: Buffer.from(cert.rawData) };
}

describe.each(testBackends())('CtLogService add paths and parameters on $name', (backend) => {
  let db: TestDatabase;
  let store: PostgresCtLogStore;
  let service: CtLogService;
  let logKey: KeyObject;
  let root: Made;
  let ca: Made;

  beforeAll(async () => {
    db = await backend.open([...CtLogMigrations]);
    store = await PostgresCtLogStore.open(db.dataSource);
    root = await make('root', undefined, { ca: true });
    ca = await make('ca', root, {
      ca: true,
      extensions: [new x509.AuthorityKeyIdentifierExtension(root.keyId)],
    });
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    logKey = publicKey;
    service = new CtLogService(store, new KeyObjectSigner(privateKey, 'ecdsa-p256-sha256'), {
      roots: [root.der],
      url: 'http://127.0.0.1/ct',
      description: 'test',
    });
  }, 120_000);
  afterAll(async () => {
    await store?.close();
    await db?.close();
  });

  it.each([
    ['with an authority key identifier', true, true],
    ['without one of its own (the pre-issuer’s is appended)', false, true],
    ['under a pre-issuer without one (the precertificate’s is dropped)', true, false],
  ])(
    'signs a precertificate from a Precertificate Signing Certificate %s for the final certificate',
    async (_name, ownAki, issuerAki) => {
      const preIssuer = await make('pre-issuer', ca, {
        ca: true,
        extensions: [
          new x509.ExtendedKeyUsageExtension([CT_EKU]),
          ...(issuerAki ? [new x509.AuthorityKeyIdentifierExtension(ca.keyId)] : []),
        ],
      });
      const leafKeys = await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify']);
      const san = new x509.SubjectAlternativeNameExtension([{ type: 'email', value: 'a@b.c' }]);
      const serial = `0a${ownAki ? '1' : '0'}${issuerAki ? '1' : '0'}`;
      const precert = await make('leaf', preIssuer, {
        keys: leafKeys,
        serial,
        extensions: [
          san,
          ...(ownAki ? [new x509.AuthorityKeyIdentifierExtension(preIssuer.keyId)] : []),
          POISON,
        ],
      });
      // What the CA issues afterwards: same fields, its own name and key identifier (the SCT list
      // would follow; the TBS an SCT covers is without it).
      const aki = issuerAki ? [new x509.AuthorityKeyIdentifierExtension(ca.keyId)] : [];
      const final = await make('leaf', ca, {
        keys: leafKeys,
        serial,
        extensions: ownAki ? [san, ...aki] : [san, ...aki],
      });
      const sct = await service.submit([precert.der, preIssuer.der, ca.der, root.der], true);
      const entry = {
        type: 'precert' as const,
        issuerKeyHash: issuerKeyHash(ca.der),
        tbsCertificate: signedParts(final.der).tbs,
      };
      expect(verifySct(sct, entry, logKey)).toBe(true);
    },
  );

  it.each([
    ['a critical NULL poison', POISON],
    [
      'a non-critical poison',
      new x509.Extension('1.3.6.1.4.1.11129.2.4.3', false, new Uint8Array([5, 0])),
    ],
    [
      'a poison that is not NULL',
      new x509.Extension('1.3.6.1.4.1.11129.2.4.3', true, new Uint8Array([4, 0])),
    ],
  ])('refuses a certificate with %s on add-chain', async (_name, poison) => {
    const cert = await make('poisoned', ca, { serial: '0c', extensions: [poison] });
    await expect(service.submit([cert.der, ca.der], false)).rejects.toMatchObject({
      code: 'WRONG_ENTRY_TYPE',
    });
  });

  it('answers parameters as ctfe parses them', async () => {
    for (let i = 0; i < 3; i++) {
      const cert = await make(`leaf ${i}`, ca, { serial: `0d0${i}` });
      await service.submit([cert.der, ca.der], false);
    }
    const { size } = await store.treeHead();
    // A consistency proof from 0 is empty, whatever the second size.
    await expect(service.getSthConsistency('0', String(size + 10n))).resolves.toEqual({
      consistency: [],
    });
    await expect(service.getSthConsistency('1', String(size + 10n))).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(service.getSthConsistency(undefined, '2')).rejects.toThrow(
      "parameter 'first' is required",
    );
    // Go's ParseInt takes a sign; FormValue takes the first of repeated values.
    await expect(service.getEntries('+0', ['0', '5'])).resolves.toMatchObject({
      entries: [expect.anything()],
      partial: false,
    });
    await expect(service.getEntries('0', '9999999999999999999')).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    // A range past the tree is partial: caches keep it a minute, not a day.
    await expect(service.getEntries('0', String(size + 5n))).resolves.toMatchObject({
      partial: true,
    });
    // A proof against a tree the log has not reached is not found; a hash must be padded base64.
    const [first] = (await service.getEntries('0', '0')).entries;
    const hash = createHash('sha256')
      .update(Buffer.concat([Buffer.from([0]), Buffer.from(first!.leaf_input, 'base64')]))
      .digest('base64');
    await expect(service.getProofByHash(hash, String(size))).resolves.toMatchObject({
      leaf_index: 0,
    });
    await expect(service.getProofByHash(hash, String(size + 1n))).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(
      service.getProofByHash(hash.replace(/=$/, ''), String(size)),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'invalid base64 hash' });
  });
});

describe('CtLogService.getEntries range alignment (ctfe align_getentries)', () => {
  it.each([
    ['5', '5000', 5n, 999n],
    ['0', '999', 0n, 999n],
    ['999', '5000', 999n, 999n],
    ['1000', '1500', 1000n, 1500n],
  ])('asks the store for start=%s end=%s as [%s, %s]', async (start, end, from, to) => {
    let asked: [bigint, bigint] | undefined;
    const store = {
      treeHead: () => Promise.resolve({ size: 1_000_000n, rootHash: Buffer.alloc(32) }),
      entries: (a: bigint, b: bigint) => {
        asked = [a, b - 1n];
        return Promise.resolve([]);
      },
    } as unknown as PostgresCtLogStore;
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const service = new CtLogService(store, new KeyObjectSigner(privateKey, 'ecdsa-p256-sha256'), {
      roots: [],
      url: 'http://127.0.0.1/ct',
      description: 'test',
    });
    await service.getEntries(start, end);
    expect(asked).toEqual([from, to]);
  });
});
