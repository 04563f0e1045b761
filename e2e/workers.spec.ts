/**
 * `workers: 2` runs two server processes on one PostgreSQL: both append to the one CT log, which must
 * stay a single log (contiguous indices, one tree) with every issued certificate's SCT in it. The
 * server runs under V8 flags an operator sets on the command line, which Node refuses in a worker
 * thread's own flags: the validation threads start without them (they are the process's anyway).
 */
import { createPublicKey, X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decodeMerkleTreeLeaf,
  embeddedScts,
  issuerKeyHash,
  tbsWithoutSctList,
  verifySct,
} from '@sigstead/util-ct';
import { hashLeaf, rootFromLeafHashes } from '@sigstead/util-merkle';
import { signingCertRequest } from './support/signing-request.js';
import { TestOidcIssuer } from './support/oidc-issuer.js';
import { SigsteadStack } from './support/stack.js';

const postgres = Boolean(process.env['TEST_DATABASE_URL']);
if (!postgres && process.env['CI'] === 'true')
  throw new Error('TEST_DATABASE_URL is required in CI');

describe.skipIf(!postgres)('two worker processes on one PostgreSQL', () => {
  let issuer: TestOidcIssuer;
  let stack: SigsteadStack;

  beforeAll(async () => {
    issuer = await TestOidcIssuer.start();
    stack = await SigsteadStack.start({
      fulcioConfig: { 'oidc-issuers': { [issuer.url]: issuer.fulcioIssuerConfig('email') } },
      database: 'postgres',
      workers: 2,
      nodeArgs: ['--max-old-space-size=512', '--max-semi-space-size=16'],
    });
  });

  afterAll(async () => {
    const exit = await stack?.stop();
    expect(exit?.code).toBe(0);
    await issuer?.close();
  });

  async function issue(i: number): Promise<X509Certificate[]> {
    const email = `worker${i}@example.com`;
    const res = await signingCertRequest(stack.fulcioUrl, await issuer.mintToken({ email }), email);
    expect(res.status, stack.output()).toBe(200);
    const body = (await res.json()) as {
      signedCertificateEmbeddedSct: { chain: { certificates: string[] } };
    };
    return body.signedCertificateEmbeddedSct.chain.certificates.map(
      (pem) => new X509Certificate(pem),
    );
  }

  it('keeps one contiguous log with every SCT in it', async () => {
    const chains = await Promise.all(Array.from({ length: 40 }, (_, i) => issue(i)));
    const info = (await (await fetch(`${stack.ctlogUrl}/log.v3.json`)).json()) as { key: string };
    const logKey = createPublicKey({
      key: Buffer.from(info.key, 'base64'),
      format: 'der',
      type: 'spki',
    });
    const sth = (await (await fetch(`${stack.ctlogUrl}/ct/v1/get-sth`)).json()) as {
      tree_size: number;
      sha256_root_hash: string;
    };
    expect(sth.tree_size).toBe(40);
    const { entries } = (await (
      await fetch(`${stack.ctlogUrl}/ct/v1/get-entries?start=0&end=39`)
    ).json()) as { entries: { leaf_input: string }[] };
    const leaves = entries.map((e) => Buffer.from(e.leaf_input, 'base64'));
    // The root of the served entries is the signed root: no gaps, no forks.
    expect(rootFromLeafHashes(leaves.map((l) => hashLeaf(l))).toString('base64')).toBe(
      sth.sha256_root_hash,
    );
    const timestamps = new Set(leaves.map((l) => decodeMerkleTreeLeaf(l).timestamp));
    for (const [leaf, intermediate] of chains) {
      const [sct] = embeddedScts(leaf!.raw);
      const entry = {
        type: 'precert' as const,
        issuerKeyHash: issuerKeyHash(intermediate!.raw),
        tbsCertificate: tbsWithoutSctList(leaf!.raw),
      };
      expect(verifySct(sct!, entry, logKey)).toBe(true);
      expect(timestamps.has(sct!.timestamp)).toBe(true);
    }
  });
});
