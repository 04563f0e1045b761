/* eslint-disable @typescript-eslint/no-explicit-any -- JSON documents are read field by field */
/**
 * Offline ceremonies and key rotation of the TUF repository (issue #4), with the `sigstead tuf` CLI
 * and unchanged clients:
 *  - root v1 is created from key holders' keys (root 2-of-3, targets 2-of-3) and the first targets
 *    published; the servers sign snapshot and timestamp with their online key;
 *  - the root is rotated twice (a root key replaced, with the old and new thresholds met by separate
 *    key holders; then a targets key replaced and the root threshold raised), and the Rekor key once
 *    (the next key registered and published in a targets ceremony, then the log restarted on it);
 *  - clients that hold only the first root, some with its cached state, follow to the latest root
 *    and verify an entry signed before the rotations and one signed after: sigstore-js through
 *    @sigstore/tuf, cosign v3.1.3 and sigstore-python 4.5.1; `sigstead tuf verify` walks the
 *    repository as tuf-js does.
 * On the embedded database the CLI runs while the server is stopped (one process owns the database).
 */
import { generateKeyPairSync } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as sigstore from 'sigstore';
import { getTrustedRoot } from '@sigstore/tuf';
import { ClientSandbox, locateClients, type RunResult } from './support/clients.js';
import { TestOidcIssuer } from './support/oidc-issuer.js';
import { CLI_MAIN, SigsteadStack } from './support/stack.js';

const clients = locateClients();
const EMAIL = 'rotation-signer@example.com';
const BEFORE = 'signed before the rotations\n';
const AFTER = 'signed after the rotations\n';
const HOLDER_PASSPHRASE = 'key-holder-passphrase';

let issuer: TestOidcIssuer;
let sandbox: ClientSandbox;
let stack: SigsteadStack;

beforeAll(async () => {
  issuer = await TestOidcIssuer.start();
  sandbox = await ClientSandbox.create();
  // The servers' online key (snapshot and timestamp), given to them as an operator's key file.
  await writeFile(sandbox.path('online.pem'), pemOf(generateKeyPairSync('ed25519').privateKey));
  stack = await SigsteadStack.start({
    fulcioConfig: { 'oidc-issuers': { [issuer.url]: issuer.fulcioIssuerConfig('email') } },
    tuf: {
      keys: 'offline',
      onlineKeyFile: sandbox.path('online.pem'),
      oidcUrl: issuer.url,
      checkInterval: '1s',
    },
  });
  await writeFile(sandbox.path('before.txt'), BEFORE);
  await writeFile(sandbox.path('after.txt'), AFTER);
});

afterAll(async () => {
  await stack?.stop();
  await issuer?.close();
  await sandbox?.remove();
});

