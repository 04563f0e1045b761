/* eslint-disable @typescript-eslint/no-explicit-any -- JSON documents are read field by field */
/**
 * The TUF repository (issue #4) with unchanged clients, each bootstrapping only from the root the
 * mirror serves at `GET /root.json` (spec tuf.md §1.3):
 *  - the mirror over HTTP: layout, 404s, headers, exact bytes;
 *  - sigstore-js: `sigstore.sign` against Fulcio and Rekor, `sigstore.verify` with the trust root
 *    fetched through @sigstore/tuf;
 *  - cosign v3.1.3: `initialize --mirror --root`, then sign-blob / verify-blob with nothing but TUF;
 *  - cosign v2.6.5: `initialize --mirror --root`, then sign-blob through the v1 API and verify-blob
 *    with the trust it keeps from the mirror;
 *  - sigstore-python 4.5.1: `trust-instance`, then `--instance` sign and verify identity.
 */
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as sigstore from 'sigstore';
import { getTrustedRoot } from '@sigstore/tuf';
import { ClientSandbox, locateClients } from './support/clients.js';
import { TestOidcIssuer } from './support/oidc-issuer.js';
import { SigsteadStack } from './support/stack.js';

const clients = locateClients();
const EMAIL = 'tuf-signer@example.com';
const ARTIFACT = 'trusted through the mirror\n';

let issuer: TestOidcIssuer;
let stack: SigsteadStack;
let sandbox: ClientSandbox;
let rootPath: string;

beforeAll(async () => {
  issuer = await TestOidcIssuer.start();
  stack = await SigsteadStack.start({
    fulcioConfig: { 'oidc-issuers': { [issuer.url]: issuer.fulcioIssuerConfig('email') } },
    tuf: { oidcUrl: issuer.url },
  });
  sandbox = await ClientSandbox.create();
  rootPath = sandbox.path('root.json');
  await writeFile(rootPath, await get('/root.json').then((r) => r.bytes()));
  await writeFile(sandbox.path('artifact.txt'), ARTIFACT);
});

afterAll(async () => {
  const exit = await stack?.stop();
  await issuer?.close();
  await sandbox?.remove();
  if (exit) expect(exit).toEqual({ code: 0, signal: null });
});

