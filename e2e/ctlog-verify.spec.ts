/**
 * The CT log's signed tree heads, inclusion proofs and consistency proofs, checked by verifiers that
 * share no code with sigstead (spec fulcio.md §4.2; RFC 6962 §2.1, §3.5, §4.3–§4.5), while Fulcio
 * issues certificates and the tree grows through several sizes:
 *
 *  - sigstore-js: `@sigstore/verify`'s RFC 6962 inclusion verifier (the one it runs on Rekor
 *    entries) proves every leaf at every recorded tree size, so each older tree's leaves sit at the
 *    same indices in every newer tree (append-only); STH signatures with node:crypto.
 *  - certificate-transparency-go's `ctclient`: `get-sth` checks each STH signature with the log's
 *    key, `get-inclusion-proof` rebuilds each leaf from the logged precertificate and verifies its
 *    proof against the current STH, `get-consistency-proof` verifies the proof between every pair
 *    of tree heads (transparency-dev/merkle).
 *
 * ctclient comes from SIGSTEAD_CTCLIENT, else `${SIGSTEAD_CLIENTS_DIR:-~/.cache/sigstead}/bin/
 * ctclient-<version>` (scripts/install-clients.sh); missing, its tests skip — except in CI.
 */
import { accessSync, constants } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { createHash, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate as SigstoreCertificate } from '@sigstore/core';
import { VerificationError } from '@sigstore/verify';
// Not a public entry point: @sigstore/verify 4.x has no `exports` map, so its RFC 6962 inclusion
// verifier can be imported by path (it is what the library runs on Rekor inclusion proofs).
import { verifyMerkleInclusion } from '@sigstore/verify/dist/tlog/merkle.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientSandbox } from './support/clients.js';
import { signingCertRequest } from './support/signing-request.js';
import { TestOidcIssuer } from './support/oidc-issuer.js';
import { SigsteadStack } from './support/stack.js';

/** The certificate-transparency-go release scripts/install-clients.sh builds (its go.mod: go 1.24). */
const CTCLIENT_VERSION = 'v1.4.0';
const EMAIL = 'alice@example.com';
/** Certificates issued between tree heads: the log grows 1 → 3 → 6 → 8, then 9 → 11 → 14 → 16. */
const ROUNDS = [1, 2, 3, 2];

const databases: ('embedded' | 'postgres')[] = process.env['TEST_DATABASE_URL']
  ? ['embedded', 'postgres']
  : ['embedded'];
const ctclient = locateCtclient();

/** ctclient's path, like support/clients.ts finds the other clients; in CI a missing one fails. */
function locateCtclient(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const cache = env['SIGSTEAD_CLIENTS_DIR'] || join(homedir(), '.cache/sigstead');
  const candidate = env['SIGSTEAD_CTCLIENT'] || join(cache, `bin/ctclient-${CTCLIENT_VERSION}`);
  try {
    accessSync(candidate, constants.X_OK);
    return candidate;
  } catch {
    if (env['CI'] === 'true') {
      throw new Error(`ctclient missing in CI: ${candidate} (run scripts/install-clients.sh)`);
    }
    return undefined;
  }
}

interface SthJson {
  tree_size: number;
  timestamp: number;
  sha256_root_hash: string;
  tree_head_signature: string;
}

interface Entry {
  leaf_input: string;
  extra_data: string;
}

type MerkleEntry = Parameters<typeof verifyMerkleInclusion>[0];
type MerkleCheckpoint = Parameters<typeof verifyMerkleInclusion>[1];

/** RFC 6962 §2.1 leaf hash: the `hash` that get-proof-by-hash looks up. */
function leafHash(leafInput: Buffer): Buffer {
  return createHash('sha256')
    .update(Buffer.from([0]))
    .update(leafInput)
    .digest();
}

