/**
 * Operating the TUF repository (issue #4):
 *  - two `tuf` processes on one PostgreSQL database serve byte-identical metadata and targets;
 *  - with re-signing stopped, an expired timestamp makes clients fail closed (sigstore-js through
 *    @sigstore/tuf, cosign v3 `initialize`), and once the job runs again they recover.
 * The short expiry stands in for moving the clock: the Go clients read the real one.
 */
import { writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTrustedRoot } from '@sigstore/tuf';
import { ClientSandbox, locateClients } from './support/clients.js';
import { TestOidcIssuer } from './support/oidc-issuer.js';
import { SigsteadStack } from './support/stack.js';

const clients = locateClients();
const postgres = Boolean(process.env['TEST_DATABASE_URL']);
/** Seconds the timestamp lives in the expiry test. */
const TIMESTAMP_LIFETIME = 4;

let issuer: TestOidcIssuer;
let sandbox: ClientSandbox;

beforeAll(async () => {
  issuer = await TestOidcIssuer.start();
  sandbox = await ClientSandbox.create();
});

afterAll(async () => {
  await issuer?.close();
  await sandbox?.remove();
});

async function bytesAt(base: string, path: string): Promise<Buffer> {
  const res = await fetch(`${base}${path}`);
  expect(res.status, `${base}${path}`).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

describe.skipIf(!postgres)('two tuf replicas on one database', () => {
  let stack: SigsteadStack;
  beforeAll(async () => {
    stack = await SigsteadStack.start({
      fulcioConfig: { 'oidc-issuers': { [issuer.url]: issuer.fulcioIssuerConfig('email') } },
      database: 'postgres',
    });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('serve the same bytes for every file, and neither regenerates the repository', async () => {
    const replica = await stack.startTufReplica();
    try {
      const paths = ['/1.root.json', '/root.json', '/timestamp.json'];
      const timestamp = JSON.parse((await bytesAt(stack.tufUrl, '/timestamp.json')).toString());
      const snapshotVersion: number = timestamp.signed.meta['snapshot.json'].version;
      paths.push(`/${snapshotVersion}.snapshot.json`);
      const snapshot = JSON.parse(
        (await bytesAt(stack.tufUrl, `/${snapshotVersion}.snapshot.json`)).toString(),
      );
      const targetsVersion: number = snapshot.signed.meta['targets.json'].version;
      paths.push(`/${targetsVersion}.targets.json`, '/targets.json');
      const targets = JSON.parse(
        (await bytesAt(stack.tufUrl, `/${targetsVersion}.targets.json`)).toString(),
      );
      for (const [name, info] of Object.entries<{ hashes: { sha256: string } }>(
        targets.signed.targets,
      )) {
        paths.push(`/targets/${info.hashes.sha256}.${name}`, `/targets/${name}`);
      }
      for (const path of paths) {
        const [a, b] = await Promise.all([bytesAt(stack.tufUrl, path), bytesAt(replica.url, path)]);
        expect(a.equals(b), path).toBe(true);
      }
      // One repository: version 1 of each role, whichever process started first.
      expect((await fetch(`${replica.url}/2.root.json`)).status).toBe(404);
      expect(targetsVersion).toBe(1);
    } finally {
      await replica.stop();
    }
  });
});

describe('an expired timestamp', () => {
  let stack: SigsteadStack;
  beforeAll(async () => {
    stack = await SigsteadStack.start({
      fulcioConfig: { 'oidc-issuers': { [issuer.url]: issuer.fulcioIssuerConfig('email') } },
      // Re-signing runs at start only: the scheduled job is a day away.
      tuf: {
        expiry: { timestamp: TIMESTAMP_LIFETIME },
        timestampRefresh: 1,
        checkInterval: '1d',
      },
    });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const sigstoreJs = async (dir: string) =>
    getTrustedRoot({
      mirrorURL: stack.tufUrl,
      rootPath: sandbox.path('expiry-root.json'),
      cachePath: sandbox.path(dir),
      forceInit: true,
    });
  const cosignInit = (dir: string) =>
    sandbox.run(
      clients.cosignV3!,
      ['initialize', `--mirror=${stack.tufUrl}`, `--root=${sandbox.path('expiry-root.json')}`],
      { TUF_ROOT: sandbox.path(dir) },
    );

  it('makes clients fail closed until the re-signing job runs again', async () => {
    await writeFile(sandbox.path('expiry-root.json'), await bytesAt(stack.tufUrl, '/1.root.json'));
    await expect(sigstoreJs('js-fresh')).resolves.toBeDefined();

    const timestamp = JSON.parse((await bytesAt(stack.tufUrl, '/timestamp.json')).toString());
    const expires = Date.parse(timestamp.signed.expires);
    await new Promise((r) => setTimeout(r, Math.max(0, expires - Date.now()) + 1500));

    const failure = await sigstoreJs('js-expired').then(
      () => undefined,
      (err: unknown) => err as { code?: string; cause?: Error },
    );
    expect(failure?.code).toBe('TUF_REFRESH_METADATA_ERROR');
    expect(String(failure?.cause?.message)).toMatch(/expired/i);
    if (clients.cosignV3) {
      const init = await cosignInit('cosign-expired');
      expect(init.code, init.transcript).not.toBe(0);
      expect(init.stderr).toMatch(/expired/i);
    }

    // The job runs when the process starts: a restart stands in for the next scheduled run.
    await stack.kill('SIGTERM');
    await stack.restart();
    const renewed = JSON.parse((await bytesAt(stack.tufUrl, '/timestamp.json')).toString());
    expect(renewed.signed.version).toBeGreaterThan(timestamp.signed.version);
    await expect(sigstoreJs('js-recovered')).resolves.toBeDefined();
    if (clients.cosignV3) {
      const init = await cosignInit('cosign-recovered');
      expect(init.code, init.transcript).toBe(0);
    }
  });
});
