/**
 * Rekor v1 against the unmodified rekor-cli (spec rekor.md §1, §3, §6): upload, duplicate upload,
 * get by index and UUID, verify (inclusion proof, SET, checkpoint), search by digest, email and key,
 * and loginfo, which keeps its state between calls and checks a consistency proof each time the
 * tree grew. Bad input gets upstream's status codes and nothing is appended.
 */
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashedRekordEntry } from '@sigstead/util-rekor';
import { ClientSandbox, locateClients } from './support/clients.js';
import { SigsteadStack } from './support/stack.js';

const clients = locateClients();

interface Signed {
  readonly artifact: string;
  readonly sigFile: string;
  readonly keyFile: string;
  readonly digest: string;
  readonly entry: Record<string, unknown>;
}

/** A signed artifact on disk plus the hashedrekord entry a client would propose for it. */
async function signedArtifact(
  box: ClientSandbox,
  name: string,
  key: { privateKey: KeyObject; publicKey: KeyObject },
): Promise<Signed> {
  const data = Buffer.from(`artifact ${name} ${Math.random()}\n`);
  const sig = sign('sha256', data, key.privateKey);
  const pem = key.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const artifact = box.path(`${name}.txt`);
  const sigFile = box.path(`${name}.sig`);
  const keyFile = box.path(`${name}.pub`);
  await writeFile(artifact, data);
  await writeFile(sigFile, sig);
  await writeFile(keyFile, pem);
  const digest = createHash('sha256').update(data).digest('hex');
  return {
    artifact,
    sigFile,
    keyFile,
    digest,
    entry: hashedRekordEntry({ algorithm: 'sha256', digest, signature: sig, publicKey: pem }),
  };
}

