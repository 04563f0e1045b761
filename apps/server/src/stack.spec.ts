import { createPublicKey, generateKeyPairSync, sign, X509Certificate } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedScts, issuerKeyHash, tbsWithoutSctList, verifySct } from '@sigstead/util-ct';
import { hashLeaf, verifyConsistency, verifyInclusion } from '@sigstead/util-merkle';
import { buildConfig } from '@sigstead/util-config';
import {
  EmbeddedSctCa,
  HttpCtSubmitter,
  loadCaMaterial,
  type CtSubmitter,
} from '@sigstead/feature-issuance';
import { startStack, type RunningStack } from './stack.js';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

describe('the all-in-one stack (embedded)', () => {
  let dataDir: string;
  let stack: RunningStack;
  let urls: { fulcio: string; ctlog: string; dev: string };
  let config: ReturnType<typeof buildConfig>;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'sigstead-stack-'));
    const [fulcio, ctlog, dev] = [await freePort(), await freePort(), await freePort()];
    config = buildConfig({
      dataDir,
      fulcio: { port: fulcio },
      ctlog: { port: ctlog },
      devIssuer: { enabled: true, port: dev, publicUrl: `http://127.0.0.1:${dev}` },
      tuf: { port: 0 },
    });
    stack = await startStack(config, {});
    urls = {
      fulcio: `http://127.0.0.1:${fulcio}`,
      ctlog: `http://127.0.0.1:${ctlog}/sigstead`,
      dev: `http://127.0.0.1:${dev}`,
    };
  });

  afterAll(async () => {
    await stack?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function issue(email: string) {
    const tok = (await (
      await fetch(`${urls.dev}/token`, { method: 'POST', body: JSON.stringify({ email }) })
    ).json()) as { id_token: string };
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const res = await fetch(`${urls.fulcio}/api/v2/signingCert`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        credentials: { oidcIdentityToken: tok.id_token },
        publicKeyRequest: {
          publicKey: {
            algorithm: 'ECDSA',
            content: publicKey.export({ type: 'spki', format: 'pem' }),
          },
          proofOfPossession: sign('sha256', Buffer.from(email), privateKey).toString('base64'),
        },
      }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      signedCertificateEmbeddedSct: { chain: { certificates: string[] } };
    };
    return body.signedCertificateEmbeddedSct.chain.certificates.map(
      (pem) => new X509Certificate(pem),
    );
  }

  it('issues a ten-minute certificate whose embedded SCT verifies with the log key', async () => {
    const [leaf, intermediate, root] = await issue('alice@example.com');
    expect(leaf!.subjectAltName).toBe('email:alice@example.com');
    expect(leaf!.verify(intermediate!.publicKey)).toBe(true);
    expect(intermediate!.verify(root!.publicKey)).toBe(true);
    expect(Date.parse(leaf!.validTo) - Date.parse(leaf!.validFrom)).toBe(600_000);
    const info = (await (await fetch(`${urls.ctlog}/log.v3.json`)).json()) as { key: string };
    const logKey = { key: Buffer.from(info.key, 'base64'), format: 'der', type: 'spki' } as const;
    const [sct] = embeddedScts(leaf!.raw);
    // Verifiers rebuild the precertificate TBS from the final certificate (spec §3.3).
    const entry = {
      type: 'precert' as const,
      issuerKeyHash: issuerKeyHash(intermediate!.raw),
      tbsCertificate: tbsWithoutSctList(leaf!.raw),
    };
    expect(sct).toBeDefined();
    expect(verifySct(sct!, entry, createPublicKey(logKey))).toBe(true);
  });

  it('serves tree heads, entries, inclusion and consistency proofs that verify', async () => {
    const sth1 = (await (await fetch(`${urls.ctlog}/ct/v1/get-sth`)).json()) as {
      tree_size: number;
      sha256_root_hash: string;
    };
    for (let i = 0; i < 5; i++) await issue(`user${i}@example.com`);
    const sth2 = (await (await fetch(`${urls.ctlog}/ct/v1/get-sth`)).json()) as typeof sth1;
    expect(sth2.tree_size).toBe(sth1.tree_size + 5);
    const root2 = Buffer.from(sth2.sha256_root_hash, 'base64');
    const entries = (await (
      await fetch(`${urls.ctlog}/ct/v1/get-entries?start=0&end=${sth2.tree_size - 1}`)
    ).json()) as { entries: { leaf_input: string }[] };
    expect(entries.entries).toHaveLength(sth2.tree_size);
    for (const [index, e] of entries.entries.entries()) {
      const leafHash = hashLeaf(Buffer.from(e.leaf_input, 'base64'));
      const proof = (await (
        await fetch(
          `${urls.ctlog}/ct/v1/get-proof-by-hash?hash=${encodeURIComponent(leafHash.toString('base64'))}&tree_size=${sth2.tree_size}`,
        )
      ).json()) as { leaf_index: number; audit_path: string[] };
      expect(proof.leaf_index).toBe(index);
      verifyInclusion(
        BigInt(index),
        BigInt(sth2.tree_size),
        leafHash,
        proof.audit_path.map((h) => Buffer.from(h, 'base64')),
        root2,
      );
    }
    const consistency = (await (
      await fetch(
        `${urls.ctlog}/ct/v1/get-sth-consistency?first=${sth1.tree_size}&second=${sth2.tree_size}`,
      )
    ).json()) as { consistency: string[] };
    verifyConsistency(
      BigInt(sth1.tree_size),
      BigInt(sth2.tree_size),
      consistency.consistency.map((h) => Buffer.from(h, 'base64')),
      Buffer.from(sth1.sha256_root_hash, 'base64'),
      root2,
    );
  });

  it('answers a resubmitted certificate with the original SCT', async () => {
    const [leaf, intermediate, root] = await issue('dup@example.com');
    // The CA's precertificate is not exposed, so resubmit its final certificate through add-chain
    // twice: the same identity must get the same SCT (timestamp and signature).
    const chain = [leaf!, intermediate!, root!].map((c) => c.raw.toString('base64'));
    const post = () =>
      fetch(`${urls.ctlog}/ct/v1/add-chain`, { method: 'POST', body: JSON.stringify({ chain }) });
    const first = (await (await post()).json()) as Record<string, unknown>;
    const second = (await (await post()).json()) as Record<string, unknown>;
    expect(second).toEqual(first);
    const sig = Buffer.from(first['signature'] as string, 'base64');
    expect(sig.length).toBeGreaterThan(4);
  });

  it('answers a resubmitted precertificate with the original SCT, as when Fulcio retries', async () => {
    // The stack's own CA, from its data directory, with a CT submitter that keeps the chain.
    const keys = join(dataDir, 'keys');
    const material = await loadCaMaterial({
      keyType: 'ecdsa-p256',
      subject: { commonName: 'unused', organization: 'unused' },
      dir: join(keys, 'ca'),
      passphrase: (await readFile(join(keys, '.passphrase'), 'utf8')).trim(),
    });
    const http = new HttpCtSubmitter(urls.ctlog);
    let precertChain: readonly Buffer[] = [];
    const keeping: CtSubmitter = {
      addPreChain: (chain) => ((precertChain = chain), http.addPreChain(chain)),
    };
    const leafKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
    const [pem] = await new EmbeddedSctCa(material, keeping).issue(
      {
        challengeCandidates: ['pre@example.com'],
        subjectAltName: { kind: 'email', value: 'pre@example.com' },
        issuer: urls.dev,
        subject: 'pre@example.com',
        extensions: [],
      },
      leafKey.export({ type: 'spki', format: 'der' }),
    );
    const [embedded] = embeddedScts(new X509Certificate(pem!).raw);
    const resubmit = async () =>
      (await (
        await fetch(`${urls.ctlog}/ct/v1/add-pre-chain`, {
          method: 'POST',
          body: JSON.stringify({ chain: precertChain.map((c) => c.toString('base64')) }),
        })
      ).json()) as { timestamp: number; signature: string };
    const [again, third] = [await resubmit(), await resubmit()];
    expect(third).toEqual(again);
    expect(BigInt(again.timestamp)).toBe(embedded!.timestamp);
  });

  it('lists the CA root as the log’s accepted root (get-roots)', async () => {
    const [, , root] = await issue('roots@example.com');
    const res = await fetch(`${urls.ctlog}/ct/v1/get-roots`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { certificates: string[] };
    expect(body.certificates).toEqual([root!.raw.toString('base64')]);
  });

  it('refuses chains that do not end at its root', async () => {
    const res = await fetch(`${urls.ctlog}/ct/v1/add-pre-chain`, {
      method: 'POST',
      body: JSON.stringify({ chain: ['AAAA'] }),
    });
    expect(res.status).toBe(400);
    // As Go's http.Error writes ctfe's errors: the status's name, then the detail.
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toBe('Bad Request\nchain[0] is not a DER certificate\n');
  });

  it('lays out PEM chains as upstream does: blocks ending in a newline, blank lines in the v1 text', async () => {
    const { chains } = (await (await fetch(`${urls.fulcio}/api/v2/trustBundle`)).json()) as {
      chains: { certificates: string[] }[];
    };
    const pems = chains.flatMap((c) => c.certificates);
    for (const pem of pems)
      expect(pem).toMatch(/^-----BEGIN CERTIFICATE-----\n[^]*-----END CERTIFICATE-----\n$/);
    const root = await (await fetch(`${urls.fulcio}/api/v1/rootCert`)).text();
    expect(root).toBe(pems.map((p) => p.trimEnd()).join('\n\n'));
  });

  it('answers routing errors on the CA as grpc-gateway does', async () => {
    const wrong = await fetch(`${urls.fulcio}/api/v2/signingCert`);
    expect(wrong.status).toBe(501);
    expect(await wrong.json()).toEqual({ code: 12, message: 'Method Not Allowed', details: [] });
    const post = await fetch(`${urls.fulcio}/api/v2/trustBundle`, { method: 'POST', body: '{}' });
    expect(post.status).toBe(501);
    const unknown = await fetch(`${urls.fulcio}/api/v2/nothing`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ code: 5, message: 'Not Found', details: [] });
  });

  it('answers another method than an endpoint’s own with 405, as ctfe does', async () => {
    const get = await fetch(`${urls.ctlog}/ct/v1/add-chain`);
    expect(get.status).toBe(405);
    expect(await get.text()).toBe('Method Not Allowed\nmethod not allowed: GET\n');
    const post = await fetch(`${urls.ctlog}/ct/v1/get-sth`, { method: 'POST', body: '{}' });
    expect(post.status).toBe(405);
  });

  it('lets caches keep entries and proofs, a short page only briefly, never the tree head', async () => {
    await issue('cache@example.com');
    const { tree_size: size } = (await (await fetch(`${urls.ctlog}/ct/v1/get-sth`)).json()) as {
      tree_size: number;
    };
    const cache = async (path: string) => {
      const res = await fetch(`${urls.ctlog}/ct/v1/${path}`);
      expect(res.status, path).toBe(200);
      return res.headers.get('cache-control');
    };
    expect(await cache('get-sth')).toBe('no-store');
    expect(await cache(`get-entries?start=0&end=${size - 1}`)).toBe('public, max-age=86400');
    expect(await cache(`get-entries?start=0&end=${size}`)).toBe('public, max-age=60');
    expect(await cache(`get-sth-consistency?first=1&second=${size}`)).toBe('public, max-age=86400');
    expect(await cache(`get-entry-and-proof?leaf_index=0&tree_size=${size}`)).toBe(
      'public, max-age=86400',
    );
  });

  it('refuses a second process on the same data directory', async () => {
    await expect(startStack(config, {})).rejects.toThrow(
      /already runs sigstead|another sigstead .* is running/,
    );
  });

  it('keeps its keys across a restart', async () => {
    const before = await (await fetch(`${urls.fulcio}/api/v2/trustBundle`)).json();
    const logBefore = (await (await fetch(`${urls.ctlog}/log.v3.json`)).json()) as { key: string };
    await stack.close();
    stack = await startStack(config, {});
    const after = await (await fetch(`${urls.fulcio}/api/v2/trustBundle`)).json();
    const logAfter = (await (await fetch(`${urls.ctlog}/log.v3.json`)).json()) as { key: string };
    expect(after).toEqual(before);
    expect(logAfter.key).toBe(logBefore.key);
  });
});

describe('the development issuer', () => {
  it.each([
    ['services listening beyond loopback', { host: '0.0.0.0' }],
    [
      'a public issuer URL',
      { devIssuer: { enabled: true, publicUrl: 'https://dev.corp.example' } },
    ],
  ])('refuses to start with %s, before anything is created', async (_name, change) => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sigstead-dev-issuer-'));
    try {
      const config = buildConfig({ dataDir, devIssuer: { enabled: true }, ...change });
      await expect(startStack(config, {})).rejects.toThrow(/runs only on loopback/);
      expect(await readdir(dataDir)).not.toContain('keys');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
