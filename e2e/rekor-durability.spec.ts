/**
 * Rekor's log under stress on PostgreSQL: two server processes appending at once must still keep
 * one log (contiguous indices, one tree, every checkpoint a prefix of the next), and a server killed
 * with SIGKILL (or stopped with SIGTERM) mid-load must come back with every acknowledged entry
 * where it said it was.
 * Only what the HTTP API promises is checked, and every proof is verified here, not trusted.
 */
import {
  createHash,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  hashLeaf,
  rootFromLeafHashes,
  verifyConsistency,
  verifyInclusion,
} from '@sigstead/util-merkle';
import { hashedRekordEntry, setPayload, verifyCheckpoint } from '@sigstead/util-rekor';
import { SigsteadStack } from './support/stack.js';

const postgres = Boolean(process.env['TEST_DATABASE_URL']);
if (!postgres && process.env['CI'] === 'true')
  throw new Error('TEST_DATABASE_URL is required in CI');

const REQUEST_TIMEOUT_MS = 60_000;

/** A signed artifact's hashedrekord entry; `digest` (unique per submission) names it. */
interface Submission {
  readonly digest: string;
  readonly entry: Record<string, unknown>;
}

interface EntryJson {
  readonly body: string;
  readonly integratedTime: number;
  readonly logID: string;
  readonly logIndex: number;
  readonly verification: {
    readonly inclusionProof: {
      readonly checkpoint: string;
      readonly hashes: string[];
      readonly logIndex: number;
      readonly rootHash: string;
      readonly treeSize: number;
    };
    readonly signedEntryTimestamp: string;
  };
}

/** An entry as one response showed it, after its proof, checkpoint and SET were verified. */
interface Verified {
  readonly id: string;
  readonly digest: string;
  readonly body: string;
  readonly index: number;
  readonly head: Head;
}

interface Head {
  readonly size: number;
  readonly root: Buffer;
}

interface LogInfo {
  readonly treeSize: number;
  readonly rootHash: string;
  readonly signedTreeHead: string;
  readonly treeID: string;
}

/** The log's identity as a client pins it: key, tree ID and checkpoint origin. */
interface LogTrust {
  readonly key: KeyObject;
  readonly logId: string;
  readonly name: string;
  readonly origin: string;
}

/** A fresh key and artifact for every submission, so no two share a body or a search key. */
function newSubmission(): Submission {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const data = randomBytes(32);
  const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  return {
    digest: createHash('sha256').update(data).digest('hex'),
    entry: hashedRekordEntry({
      algorithm: 'sha256',
      digest: createHash('sha256').update(data).digest('hex'),
      signature: sign('sha256', data, privateKey),
      publicKey: pem,
    }),
  };
}

async function post(
  url: string,
  body: unknown,
): Promise<{ status: number; json: unknown; location: string | null }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  return { status: res.status, json: await res.json(), location: res.headers.get('location') };
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

async function trustLog(rekorUrl: string): Promise<LogTrust> {
  const res = await fetch(`${rekorUrl}/api/v1/log/publicKey`);
  expect(res.status).toBe(200);
  const key = createPublicKey(await res.text());
  const info = await getJson<LogInfo>(`${rekorUrl}/api/v1/log`);
  const name = new URL(rekorUrl).hostname;
  return {
    key,
    logId: createHash('sha256')
      .update(key.export({ type: 'spki', format: 'der' }))
      .digest('hex'),
    name,
    origin: `${name} - ${info.treeID}`,
  };
}

/** Parses a signed checkpoint, checking its signature and origin. */
function checkpointHead(note: string, trust: LogTrust): Head {
  const c = verifyCheckpoint(note, trust.name, trust.key);
  expect(c.origin).toBe(trust.origin);
  return { size: Number(c.size), root: c.rootHash };
}

/** The current signed tree head, checked against the plain fields beside it. */
async function treeHead(rekorUrl: string, trust: LogTrust): Promise<Head> {
  const info = await getJson<LogInfo>(`${rekorUrl}/api/v1/log`);
  const head = checkpointHead(info.signedTreeHead, trust);
  expect(head).toEqual({ size: info.treeSize, root: Buffer.from(info.rootHash, 'hex') });
  return head;
}

/**
 * Checks one `{ id: entry }` reply: the ID names the body's leaf, the SET is the log's, and the
 * inclusion proof leads to the root of its own signed checkpoint.
 */