function get(path: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${stack.tufUrl}${path}`, { headers });
}

async function json(path: string): Promise<Record<string, any>> {
  const res = await get(path);
  expect(res.status, path).toBe(200);
  return (await res.json()) as Record<string, any>;
}

async function token(): Promise<string> {
  return issuer.mintToken({ email: EMAIL });
}

describe('the mirror', () => {
  it('serves the consistent-snapshot layout with exact, hash-named targets', async () => {
    const timestamp = await json('/timestamp.json');
    const snapshotVersion = timestamp['signed'].meta['snapshot.json'].version as number;
    const snapshot = await json(`/${snapshotVersion}.snapshot.json`);
    const targetsVersion = snapshot['signed'].meta['targets.json'].version as number;
    const targets = await json(`/${targetsVersion}.targets.json`);
    expect(Object.keys(targets['signed'].targets).sort()).toEqual([
      'ctfe.pub',
      'fulcio_intermediate_v1.crt.pem',
      'fulcio_v1.crt.pem',
      'rekor.pub',
      'signing_config.v0.2.json',
      'trust_config.json',
      'trusted_root.json',
    ]);
    for (const [name, info] of Object.entries<any>(targets['signed'].targets)) {
      const res = await get(`/targets/${info.hashes.sha256}.${name}`);
      expect(res.status, name).toBe(200);
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(bytes.length).toBe(info.length);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(info.hashes.sha256);
      expect(res.headers.get('cache-control')).toContain('immutable');
    }
    // sigstore-js and policy-controller join `mirror + "/targets"` even after a trailing slash.
    expect((await get('//targets//trusted_root.json')).status).toBe(200);
  });

  it('answers 404 (never 403) for the next root and anything outside the layout', async () => {
    for (const path of [
      '/2.root.json',
      '/0.root.json',
      '/1.timestamp.json',
      '/targets/../keys/tuf/root.key.pem',
      '/targets/%2e%2e/%2e%2e/etc/passwd',
      `/targets/${'0'.repeat(64)}.trusted_root.json`,
      '/keys/tuf/online.key.pem',
    ]) {
      expect((await get(path)).status, path).toBe(404);
    }
  });

  it('ignores a short query string, as static mirrors do, and refuses a huge one with 400', async () => {
    expect((await get('/root.json?cache-bust=1')).status).toBe(200);
    const huge = await get(`/root.json?${'x'.repeat(4000)}`);
    expect(huge.status).toBe(400);
    expect(await huge.json()).toEqual({ code: 400, message: 'query string too long' });
  });

  it('never lets timestamp.json be cached and answers 304 to a matching ETag', async () => {
    const ts = await get('/timestamp.json');
    expect(ts.headers.get('cache-control')).toBe('no-store');
    const root = await get('/1.root.json');
    const etag = root.headers.get('etag')!;
    expect((await get('/1.root.json', { 'if-none-match': etag })).status).toBe(304);
  });

  it('puts every service of the stack into trusted_root.json and the signing config', async () => {
    const trustedRoot = await json('/targets/trusted_root.json');
    const rekorKey = await fetch(`${stack.rekorUrl}/api/v1/log/publicKey`).then((r) => r.text());
    expect(trustedRoot['tlogs'][0].baseUrl).toBe(stack.rekorUrl);
    expect(trustedRoot['tlogs'][0].publicKey.rawBytes).toBe(
      rekorKey.replace(/-----[^-]+-----|\s/g, ''),
    );
    expect(trustedRoot['ctlogs'][0].baseUrl).toBe(stack.ctlogUrl);
    expect(trustedRoot['certificateAuthorities'][0].uri).toBe(stack.fulcioUrl);
    const signingConfig = await json('/targets/signing_config.v0.2.json');
    expect(signingConfig['caUrls'][0].url).toBe(stack.fulcioUrl);
    expect(signingConfig['oidcUrls'][0].url).toBe(issuer.url);
    expect(signingConfig['rekorTlogUrls'][0]).toMatchObject({
      url: stack.rekorUrl,
      majorApiVersion: 1,
    });
  });
});

describe('sigstore-js with @sigstore/tuf', () => {
  it('fetches the trusted root through TUF and verifies a signature made with the stack', async () => {
    const cachePath = sandbox.path('sigstore-js-tuf');
    const trustedRoot = await getTrustedRoot({
      mirrorURL: stack.tufUrl,
      rootPath,
      cachePath,
      forceInit: true,
    });
    expect(trustedRoot.tlogs[0]?.baseUrl).toBe(stack.rekorUrl);

    const bundle = await sigstore.sign(Buffer.from(ARTIFACT), {
      fulcioURL: stack.fulcioUrl,
      rekorURL: stack.rekorUrl,
      identityToken: await token(),
    });
    const options = {
      tufMirrorURL: stack.tufUrl,
      tufRootPath: rootPath,
      tufCachePath: cachePath,
      certificateIssuer: issuer.url,
    };
    const signer = await sigstore.verify(bundle, Buffer.from(ARTIFACT), {
      ...options,
      certificateIdentityEmail: EMAIL,
    });
    expect(signer.identity?.subjectAlternativeName).toBe(EMAIL);
    await expect(
      sigstore.verify(bundle, Buffer.from(ARTIFACT), {
        ...options,
        certificateIdentityEmail: 'someone-else@example.com',
      }),
    ).rejects.toThrow();
    await expect(
      sigstore.verify(bundle, Buffer.from('tampered\n'), {
        ...options,
        certificateIdentityEmail: EMAIL,
      }),
    ).rejects.toThrow();
  });
});

describe.skipIf(!clients.cosignV3)('cosign v3.1.3 bootstrapped from the mirror', () => {
  const cosign = () => clients.cosignV3!;
  const tufRoot = () => sandbox.path('cosign-v3-tuf');

  it('initializes from the mirror, signs with the TUF signing config and verifies with TUF only', async () => {
    const env = { TUF_ROOT: tufRoot() };
    const init = await sandbox.run(
      cosign(),
      ['initialize', `--mirror=${stack.tufUrl}`, `--root=${rootPath}`],
      env,
    );
    expect(init.code, init.transcript + stack.output()).toBe(0);
    await writeFile(sandbox.path('v3.jwt'), await token());
    const sign = await sandbox.run(
      cosign(),
      [
        'sign-blob',
        '--yes',
        `--identity-token=${sandbox.path('v3.jwt')}`,
        '--bundle=tuf-v3.sigstore.json',
        'artifact.txt',
      ],
      env,
    );
    expect(sign.code, sign.transcript + stack.output()).toBe(0);
    const verify = (identity: string, issuerUrl: string, file = 'artifact.txt') =>
      sandbox.run(
        cosign(),
        [
          'verify-blob',
          '--bundle=tuf-v3.sigstore.json',
          `--certificate-identity=${identity}`,
          `--certificate-oidc-issuer=${issuerUrl}`,
          file,
        ],
        env,
      );
    const ok = await verify(EMAIL, issuer.url);
    expect(ok.code, ok.transcript).toBe(0);
    expect(ok.stderr).toContain('Verified OK');
    expect((await verify('someone-else@example.com', issuer.url)).code).not.toBe(0);
    expect((await verify(EMAIL, 'https://other-issuer.example.com')).code).not.toBe(0);
    await writeFile(sandbox.path('tampered.txt'), 'tampered\n');
    expect((await verify(EMAIL, issuer.url, 'tampered.txt')).code).not.toBe(0);
  });
});

describe.skipIf(!clients.cosignV2)('cosign v2.6.5 bootstrapped from the mirror', () => {
  const cosign = () => clients.cosignV2!;

  it('initializes from the mirror and verifies a v1-API signature with what TUF distributes', async () => {
    const env = { TUF_ROOT: sandbox.path('cosign-v2-tuf') };
    const init = await sandbox.run(
      cosign(),
      ['initialize', `--mirror=${stack.tufUrl}`, `--root=${rootPath}`],
      env,
    );
    expect(init.code, init.transcript + stack.output()).toBe(0);
    await writeFile(sandbox.path('v2.jwt'), await token());
    const sign = await sandbox.run(
      cosign(),
      [
        'sign-blob',
        '--yes',
        `--fulcio-url=${stack.fulcioUrl}`,
        `--rekor-url=${stack.rekorUrl}`,
        `--identity-token=${sandbox.path('v2.jwt')}`,
        '--bundle=tuf-v2.cosign.bundle',
        'artifact.txt',
      ],
      env,
    );
    expect(sign.code, sign.transcript + stack.output()).toBe(0);
    const verify = (identity: string) =>
      sandbox.run(
        cosign(),
        [
          'verify-blob',
          `--rekor-url=${stack.rekorUrl}`,
          '--bundle=tuf-v2.cosign.bundle',
          `--certificate-identity=${identity}`,
          `--certificate-oidc-issuer=${issuer.url}`,
          'artifact.txt',
        ],
        env,
      );
    const ok = await verify(EMAIL);
    expect(ok.code, ok.transcript).toBe(0);
    expect(ok.stderr).toContain('Verified OK');
    expect((await verify('someone-else@example.com')).code).not.toBe(0);
  });
});

describe.skipIf(!clients.sigstorePython)('sigstore-python 4.5.1 trusting the instance', () => {
  const sigstorePy = () => clients.sigstorePython!;

  it('runs trust-instance on the served root, then signs and verifies with --instance', async () => {
    const instance = ['--instance', stack.tufUrl];
    const trust = await sandbox.run(sigstorePy(), [...instance, 'trust-instance', rootPath]);
    expect(trust.code, trust.transcript).toBe(0);
    const sign = await sandbox.run(sigstorePy(), [
      ...instance,
      'sign',
      '--identity-token',
      await token(),
      '--bundle',
      'tuf-py.sigstore.json',
      'artifact.txt',
    ]);
    expect(sign.code, sign.transcript + stack.output()).toBe(0);
    const verify = (identity: string) =>
      sandbox.run(sigstorePy(), [
        ...instance,
        'verify',
        'identity',
        '--cert-identity',
        identity,
        '--cert-oidc-issuer',
        issuer.url,
        '--bundle',
        'tuf-py.sigstore.json',
        'artifact.txt',
      ]);
    const ok = await verify(EMAIL);
    expect(ok.code, ok.transcript).toBe(0);
    expect(ok.stderr + ok.stdout).toContain('OK: artifact.txt');
    expect((await verify('someone-else@example.com')).code).not.toBe(0);
    expect(JSON.parse(await readFile(sandbox.path('tuf-py.sigstore.json'), 'utf8'))).toHaveProperty(
      'verificationMaterial',
    );
  });
});