describe('rekor with rekor-cli', () => {
  let stack: SigsteadStack;
  let box: ClientSandbox;
  const key = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const cli = (...args: string[]) =>
    box.run(clients.rekorCli!, ['--rekor_server', stack.rekorUrl, ...args]);
  const treeSize = async () =>
    ((await (await fetch(`${stack.rekorUrl}/api/v1/log`)).json()) as { treeSize: number }).treeSize;

  beforeAll(async () => {
    stack = await SigsteadStack.start({ fulcioConfig: { 'oidc-issuers': {} } });
    box = await ClientSandbox.create();
  });
  afterAll(async () => {
    await box?.remove();
    await stack?.stop();
  });

  it.skipIf(!clients.rekorCli)(
    'uploads, finds, verifies and searches hashedrekord entries; loginfo checks consistency',
    async () => {
      const first = await signedArtifact(box, 'one', key);
      const upload = (s: Signed) =>
        cli(
          'upload',
          '--type',
          'hashedrekord',
          '--pki-format',
          'x509',
          '--artifact',
          s.artifact,
          '--signature',
          s.sigFile,
          '--public-key',
          s.keyFile,
        );
      let r = await upload(first);
      expect(r.code, r.transcript).toBe(0);
      expect(r.stdout).toMatch(
        /Created entry at index 0, available at: http:\/\/127\.0\.0\.1:\d+\/api\/v1\/log\/entries\/[0-9a-f]{80}\n/,
      );
      const id = /entries\/([0-9a-f]{80})/.exec(r.stdout)![1]!;

      r = await upload(first);
      expect(r.code, r.transcript).toBe(0);
      expect(r.stdout).toContain(
        `Entry already exists; available at: ${stack.rekorUrl}/api/v1/log/entries/${id}`,
      );

      r = await cli('loginfo');
      expect(r.code, r.transcript).toBe(0);
      expect(r.stdout).toMatch(/Verification Successful!/);
      expect(r.stdout).toMatch(/Tree Size:\s+1\n/);

      for (const name of ['two', 'three', 'four']) {
        const s = await signedArtifact(box, name, key);
        r = await upload(s);
        expect(r.code, r.transcript).toBe(0);
      }
      // loginfo now proves that the tree of 1 is a prefix of the tree of 4.
      r = await cli('loginfo');
      expect(r.code, r.transcript).toBe(0);
      expect(r.stdout).toMatch(/Verification Successful!/);
      expect(r.stdout).toMatch(/Tree Size:\s+4\n/);

      r = await cli('get', '--log-index', '0', '--format', 'json');
      expect(r.code, r.transcript).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ LogIndex: 0, UUID: id });
      r = await cli('get', '--uuid', id.slice(16));
      expect(r.code, r.transcript).toBe(0);

      r = await cli(
        'verify',
        '--type',
        'hashedrekord',
        '--pki-format',
        'x509',
        '--artifact',
        first.artifact,
        '--signature',
        first.sigFile,
        '--public-key',
        first.keyFile,
      );
      expect(r.code, r.transcript).toBe(0);
      expect(r.stdout).toMatch(/Entry Index in Current Tree: 0\n/);
      expect(r.stdout).toMatch(/Computed Root Hash: ([0-9a-f]{64})\nExpected Root Hash: \1/);

      r = await cli('search', '--sha', `sha256:${first.digest}`);
      expect(r.code, r.transcript).toBe(0);
      expect(entryIds(r.stdout + r.stderr)).toEqual([id]);
      r = await cli('search', '--public-key', first.keyFile, '--pki-format', 'x509');
      expect(r.code, r.transcript).toBe(0);
      // Every artifact was signed with the same key: four entries, in log order.
      expect(entryIds(r.stdout + r.stderr)).toHaveLength(4);
      expect(await treeSize()).toBe(4);
    },
  );

  it.skipIf(!clients.rekorCli)(
    'uploads and verifies dsse, intoto 0.0.1 and 0.0.2 and rekord entries; indexes in-toto subjects',
    async () => {
      const subject = createHash('sha256').update(`subject ${Math.random()}`).digest('hex');
      const payload = Buffer.from(
        JSON.stringify({
          _type: 'https://in-toto.io/Statement/v1',
          subject: [{ name: 'app', digest: { sha256: subject } }],
          predicateType: 'https://example.com/test/v1',
          predicate: {},
        }),
      );
      const type = 'application/vnd.in-toto+json';
      const pae = Buffer.concat([
        Buffer.from(`DSSEv1 ${type.length} ${type} ${payload.length} `),
        payload,
      ]);
      const envelope = box.path('statement.dsse.json');
      await writeFile(
        envelope,
        JSON.stringify({
          payloadType: type,
          payload: payload.toString('base64'),
          signatures: [{ keyid: '', sig: sign('sha256', pae, key.privateKey).toString('base64') }],
        }),
      );
      const keyFile = box.path('dsse.pub');
      await writeFile(keyFile, key.publicKey.export({ type: 'spki', format: 'pem' }));
      const blob = await signedArtifact(box, 'rekord', key);
      const cases: [string, string[]][] = [
        ['dsse', ['--artifact', envelope, '--public-key', keyFile]],
        ['intoto:0.0.1', ['--artifact', envelope, '--public-key', keyFile]],
        ['intoto:0.0.2', ['--artifact', envelope, '--public-key', keyFile]],
        [
          'rekord',
          ['--pki-format', 'x509', '--artifact', blob.artifact, '--signature', blob.sigFile].concat(
            ['--public-key', blob.keyFile],
          ),
        ],
      ];
      const ids: string[] = [];
      for (const [kind, args] of cases) {
        let r = await cli('upload', '--type', kind, ...args);
        expect(r.code, `${kind}: ${r.transcript}`).toBe(0);
        ids.push(/entries\/([0-9a-f]{80})/.exec(r.stdout)![1]!);
        r = await cli('verify', '--type', kind, ...args);
        expect(r.code, `${kind}: ${r.transcript}`).toBe(0);
        expect(r.stdout).toMatch(/Computed Root Hash: ([0-9a-f]{64})\nExpected Root Hash: \1/);
        r = await cli('get', '--uuid', ids.at(-1)!, '--format', 'json');
        expect(r.code, r.transcript).toBe(0);
        expect(JSON.parse(r.stdout)).toMatchObject({ UUID: ids.at(-1) });
      }
      // The subject digest finds the three envelope entries, in log order.
      const r = await cli('search', '--sha', `sha256:${subject}`);
      expect(r.code, r.transcript).toBe(0);
      expect(entryIds(r.stdout + r.stderr)).toEqual(ids.slice(0, 3));
    },
  );

  it('pages search results in log order', async () => {
    const res = await fetch(`${stack.rekorUrl}/api/v1/index/retrieve?limit=2`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        publicKey: {
          format: 'x509',
          content: Buffer.from(key.publicKey.export({ type: 'spki', format: 'pem' })).toString(
            'base64',
          ),
        },
      }),
    });
    expect(res.status).toBe(200);
    const page = (await res.json()) as string[];
    if ((await treeSize()) > 2) {
      expect(page).toHaveLength(2);
      expect(res.headers.get('x-next-after-index')).toBe('1');
    }
  });

  it('answers every read, after a restart too, with the SET signed when the entry was logged', async () => {
    // ECDSA signatures are randomised: a SET signed again on a read would differ from the 201's.
    type Reply = Record<
      string,
      { logIndex: number; verification: { signedEntryTimestamp: string } }
    >;
    const only = (r: Reply) => Object.values(r)[0]!;
    const s = await signedArtifact(box, 'stored-set', key);
    const res = await fetch(`${stack.rekorUrl}/api/v1/log/entries`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(s.entry),
    });
    expect(res.status).toBe(201);
    const created = only((await res.json()) as Reply);
    await stack.kill('SIGTERM');
    await stack.restart();
    const reads = [
      `/api/v1/log/entries?logIndex=${created.logIndex}`,
      res.headers.get('location')!,
    ].map(async (path) => only((await (await fetch(`${stack.rekorUrl}${path}`)).json()) as Reply));
    for (const read of await Promise.all(reads)) {
      expect(read.verification.signedEntryTimestamp).toBe(
        created.verification.signedEntryTimestamp,
      );
    }
  });

  it('answers an append with Location and ETag; retrieves and searches as upstream', async () => {
    const post = (path: string, body: unknown) =>
      fetch(`${stack.rekorUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const [a, b] = [
      await signedArtifact(box, 'retrieve-a', key),
      await signedArtifact(box, 'retrieve-b', key),
    ];
    const created: { id: string; index: number }[] = [];
    for (const s of [a, b]) {
      const res = await post('/api/v1/log/entries', s.entry);
      expect(res.status).toBe(201);
      const reply = (await res.json()) as Record<string, { logIndex: number }>;
      const [id] = Object.keys(reply) as [string];
      expect(res.headers.get('etag')).toBe(id);
      expect(res.headers.get('location')).toBe(`/api/v1/log/entries/${id}`);
      created.push({ id, index: reply[id]!.logIndex });
    }
    const [ca, cb] = created as [(typeof created)[0], (typeof created)[0]];
    // Found entries come in query order (UUIDs, indexes, entries); misses are left out.
    const retrieved = await post('/api/v1/log/entries/retrieve', {
      entryUUIDs: [cb.id, 'ab'.repeat(32)],
      logIndexes: [ca.index, 999_999],
      entries: [b.entry],
    });
    expect(retrieved.status).toBe(200);
    const found = (await retrieved.json()) as Record<string, unknown>[];
    expect(found.map((e) => Object.keys(e)[0])).toEqual([cb.id, ca.id, cb.id]);
    // Both entries share the key; `and` with one artifact's digest finds that one only.
    const publicKey = {
      format: 'x509',
      content: Buffer.from(key.publicKey.export({ type: 'spki', format: 'pem' })).toString(
        'base64',
      ),
    };
    const search = async (q: Record<string, unknown>) =>
      (await (await post('/api/v1/index/retrieve', q)).json()) as string[];
    expect(await search({ publicKey, hash: `sha256:${a.digest}`, operator: 'and' })).toEqual([
      ca.id,
    ]);
    const either = await search({ publicKey, hash: `sha256:${a.digest}`, operator: 'or' });
    expect(either).toEqual(expect.arrayContaining([ca.id, cb.id]));
    expect(
      await search({ email: 'nobody@example.com', hash: `sha256:${a.digest}`, operator: 'and' }),
    ).toEqual([]);
  });

  describe('bad input', () => {
    const post = (path: string, body: unknown) =>
      fetch(`${stack.rekorUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });

    it.each<[string, (s: Signed) => unknown, number, RegExp]>([
      ['malformed JSON', () => '{"kind":', 400, /not valid JSON/],
      ['an unknown kind', (s) => ({ ...s.entry, kind: 'nope' }), 400, /unsupported entry kind/],
      ['an unknown version', (s) => ({ ...s.entry, apiVersion: '9.9.9' }), 400, /version/],
      [
        'a signature that does not verify',
        (s) =>
          withSpec(
            s,
            (spec) => ((spec.data as Obj).hash = { algorithm: 'sha256', value: 'ab'.repeat(32) }),
          ),
        400,
        /verifying signature/,
      ],
      [
        'a hash of the wrong length',
        (s) =>
          withSpec(s, (spec) => ((spec.data as Obj).hash = { algorithm: 'sha256', value: 'abcd' })),
        400,
        /invalid value for hash/,
      ],
      [
        'PEM garbage as the key',
        (s) =>
          withSpec(
            s,
            (spec) =>
              ((spec.signature as Obj).publicKey = {
                content: Buffer.from(
                  '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n',
                ).toString('base64'),
              }),
          ),
        400,
        /invalid public key/,
      ],
    ])('rejects %s and appends nothing', async (_name, make, status, message) => {
      const before = await treeSize();
      const s = await signedArtifact(box, 'bad', key);
      const res = await post('/api/v1/log/entries', make(s));
      expect(res.status).toBe(status);
      const body = (await res.json()) as { code: number; message: string };
      expect(body.code).toBe(status);
      expect(body.message).toMatch(message);
      expect(await treeSize()).toBe(before);
    });

    // Parameters outside openapi.yaml's types and bounds get upstream's generated validation: 422
    // with go-openapi's messages and validation codes (601 type, 602 required, 605 pattern, 609
    // minimum) as the body's code; what the handlers check gets 400 (or 404).
    it.each<[string, string, number, [RegExp, number]?]>([
      ['an unknown UUID', `/api/v1/log/entries/${'ab'.repeat(32)}`, 404],
      [
        'a malformed UUID',
        '/api/v1/log/entries/xyz',
        422,
        [/^entryUUID in path should match '\^\(\[0-9a-fA-F\]\{64\}\|/, 605],
      ],
      [
        'a negative logIndex',
        '/api/v1/log/entries?logIndex=-1',
        422,
        [/^logIndex in query should be greater than or equal to 0$/, 609],
      ],
      [
        'a logIndex that is not an integer',
        '/api/v1/log/entries?logIndex=abc',
        422,
        [/^logIndex in query must be of type int64: "abc"$/, 601],
      ],
      ['no logIndex', '/api/v1/log/entries', 422, [/^logIndex in query is required$/, 602]],
      ['a past-the-end logIndex', '/api/v1/log/entries?logIndex=999999', 404],
      [
        'firstSize > lastSize',
        '/api/v1/log/proof?firstSize=3&lastSize=2',
        400,
        [/firstSize\(3\)/, 400],
      ],
      [
        'a zero lastSize',
        '/api/v1/log/proof?lastSize=0',
        422,
        [/^lastSize in query should be greater than or equal to 1$/, 609],
      ],
      ['lastSize beyond the tree', '/api/v1/log/proof?firstSize=1&lastSize=999999', 400],
      [
        'an empty firstSize (it takes its default, 1)',
        '/api/v1/log/proof?firstSize=&lastSize=1',
        200,
      ],
      ['an unknown treeID', '/api/v1/log/publicKey?treeID=42', 400],
      [
        'a treeID that is not a number',
        '/api/v1/log/publicKey?treeID=x',
        422,
        [/^treeID in query should match '\^\[0-9\]\+\$'$/, 605],
      ],
    ])('answers %s with its status', async (_name, path, status, expected) => {
      const res = await fetch(`${stack.rekorUrl}${path}`);
      expect(res.status).toBe(status);
      if (expected) {
        const [message, code] = expected;
        const body = (await res.json()) as { code: number; message: string };
        expect(body.code).toBe(code);
        expect(body.message).toMatch(message);
      }
    });

    it('checks retrieve queries as upstream does', async () => {
      const negative = await post('/api/v1/log/entries/retrieve', { logIndexes: [0, -1] });
      expect(negative.status).toBe(422);
      expect(await negative.json()).toEqual({
        code: 609,
        message: 'logIndexes.1 in body should be greater than or equal to 0',
      });
      const uuid = await post('/api/v1/log/entries/retrieve', { entryUUIDs: ['xyz'] });
      expect(uuid.status).toBe(422);
      expect(((await uuid.json()) as { message: string }).message).toMatch(
        /^entryUUIDs\.0 in body should match /,
      );
    });

    it('refuses more than 10 retrieve queries with 422', async () => {
      const res = await post('/api/v1/log/entries/retrieve', {
        logIndexes: Array.from({ length: 11 }, (_, i) => i),
      });
      expect(res.status).toBe(422);
    });
  });
});

type Obj = Record<string, unknown>;

function withSpec(s: Signed, change: (spec: Obj) => void): unknown {
  const entry = structuredClone(s.entry);
  change(entry['spec'] as Obj);
  return entry;
}

function entryIds(output: string): string[] {
  return output.match(/\b[0-9a-f]{80}\b/g) ?? [];
}