function verifyEntry(reply: unknown, trust: LogTrust): Verified {
  const pairs = Object.entries(reply as Record<string, EntryJson>);
  expect(pairs).toHaveLength(1);
  const [id, e] = pairs[0]!;
  const proof = e.verification.inclusionProof;
  const leafHash = hashLeaf(Buffer.from(e.body, 'base64'));
  expect(id.slice(16)).toBe(leafHash.toString('hex'));
  expect(e.logID).toBe(trust.logId);
  expect(proof.logIndex).toBe(e.logIndex);

  const head = checkpointHead(proof.checkpoint, trust);
  expect(head).toEqual({ size: proof.treeSize, root: Buffer.from(proof.rootHash, 'hex') });
  verifyInclusion(
    e.logIndex,
    head.size,
    leafHash,
    proof.hashes.map((h) => Buffer.from(h, 'hex')),
    head.root,
  );
  const set = setPayload({
    body: e.body,
    integratedTime: e.integratedTime,
    logID: e.logID,
    logIndex: e.logIndex,
  });
  expect(
    verify('sha256', set, trust.key, Buffer.from(e.verification.signedEntryTimestamp, 'base64')),
  ).toBe(true);

  const body = JSON.parse(Buffer.from(e.body, 'base64').toString('utf8')) as {
    spec: { data: { hash: { value: string } } };
  };
  return { id, digest: body.spec.data.hash.value, body: e.body, index: e.logIndex, head };
}

/** Every head seen must be a prefix of `last`: one root per size, and a valid consistency proof. */
async function expectPrefixesOf(
  rekorUrl: string,
  heads: Iterable<Head>,
  last: Head,
): Promise<void> {
  const bySize = new Map<number, Buffer>();
  for (const h of heads) {
    const seen = bySize.get(h.size);
    if (seen) expect(seen.equals(h.root), `two roots for tree size ${h.size}`).toBe(true);
    else bySize.set(h.size, h.root);
  }
  await forEachLimited([...bySize], 8, async ([size, root]) => {
    const proof = await getJson<{ rootHash: string; hashes: string[] }>(
      `${rekorUrl}/api/v1/log/proof?firstSize=${size}&lastSize=${last.size}`,
    );
    expect(proof.rootHash).toBe(last.root.toString('hex'));
    verifyConsistency(
      size,
      last.size,
      proof.hashes.map((h) => Buffer.from(h, 'hex')),
      root,
      last.root,
    );
  });
}

/**
 * Reads entries 0..size-1 by index and checks that they are the tree of `head`: each in its place
 * with a proof to the same signed head, and the root recomputed from the bodies equal to its root.
 */
async function readWholeLog(rekorUrl: string, trust: LogTrust, head: Head): Promise<Verified[]> {
  const entries = new Array<Verified>(head.size);
  await forEachLimited([...Array(head.size).keys()], 16, async (i) => {
    const e = verifyEntry(await getJson(`${rekorUrl}/api/v1/log/entries?logIndex=${i}`), trust);
    expect(e.index).toBe(i);
    expect(e.head).toEqual(head);
    entries[i] = e;
  });
  const leaves = entries.map((e) => hashLeaf(Buffer.from(e.body, 'base64')));
  expect(rootFromLeafHashes(leaves).equals(head.root), 'root of the served entries').toBe(true);
  return entries;
}

/** Runs `fn` over `items` with at most `limit` calls in flight; the first failure stops the rest. */
async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failed = false;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (!failed && next < items.length) {
        try {
          await fn(items[next++]!);
        } catch (err) {
          failed = true;
          throw err;
        }
      }
    }),
  );
}

async function until(done: () => boolean, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((ok) => setTimeout(ok, 20));
  }
}