function pemOf(key: { export(o: { type: 'pkcs8'; format: 'pem' }): string | Buffer }): string {
  return key.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** `sigstead …` as a key holder runs it: files in the sandbox, the stack's config and database. */
async function cli(args: string[], expectCode = 0): Promise<RunResult> {
  const result = await sandbox.run(process.execPath, [CLI_MAIN, ...args], {
    ...stack.cliEnv(),
    SIGSTEAD_KEY_PASSPHRASE: HOLDER_PASSPHRASE,
  });
  expect(result.code, result.transcript + stack.output()).toBe(expectCode);
  return result;
}

/** Runs commands that open the repository's database: with the embedded one the server stops first. */
async function onRepository<T>(fn: () => Promise<T>): Promise<T> {
  if (!stack.embedded) return fn();
  await stack.kill('SIGTERM');
  try {
    return await fn();
  } finally {
    await stack.restart();
  }
}

async function mirrorJson(path: string): Promise<Record<string, any>> {
  const res = await fetch(`${stack.tufUrl}${path}`);
  expect(res.status, path).toBe(200);
  return (await res.json()) as Record<string, any>;
}

/** Waits until the servers' job has published a snapshot and timestamp over targets `version`. */
async function servedTargetsVersion(version: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const res = await fetch(`${stack.tufUrl}/timestamp.json`);
    if (res.status === 200) {
      const ts = (await res.json()) as any;
      const snapshot = await mirrorJson(
        `/${ts.signed.meta['snapshot.json'].version}.snapshot.json`,
      );
      if (snapshot['signed'].meta['targets.json'].version === version) return;
    }
    if (Date.now() > deadline)
      throw new Error(`targets v${version} not served:\n${stack.output()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function signTargets(file: string, holders: string[]): Promise<void> {
  for (const holder of holders) await cli(['tuf', 'sign', file, '--key', `${holder}.key`]);
}

const jsCache = () => sandbox.path('sigstore-js-tuf');
const rootV1 = () => sandbox.path('root-v1.json');

describe('root and targets ceremonies, two root rotations and a Rekor key rotation', () => {
  let bundleBefore: sigstore.Bundle;

  it('creates root v1 and the first targets from the key holders, and serves them', async () => {
    for (const holder of ['r1', 'r2', 'r3', 'r4', 't1', 't2', 't3', 't4']) {
      const keygen = await cli(['tuf', 'keygen', '--out', `${holder}.key`]);
      expect(keygen.stdout).toMatch(/^key [0-9a-f]{64}$/m);
    }
    await onRepository(async () => {
      const draft = await cli([
        'tuf',
        'root',
        'draft',
        '--out',
        '1.root.json',
        ...['r1', 'r2', 'r3'].flatMap((k) => ['--root-key', `${k}.key.pub`]),
        ...['t1', 't2', 't3'].flatMap((k) => ['--targets-key', `${k}.key.pub`]),
        '--online-key',
        'online.pem',
      ]);
      expect(draft.stdout).toContain('root       2 of 3');
      expect(draft.stdout).toContain('targets    2 of 3');
      await cli(['tuf', 'sign', '1.root.json', '--key', 'r1.key']);
      const short = await cli(['tuf', 'publish', '1.root.json'], 1);
      expect(short.stdout).toContain('1 of 2 signatures');
      await cli(['tuf', 'sign', '1.root.json', '--key', 'r2.key']);
      await cli(['tuf', 'publish', '1.root.json']);

      await cli(['tuf', 'targets', 'draft', '--out', 'targets.json']);
      await signTargets('targets.json', ['t1', 't3']);
      await cli(['tuf', 'publish', 'targets.json']);
    });
    await servedTargetsVersion(1);
    await writeFile(
      rootV1(),
      Buffer.from(await (await fetch(`${stack.tufUrl}/1.root.json`)).arrayBuffer()),
    );
    expect(JSON.parse(await readFile(rootV1(), 'utf8')).signatures).toHaveLength(2);
  });

  it('lets clients holding root v1 sign and verify, and keep its state', async () => {
    const trusted = await getTrustedRoot({
      mirrorURL: stack.tufUrl,
      rootPath: rootV1(),
      cachePath: jsCache(),
      forceInit: true,
    });
    expect(trusted.tlogs).toHaveLength(1);
    bundleBefore = await sigstore.sign(Buffer.from(BEFORE), {
      fulcioURL: stack.fulcioUrl,
      rekorURL: stack.rekorUrl,
      identityToken: await issuer.mintToken({ email: EMAIL }),
    });
    await writeFile(sandbox.path('before.sigstore.json'), JSON.stringify(bundleBefore));
    if (clients.sigstorePython) {
      const trust = await sandbox.run(clients.sigstorePython, [
        '--instance',
        stack.tufUrl,
        'trust-instance',
        rootV1(),
      ]);
      expect(trust.code, trust.transcript).toBe(0);
      // Its own entry: sigstore-js leaves `logIndex` out of a bundle for entry 0 (proto3 JSON omits
      // zero values) and sigstore-python 4.5.1 then refuses the bundle as malformed.
      const sign = await sandbox.run(clients.sigstorePython, [
        '--instance',
        stack.tufUrl,
        'sign',
        '--identity-token',
        await issuer.mintToken({ email: EMAIL }),
        '--bundle',
        'before-py.sigstore.json',
        'before.txt',
      ]);
      expect(sign.code, sign.transcript).toBe(0);
    }
  });

  it('rotates the root twice, each version signed by the old and the new thresholds', async () => {
    await onRepository(async () => {
      // v2: key holder r3 hands over to r4. r1 counts for both roots, r3 for the old, r4 for the new.
      const draft = await cli([
        'tuf',
        'root',
        'draft',
        '--out',
        '2.root.json',
        '--root-key',
        'r4.key.pub',
        '--remove-key',
        'r3.key.pub',
      ]);
      expect(draft.stdout).toContain('sign it with 2 of the root keys of v1 and 2 of its own');
      await cli(['tuf', 'sign', '2.root.json', '--key', 'r1.key']);
      await cli(['tuf', 'sign', '2.root.json', '--key', 'r4.key']);
      const short = await cli(['tuf', 'publish', '2.root.json'], 1);
      expect(short.stdout).toContain('root keys of root v1: 1 of 2 signatures');
      const progress = await cli([
        'tuf',
        'sign',
        '2.root.json',
        '--key',
        'r3.key',
        '--root',
        '1.root.json',
      ]);
      expect(progress.stdout).toContain('root keys of root v1: 2 of 2');
      await cli(['tuf', 'publish', '2.root.json']);

      // v3: targets key t3 replaced by t4, and every root key needed from now on.
      await cli([
        'tuf',
        'root',
        'draft',
        '--out',
        '3.root.json',
        '--targets-key',
        't4.key.pub',
        '--remove-key',
        't3.key.pub',
        '--root-threshold',
        '3',
      ]);
      for (const holder of ['r1', 'r2', 'r4']) {
        await cli(['tuf', 'sign', '3.root.json', '--key', `${holder}.key`]);
      }
      // The published targets carry t1 and t3: below v3's threshold once t3 is gone. The root goes
      // out together with targets that t1 and t2 re-signed, or not at all.
      const alone = await cli(['tuf', 'publish', '3.root.json'], 1);
      expect(alone.stdout).toContain('would not meet the targets threshold of root v3');
      await cli(['tuf', 'targets', 'draft', '--out', 'targets-2.json']);
      await signTargets('targets-2.json', ['t1', 't2']);
      const dry = await cli(['tuf', 'publish', '--dry-run', '3.root.json', 'targets-2.json']);
      expect(dry.stdout).toContain('nothing was published (--dry-run)');
      expect((await cli(['tuf', 'status'])).stdout).toMatch(/^root\s+v2/m);
      await cli(['tuf', 'publish', '3.root.json', 'targets-2.json']);
      const status = await cli(['tuf', 'status']);
      expect(status.stdout).toMatch(/^root\s+v3/m);
      expect(status.stdout).toContain('root       3 of 3');
    });
    for (const v of [2, 3])
      expect((await fetch(`${stack.tufUrl}/${v}.root.json`)).status).toBe(200);
    await servedTargetsVersion(2);
  });

  it('rotates the Rekor key: announced in a targets ceremony first, then switched to', async () => {
    const oldKey = await fetch(`${stack.rekorUrl}/api/v1/log/publicKey`).then((r) => r.text());
    const next = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    await writeFile(sandbox.path('rekor-2.pem'), pemOf(next.privateKey));
    await writeFile(
      sandbox.path('rekor-2.pub'),
      next.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    );
    await onRepository(async () => {
      const add = await cli([
        'tuf',
        'material',
        'add',
        '--kind',
        'tlog',
        '--url',
        stack.rekorUrl,
        '--file',
        'rekor-2.pub',
      ]);
      expect(add.stdout).toContain('registered tlog');
      expect((await cli(['tuf', 'status'])).stdout).toContain('targets wait for a ceremony');
      const draft = await cli(['tuf', 'targets', 'draft', '--out', 'targets-3.json']);
      expect(draft.stdout).toContain('rekor_2.pub');
      await signTargets('targets-3.json', ['t2', 't4']);
      await cli(['tuf', 'publish', 'targets-3.json']);
    });
    await servedTargetsVersion(3);
    const trustedRoot = await mirrorJson('/targets/trusted_root.json');
    expect(trustedRoot['tlogs']).toHaveLength(2);
    expect(trustedRoot['tlogs'][0].publicKey.validFor.end).toBeDefined();
    expect(trustedRoot['tlogs'][1].publicKey.validFor.end).toBeUndefined();

    // Clients know the new key before it signs anything: now the log switches to it.
    await stack.kill('SIGTERM');
    await stack.reconfigure((config) => ({
      ...config,
      rekor: { ...(config['rekor'] as object), keyFile: sandbox.path('rekor-2.pem') },
    }));
    await stack.restart();
    const newKey = await fetch(`${stack.rekorUrl}/api/v1/log/publicKey`).then((r) => r.text());
    expect(newKey).not.toBe(oldKey);
    expect(newKey.replace(/\s/g, '')).toBe(
      (await readFile(sandbox.path('rekor-2.pub'), 'utf8')).replace(/\s/g, ''),
    );
    // Registering the key it now runs on changed nothing: no ceremony is pending.
    await onRepository(async () => {
      expect((await cli(['tuf', 'status'])).stdout).not.toContain('targets wait');
    });
  });

  it('has clients holding root v1 follow to root v3 and verify entries from both Rekor keys', async () => {
    const trusted = await getTrustedRoot({
      mirrorURL: stack.tufUrl,
      rootPath: rootV1(),
      cachePath: jsCache(), // the state cached at root v1, before any rotation
    });
    expect(trusted.tlogs).toHaveLength(2);
    // @sigstore/tuf keeps one directory per mirror under the cache path.
    const [repoDir] = await readdir(jsCache());
    const cachedRoot = JSON.parse(await readFile(join(jsCache(), repoDir!, 'root.json'), 'utf8'));
    expect(cachedRoot.signed.version).toBe(3);

    const bundleAfter = await sigstore.sign(Buffer.from(AFTER), {
      fulcioURL: stack.fulcioUrl,
      rekorURL: stack.rekorUrl,
      identityToken: await issuer.mintToken({ email: EMAIL }),
    });
    await writeFile(sandbox.path('after.sigstore.json'), JSON.stringify(bundleAfter));
    expect(bundleAfter.verificationMaterial.tlogEntries[0]!.logId.keyId).not.toBe(
      bundleBefore.verificationMaterial.tlogEntries[0]!.logId.keyId,
    );
    const options = {
      tufMirrorURL: stack.tufUrl,
      tufRootPath: rootV1(),
      tufCachePath: jsCache(),
      certificateIssuer: issuer.url,
      certificateIdentityEmail: EMAIL,
    };
    await sigstore.verify(bundleBefore, Buffer.from(BEFORE), options);
    await sigstore.verify(bundleAfter, Buffer.from(AFTER), options);

    if (clients.cosignV3) {
      const env = { TUF_ROOT: sandbox.path('cosign-v3-tuf') };
      const init = await sandbox.run(
        clients.cosignV3,
        ['initialize', `--mirror=${stack.tufUrl}`, `--root=${rootV1()}`],
        env,
      );
      expect(init.code, init.transcript).toBe(0);
      for (const name of ['before', 'after']) {
        const verify = await sandbox.run(
          clients.cosignV3,
          [
            'verify-blob',
            `--bundle=${name}.sigstore.json`,
            `--certificate-identity=${EMAIL}`,
            `--certificate-oidc-issuer=${issuer.url}`,
            `${name}.txt`,
          ],
          env,
        );
        expect(verify.code, verify.transcript).toBe(0);
      }
    }
    if (clients.sigstorePython) {
      // Trusted at root v1 in an earlier step; this run updates to v3 on its own.
      for (const [bundle, name] of [
        ['before-py', 'before'],
        ['after', 'after'],
      ]) {
        const verify = await sandbox.run(clients.sigstorePython, [
          '--instance',
          stack.tufUrl,
          'verify',
          'identity',
          '--cert-identity',
          EMAIL,
          '--cert-oidc-issuer',
          issuer.url,
          '--bundle',
          `${bundle}.sigstore.json`,
          `${name}.txt`,
        ]);
        expect(verify.code, verify.transcript).toBe(0);
      }
    }

    const walk = await cli(['tuf', 'verify', '--mirror', stack.tufUrl, '--root', rootV1()]);
    expect(walk.stdout).toMatch(/^root\s+v3/m);
    expect(walk.stdout).toMatch(/^targets\s+v3/m);
  });

  it('refuses what a client would refuse, and changes nothing', async () => {
    await writeFile(sandbox.path('ts.json'), JSON.stringify(await mirrorJson('/timestamp.json')));
    await onRepository(async () => {
      // Replaying an old root, or targets below the published version.
      expect((await cli(['tuf', 'publish', '2.root.json'], 1)).stdout).toContain(
        'root version must be 4',
      );
      expect((await cli(['tuf', 'publish', 'targets.json'], 1)).stdout).toContain(
        'targets version must be above the published v3',
      );
      // A targets file edited after signing.
      const edited = JSON.parse(await readFile(sandbox.path('targets-3.json'), 'utf8'));
      edited.signed.version = 4;
      await writeFile(sandbox.path('targets-4.json'), JSON.stringify(edited));
      expect((await cli(['tuf', 'publish', 'targets-4.json'], 1)).stdout).toContain(
        'not enough signatures',
      );
      // Timestamps are the servers' business.
      const ts = await cli(['tuf', 'publish', 'ts.json'], 1);
      expect(ts.stderr).toContain('published by their job');
    });
    expect((await fetch(`${stack.tufUrl}/4.root.json`)).status).toBe(404);
    expect((await fetch(`${stack.tufUrl}/4.targets.json`)).status).toBe(404);
  });
});