/** Runs @sigstore/verify's inclusion verifier; throws its VerificationError on a bad proof. */
function sigstoreVerifyInclusion(
  leafInput: Buffer,
  index: number,
  auditPath: string[],
  size: number,
  rootHash: Buffer,
): void {
  const entry = {
    canonicalizedBody: leafInput,
    inclusionProof: {
      logIndex: String(index),
      hashes: auditPath.map((h) => Buffer.from(h, 'base64')),
    },
  } as unknown as MerkleEntry;
  const checkpoint = { logSize: BigInt(size), logHash: rootHash } as unknown as MerkleCheckpoint;
  verifyMerkleInclusion(entry, checkpoint);
}

describe.each(databases)('CT log proofs under independent verifiers (%s database)', (database) => {
  let issuer: TestOidcIssuer;
  let stack: SigsteadStack;
  let sandbox: ClientSandbox;
  /** The log's key (DER SPKI) from `GET /<prefix>/log.v3.json`, and its PEM file for ctclient. */
  let logKey: Buffer;
  let logKeyPem: string;
  /** Leaf certificates Fulcio returned, in order. */
  const issued: string[] = [];
  /** Every signature-checked tree head either verifier saw: size and hex root hash. */
  const roots: { size: number; hash: string }[] = [];

  beforeAll(async () => {
    issuer = await TestOidcIssuer.start();
    stack = await SigsteadStack.start({
      database,
      fulcioConfig: { 'oidc-issuers': { [issuer.url]: issuer.fulcioIssuerConfig('email') } },
    });
    sandbox = await ClientSandbox.create();
    const info = (await getJson('log.v3.json')) as { key: string };
    logKey = Buffer.from(info.key, 'base64');
    logKeyPem = sandbox.path('ctlog.pub');
    const pem = createPublicKey({ key: logKey, format: 'der', type: 'spki' }).export({
      type: 'spki',
      format: 'pem',
    });
    await writeFile(logKeyPem, pem);
  });

  afterAll(async () => {
    const exit = await stack?.stop();
    await issuer?.close();
    await sandbox?.remove();
    if (exit) expect(exit).toEqual({ code: 0, signal: null });
  });

  async function getJson(path: string): Promise<unknown> {
    const res = await fetch(`${stack.ctlogUrl}/${path}`);
    const text = await res.text();
    expect(res.status, `GET ${path}: ${text}`).toBe(200);
    return JSON.parse(text);
  }

  const getSth = async () => (await getJson('ct/v1/get-sth')) as SthJson;

  async function entries(start: number, end: number): Promise<Entry[]> {
    const { entries } = (await getJson(`ct/v1/get-entries?start=${start}&end=${end}`)) as {
      entries: Entry[];
    };
    return entries;
  }

  /** Issues `count` certificates through Fulcio and waits until the log holds all of them. */
  async function issue(count: number): Promise<SthJson> {
    for (let i = 0; i < count; i++) {
      const res = await signingCertRequest(
        stack.fulcioUrl,
        await issuer.mintToken({ email: EMAIL }),
        EMAIL,
      );
      const text = await res.text();
      expect(res.status, text + stack.output()).toBe(200);
      const json = JSON.parse(text) as {
        signedCertificateEmbeddedSct: { chain: { certificates: string[] } };
      };
      issued.push(json.signedCertificateEmbeddedSct.chain.certificates[0]!);
    }
    const deadline = Date.now() + 30_000;
    for (;;) {
      const sth = await getSth();
      if (sth.tree_size >= issued.length || Date.now() > deadline) {
        expect(sth.tree_size, stack.output()).toBe(issued.length);
        return sth;
      }
      await new Promise((ok) => setTimeout(ok, 200));
    }
  }

  describe('sigstore-js and node:crypto', () => {
    /** Every tree head seen here, the empty tree first. */
    const heads: SthJson[] = [];
    const record = (sth: SthJson) => {
      heads.push(sth);
      const hash = Buffer.from(sth.sha256_root_hash, 'base64').toString('hex');
      roots.push({ size: sth.tree_size, hash });
    };
    /** The log's leaves as get-entries returned them right after each round. */
    const leavesSeen: string[][] = [];

    function expectSthSignature(sth: SthJson): void {
      // RFC 6962 §3.5 TreeHeadSignature: version v1, signature_type tree_hash, timestamp, size, root.
      const signed = Buffer.alloc(2 + 8 + 8 + 32);
      signed.writeUInt8(0, 0);
      signed.writeUInt8(1, 1);
      signed.writeBigUInt64BE(BigInt(sth.timestamp), 2);
      signed.writeBigUInt64BE(BigInt(sth.tree_size), 10);
      Buffer.from(sth.sha256_root_hash, 'base64').copy(signed, 18);
      // RFC 5246 §4.7 digitally-signed: hash sha256 (4), signature ecdsa (3), u16 length, DER.
      const dss = Buffer.from(sth.tree_head_signature, 'base64');
      expect([dss[0], dss[1]]).toEqual([4, 3]);
      expect(dss.readUInt16BE(2)).toBe(dss.length - 4);
      const key = { key: logKey, format: 'der', type: 'spki' } as const;
      expect(verify('sha256', signed, key, dss.subarray(4)), 'STH signature').toBe(true);
    }

    it('signs the empty tree head over the SHA-256 of nothing', async () => {
      const sth = await getSth();
      expect(sth.tree_size).toBe(0);
      expect(sth.sha256_root_hash).toBe(createHash('sha256').digest('base64'));
      expectSthSignature(sth);
      record(sth);
    });

    it.each(ROUNDS)('signs the tree head after %i more certificate(s)', async (count) => {
      const sth = await issue(count);
      expectSthSignature(sth);
      record(sth);
      leavesSeen.push((await entries(0, sth.tree_size - 1)).map((e) => e.leaf_input));
    });

    it('proves every leaf at every recorded tree size (get-proof-by-hash)', async () => {
      const last = heads.at(-1)!;
      const leaves = (await entries(0, last.tree_size - 1)).map((e) =>
        Buffer.from(e.leaf_input, 'base64'),
      );
      expect(leaves).toHaveLength(issued.length);
      let proofs = 0;
      for (const sth of heads.slice(1)) {
        const root = Buffer.from(sth.sha256_root_hash, 'base64');
        for (let i = 0; i < sth.tree_size; i++) {
          const hash = encodeURIComponent(leafHash(leaves[i]!).toString('base64'));
          const proof = (await getJson(
            `ct/v1/get-proof-by-hash?hash=${hash}&tree_size=${sth.tree_size}`,
          )) as { leaf_index: number; audit_path: string[] };
          expect(proof.leaf_index).toBe(i);
          expect(() =>
            sigstoreVerifyInclusion(leaves[i]!, i, proof.audit_path, sth.tree_size, root),
          ).not.toThrow();
          proofs++;
        }
      }
      expect(proofs).toBe(heads.reduce((n, h) => n + h.tree_size, 0));
    });

    it('proves every leaf at every recorded tree size (get-entry-and-proof)', async () => {
      for (const sth of heads.slice(1)) {
        const root = Buffer.from(sth.sha256_root_hash, 'base64');
        for (let i = 0; i < sth.tree_size; i++) {
          const got = (await getJson(
            `ct/v1/get-entry-and-proof?leaf_index=${i}&tree_size=${sth.tree_size}`,
          )) as Entry & { audit_path: string[] };
          const leaf = Buffer.from(got.leaf_input, 'base64');
          expect(() =>
            sigstoreVerifyInclusion(leaf, i, got.audit_path, sth.tree_size, root),
          ).not.toThrow();
        }
      }
    });

    it('only ever appended: each older tree is a prefix of every newer one', () => {
      // With every leaf proven at every size above, an older tree's leaves sit at the same
      // indices under every newer root; get-entries must also have served the same bytes.
      const final = leavesSeen.at(-1)!;
      for (const seen of leavesSeen) expect(final.slice(0, seen.length)).toEqual(seen);
      for (let k = 1; k < heads.length; k++) {
        expect(heads[k]!.tree_size).toBeGreaterThan(heads[k - 1]!.tree_size);
        expect(heads[k]!.timestamp).toBeGreaterThanOrEqual(heads[k - 1]!.timestamp);
      }
    });

    it("rejects a proof for another leaf, index or root (the verifier's own checks)", async () => {
      const sth = heads.at(-1)!;
      const root = Buffer.from(sth.sha256_root_hash, 'base64');
      const [entry] = await entries(2, 2);
      const leaf = Buffer.from(entry!.leaf_input, 'base64');
      const hash = encodeURIComponent(leafHash(leaf).toString('base64'));
      const { audit_path } = (await getJson(
        `ct/v1/get-proof-by-hash?hash=${hash}&tree_size=${sth.tree_size}`,
      )) as { audit_path: string[] };
      const tampered = Buffer.from(leaf);
      tampered[tampered.length - 1]! ^= 0x01;
      const older = Buffer.from(heads[2]!.sha256_root_hash, 'base64');
      expect(() => sigstoreVerifyInclusion(leaf, 2, audit_path, sth.tree_size, root)).not.toThrow();
      expect(() => sigstoreVerifyInclusion(tampered, 2, audit_path, sth.tree_size, root)).toThrow(
        VerificationError,
      );
      expect(() => sigstoreVerifyInclusion(leaf, 3, audit_path, sth.tree_size, root)).toThrow(
        VerificationError,
      );
      expect(() => sigstoreVerifyInclusion(leaf, 2, audit_path, sth.tree_size, older)).toThrow(
        VerificationError,
      );
    });

    it('logs the precertificate behind the SCT embedded in every issued certificate', async () => {
      const logId = Buffer.from(
        ((await getJson('log.v3.json')) as { log_id: string }).log_id,
        'base64',
      );
      const leafTimestamps = (await entries(0, issued.length - 1)).map((e) =>
        Buffer.from(e.leaf_input, 'base64').readBigUInt64BE(2),
      );
      const sctTimestamps = issued.map((pem) => {
        const scts = SigstoreCertificate.parse(pem).extSCT?.signedCertificateTimestamps ?? [];
        expect(scts).toHaveLength(1);
        expect(scts[0]!.logID.equals(logId)).toBe(true);
        return scts[0]!.timestamp.readBigUInt64BE(0);
      });
      expect(sctTimestamps).toEqual(leafTimestamps);
    });
  });

  describe.skipIf(!ctclient)(`certificate-transparency-go ctclient ${CTCLIENT_VERSION}`, () => {
    const bin = ctclient!;
    /** Tree heads as ctclient reported them (signature verified): size and hex root. */
    const heads: { size: number; hash: string }[] = [];

    // The subcommand goes first: ctclient also hands its arguments to Go's flag package, which
    // stops at the first non-flag but rejects cobra's flags before it.
    const run = (command: string, ...args: string[]) =>
      sandbox.run(bin, [command, `--log_uri=${stack.ctlogUrl}`, `--pub_key=${logKeyPem}`, ...args]);

    /** `get-sth`: ctclient verifies the signature with --pub_key before printing the head. */
    async function verifiedSth(): Promise<{ size: number; hash: string }> {
      const result = await run('get-sth');
      expect(result.code, result.transcript).toBe(0);
      const m = /\(size=(\d+)\) at .*, hash ([0-9a-f]{64})/.exec(result.stdout);
      expect(m, result.transcript).not.toBeNull();
      return { size: Number(m![1]), hash: m![2]! };
    }

    /** Leaf files by index; a logged entry never changes, so each is fetched once. */
    const leafFiles = new Map<number, string>();

    /**
     * Writes leaf `index` as ctclient's own get-entries prints it (the timestamp, the
     * precertificate and its chain as PEM): the file get-inclusion-proof --cert_chain reads.
     */
    async function leafFile(index: number): Promise<string> {
      const cached = leafFiles.get(index);
      if (cached) return cached;
      const result = await run(
        'get-entries',
        `--first=${index}`,
        `--last=${index}`,
        '--chain',
        '--text=false',
      );
      expect(result.code, result.transcript).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`^Index=${index} Timestamp=\\d+ .*pre-certificate`));
      expect(result.stdout.match(/-----BEGIN CERTIFICATE-----/g), result.transcript).toHaveLength(
        3,
      );
      const path = sandbox.path(`leaf-${index}.txt`);
      await writeFile(path, result.stdout);
      leafFiles.set(index, path);
      return path;
    }

    // 0: the tree as the tests above left it (8 leaves when they ran, a power of two).
    it.each([0, ...ROUNDS])(
      'after %i more certificate(s): verifies the STH and the inclusion of every leaf',
      async (count) => {
        if (count > 0) await issue(count);
        const head = await verifiedSth();
        expect(head.size).toBe(issued.length);
        heads.push(head);
        roots.push(head);
        for (let i = 0; i < head.size; i++) {
          // Without --size, ctclient fetches the STH, checks its signature, then the proof.
          const proof = await run('get-inclusion-proof', `--cert_chain=${await leafFile(i)}`);
          expect(proof.code, proof.transcript).toBe(0);
          expect(proof.stdout).toContain(
            `Inclusion proof for index ${i} in tree of size ${head.size}`,
          );
          expect(proof.stdout, proof.transcript).toMatch(
            /Verified that hash [0-9a-f]{64} \+ proof = root hash/,
          );
        }
      },
    );

    it('verifies the consistency proof between every pair of tree heads', async () => {
      // Both verifiers' heads (all signature-checked), one per size; ctclient takes no empty tree.
      const bySize = new Map(roots.filter((h) => h.size > 0).map((h) => [h.size, h]));
      const sized = [...bySize.values()].sort((x, y) => x.size - y.size);
      expect(sized.length).toBeGreaterThanOrEqual(ROUNDS.length);
      let pairs = 0;
      for (let j = 0; j < sized.length; j++) {
        for (let k = j + 1; k < sized.length; k++) {
          const [a, b] = [sized[j]!, sized[k]!];
          const result = await run(
            'get-consistency-proof',
            `--prev_size=${a.size}`,
            `--prev_hash=${a.hash}`,
            `--size=${b.size}`,
            `--tree_hash=${b.hash}`,
          );
          expect(result.code, result.transcript).toBe(0);
          expect(result.stdout, result.transcript).toContain(
            `Verified that hash ${a.hash} @${a.size} + proof = hash ${b.hash} @${b.size}`,
          );
          pairs++;
        }
      }
      expect(pairs).toBe((sized.length * (sized.length - 1)) / 2);
    });

    it('refuses an STH checked against another key', async () => {
      const other = sandbox.path('other.pub');
      const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      await writeFile(other, publicKey.export({ type: 'spki', format: 'pem' }));
      const result = await sandbox.run(bin, [
        'get-sth',
        `--log_uri=${stack.ctlogUrl}`,
        `--pub_key=${other}`,
      ]);
      expect(result.code, result.transcript).not.toBe(0);
      expect(result.stderr).toContain('failed to verify ECDSA signature');
    });

    it('refuses a consistency proof against a wrong earlier root', async () => {
      const [a, b] = [heads[1]!, heads.at(-1)!];
      const wrong = a.hash.replace(/^./, (c) => (c === '0' ? '1' : '0'));
      const result = await run(
        'get-consistency-proof',
        `--prev_size=${a.size}`,
        `--prev_hash=${wrong}`,
        `--size=${b.size}`,
        `--tree_hash=${b.hash}`,
      );
      expect(result.code, result.transcript).not.toBe(0);
      expect(result.stderr).toContain('Failed to VerifyConsistency');
    });

    it('finds no leaf for a precertificate under another timestamp', async () => {
      const file = await leafFile(0);
      const timestamp = /Timestamp=(\d+)/.exec(await readFile(file, 'utf8'))![1]!;
      const result = await run(
        'get-inclusion-proof',
        `--cert_chain=${file}`,
        `--timestamp=${BigInt(timestamp) + 1n}`,
      );
      expect(result.code, result.transcript).not.toBe(0);
    });
  });
});