describe.skipIf(!postgres)('rekor on PostgreSQL under concurrent load', () => {
  describe('two worker processes appending at once', () => {
    let stack: SigsteadStack;

    beforeAll(async () => {
      stack = await SigsteadStack.start({
        fulcioConfig: { 'oidc-issuers': {} },
        database: 'postgres',
        workers: 2,
      });
    });

    afterAll(async () => {
      const exit = await stack?.stop();
      expect(exit?.code).toBe(0);
    });

    it('keeps one log: contiguous indices, every checkpoint a prefix of the final tree', async () => {
      const trust = await trustLog(stack.rekorUrl);
      const distinct = Array.from({ length: 240 }, newSubmission);
      // Every tenth entry is also sent a second time right behind itself, racing its original
      // through either worker: exactly one of the two may be appended.
      const sends = distinct.flatMap((s, i) => (i % 10 === 0 ? [s, s] : [s]));
      const created: Verified[] = [];
      const conflicts: { digest: string; location: string | null }[] = [];
      const appends = forEachLimited(sends, 32, async (s) => {
        const r = await post(`${stack.rekorUrl}/api/v1/log/entries`, s.entry);
        if (r.status === 409) {
          conflicts.push({ digest: s.digest, location: r.location });
          return;
        }
        expect(r.status, `${JSON.stringify(r.json)}\n${stack.output()}`).toBe(201);
        const e = verifyEntry(r.json, trust);
        expect(e.digest).toBe(s.digest);
        created.push(e);
      });
      // Meanwhile one client reads the signed tree head over and over, from either worker.
      let appending = true;
      const polled: Head[] = [];
      const poll = async () => {
        while (appending) polled.push(await treeHead(stack.rekorUrl, trust));
      };
      await Promise.all([appends.finally(() => (appending = false)), poll()]);

      // Each submission appended exactly once; each duplicate answered with the original's ID.
      expect(created.map((e) => e.digest).sort()).toEqual(distinct.map((s) => s.digest).sort());
      expect(conflicts).toHaveLength(sends.length - distinct.length);
      const idOf = new Map(created.map((e) => [e.digest, e.id]));
      for (const c of conflicts)
        expect(c.location).toBe(`/api/v1/log/entries/${idOf.get(c.digest)}`);

      // Indices 0..n-1, each handed out once; the tree is exactly the acknowledged entries.
      const n = created.length;
      expect(created.map((e) => e.index).sort((a, b) => a - b)).toEqual([...Array(n).keys()]);
      const head = await treeHead(stack.rekorUrl, trust);
      expect(head.size).toBe(n);

      // A later read never sees a smaller tree, and every tree anyone was shown is a prefix.
      for (let i = 1; i < polled.length; i++) {
        expect(polled[i]!.size).toBeGreaterThanOrEqual(polled[i - 1]!.size);
      }
      await expectPrefixesOf(
        stack.rekorUrl,
        [...created.map((e) => e.head), ...polled.filter((h) => h.size > 0)],
        head,
      );
      const log = await readWholeLog(stack.rekorUrl, trust, head);
      for (const e of created) {
        expect(log[e.index]).toMatchObject({ id: e.id, body: e.body });
      }
    });
  });

  // With two workers the whole process group is killed at once: both sequencers die mid-batch.
  // SIGTERM under the same load must end in a clean exit: in-flight requests are answered and busy
  // keep-alive connections closed, instead of the server waiting for clients to stop.
  describe.each([
    ['SIGKILL', 1],
    ['SIGKILL', 2],
    ['SIGTERM', 1],
  ] as const)('%s while appending (workers: %i), then restart', (signal, workers) => {
    let stack: SigsteadStack;

    beforeAll(async () => {
      stack = await SigsteadStack.start({
        fulcioConfig: { 'oidc-issuers': {} },
        database: 'postgres',
        workers,
      });
    });

    afterAll(async () => {
      const exit = await stack?.stop();
      expect(exit?.code).toBe(0);
    });

    it('keeps every acknowledged entry at its index and continues after it', async () => {
      const url = `${stack.rekorUrl}/api/v1/log/entries`;
      const trust = await trustLog(stack.rekorUrl);
      const submitted = new Map<string, Submission>();
      const acknowledged: Verified[] = [];
      const unacknowledged: Submission[] = [];
      const failuresBeforeKill: string[] = [];
      let killing = false;

      // Clients append without pause until the kill. An answer other than 201 only counts as a
      // failure if it arrived before the kill started; a 201 counts whenever it arrives.
      let loadError: Error | undefined;
      const load = Array.from({ length: 16 }, async () => {
        while (!killing) {
          const s = newSubmission();
          submitted.set(s.digest, s);
          const r = await post(url, s.entry).catch((err: unknown) => String(err));
          if (typeof r !== 'string' && r.status === 201) {
            const e = verifyEntry(r.json, trust);
            expect(e.digest).toBe(s.digest);
            acknowledged.push(e);
            continue;
          }
          unacknowledged.push(s);
          if (!killing)
            failuresBeforeKill.push(
              typeof r === 'string' ? r : `${r.status} ${JSON.stringify(r.json)}`,
            );
        }
      }).map((p) =>
        p.catch((err: unknown) => {
          loadError ??= err instanceof Error ? err : new Error(String(err));
        }),
      );
      try {
        await until(
          () =>
            acknowledged.length >= 200 || failuresBeforeKill.length > 0 || loadError !== undefined,
          '200 acknowledged appends',
        );
      } finally {
        killing = true;
      }
      const exit = await stack.kill(signal);
      await Promise.all(load);
      if (loadError !== undefined) throw loadError;
      expect(failuresBeforeKill, stack.output()).toEqual([]);
      if (signal === 'SIGKILL') expect(exit.signal).toBe('SIGKILL');
      else expect(exit, stack.output()).toEqual({ code: 0, signal: null });

      await stack.restart();
      const restarted = await treeHead(stack.rekorUrl, trust);
      expect(restarted.size).toBeGreaterThanOrEqual(acknowledged.length);
      // No acknowledged tree was rolled back or forked.
      await expectPrefixesOf(
        stack.rekorUrl,
        acknowledged.map((e) => e.head),
        restarted,
      );

      // The whole log is contiguous, and holds only what was sent, each once; every acknowledged
      // entry is where its 201 said, with a proof to the fresh signed head.
      const log = await readWholeLog(stack.rekorUrl, trust, restarted);
      for (const e of log) expect(submitted.has(e.digest), `unknown entry ${e.index}`).toBe(true);
      expect(new Set(log.map((e) => e.digest)).size).toBe(log.length);
      for (const e of acknowledged) {
        expect(log[e.index], `acknowledged entry ${e.index}`).toMatchObject({
          id: e.id,
          body: e.body,
        });
      }

      // Their search-index rows were committed with them.
      await forEachLimited(acknowledged, 16, async (e) => {
        const r = await post(`${stack.rekorUrl}/api/v1/index/retrieve`, {
          hash: `sha256:${e.digest}`,
        });
        expect(r.status).toBe(200);
        expect(r.json).toEqual([e.id]);
      });

      // The next append continues right after the restored tree.
      const next = newSubmission();
      submitted.set(next.digest, next);
      const first = await post(url, next.entry);
      expect(first.status, JSON.stringify(first.json)).toBe(201);
      const firstAfter = verifyEntry(first.json, trust);
      expect(firstAfter.index).toBe(restarted.size);

      // Retrying every unanswered request and a few new ones: what the killed server committed
      // is a duplicate (409), the rest is appended, after everything else.
      const logged = new Set(log.map((e) => e.digest));
      const retries = [
        ...unacknowledged,
        ...acknowledged.slice(0, 20).map((e) => submitted.get(e.digest)!),
      ];
      const fresh = Array.from({ length: 16 }, newSubmission);
      for (const f of fresh) submitted.set(f.digest, f);
      const appended: Verified[] = [firstAfter];
      await forEachLimited([...retries, ...fresh], 16, async (s) => {
        const r = await post(url, s.entry);
        if (logged.has(s.digest)) {
          expect(r.status, `retry of logged entry ${s.digest}`).toBe(409);
          return;
        }
        expect(r.status, JSON.stringify(r.json)).toBe(201);
        const e = verifyEntry(r.json, trust);
        expect(e.digest).toBe(s.digest);
        appended.push(e);
      });
      const expected =
        1 + fresh.length + unacknowledged.filter((s) => !logged.has(s.digest)).length;
      expect(appended).toHaveLength(expected);
      expect(appended.map((e) => e.index).sort((a, b) => a - b)).toEqual(
        Array.from({ length: expected }, (_, i) => restarted.size + i),
      );

      const final = await treeHead(stack.rekorUrl, trust);
      expect(final.size).toBe(restarted.size + expected);
      await expectPrefixesOf(
        stack.rekorUrl,
        [restarted, ...acknowledged.map((e) => e.head), ...appended.map((e) => e.head)],
        final,
      );
      const finalLog = await readWholeLog(stack.rekorUrl, trust, final);
      // Every submission is in the log exactly once.
      expect(finalLog.map((e) => e.digest).sort()).toEqual([...submitted.keys()].sort());
    });
  });
});
