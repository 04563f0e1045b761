/**
 * Keyless signing through the whole stack, judged by the reference clients with every check on:
 * a certificate from our Fulcio (SCT from our CT log), the signature recorded in our Rekor, and
 * verification against a trusted root that names our CA, CT log and Rekor (spec rekor.md §3,
 * "What each client checks"). No `--insecure-ignore-tlog`, no skipped SET or inclusion proof.
 *
 *  - cosign v3: sign-blob (hashedrekord) and attest-blob (DSSE), verified offline from the bundle.
 *  - cosign v2: sign-blob through the legacy v1 APIs, verified with SIGSTORE_REKOR_PUBLIC_KEY.
 *  - sigstore-js: a message signature (hashedrekord), an attestation as `dsse` and as `intoto`
 *    0.0.2, each verified offline with a tlog threshold of one.
 *  - sigstore-python: `sigstore sign` and `sigstore verify identity` with our trust config.
 * Each entry must then be in the log: found by the artifact digest, and with a body equal to the
 * bundle's `canonicalizedBody`.
 */
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { bundleFromJSON, bundleToJSON, type Bundle } from '@sigstore/bundle';
import { SigningConfig, TrustedRoot } from '@sigstore/protobuf-specs';
import {
  bundleBuilderFromSigningConfig,
  DSSEBundleBuilder,
  FulcioSigner,
  RekorWitness,
  type BundleBuilder,
} from '@sigstore/sign';
import { toSignedEntity, toTrustMaterial, Verifier } from '@sigstore/verify';
import { hashLeaf } from '@sigstead/util-merkle';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientSandbox, locateClients } from './support/clients.js';
import { TestOidcIssuer } from './support/oidc-issuer.js';
import { SigsteadStack } from './support/stack.js';
import {
  fetchTrustMaterial,
  writeTrustFiles,
  type TrustFiles,
  type TrustMaterial,
} from './support/trust.js';

const clients = locateClients();
const EMAIL = 'signer@example.com';
const ARTIFACT = 'signed through sigstead\n';
const DIGEST = createHash('sha256').update(ARTIFACT).digest('hex');
const PREDICATE = {
  buildType: 'https://example.com/build@v1',
  builder: { id: 'https://ci.example.com' },
  materials: [{ uri: 'git+https://git.example.com/app', digest: { sha1: 'ab'.repeat(20) } }],
};

let issuer: TestOidcIssuer;
let stack: SigsteadStack;
let sandbox: ClientSandbox;
let material: TrustMaterial;
let files: TrustFiles;

beforeAll(async () => {
  issuer = await TestOidcIssuer.start();
  stack = await SigsteadStack.start({
    fulcioConfig: { 'oidc-issuers': { [issuer.url]: issuer.fulcioIssuerConfig('email') } },
  });
  sandbox = await ClientSandbox.create();
  material = await fetchTrustMaterial(stack, issuer.url);
  files = await writeTrustFiles(material, sandbox.workDir);
  await writeFile(sandbox.path('artifact.txt'), ARTIFACT);
  await writeFile(sandbox.path('predicate.json'), JSON.stringify(PREDICATE));
});

afterAll(async () => {
  const exit = await stack?.stop();
  await issuer?.close();
  await sandbox?.remove();
  if (exit) expect(exit).toEqual({ code: 0, signal: null });
});

async function tokenFile(name: string): Promise<string> {
  const path = sandbox.path(name);
  await writeFile(path, await issuer.mintToken({ email: EMAIL }));
  return path;
}

interface LogEntry {
  body: string;
  logIndex: number;
  verification: { inclusionProof: { checkpoint: string }; signedEntryTimestamp: string };
}

/** The log's entry at `logIndex`. */
async function entryAt(logIndex: number | string): Promise<LogEntry> {
  const res = await fetch(`${stack.rekorUrl}/api/v1/log/entries?logIndex=${logIndex}`);
  expect(res.status).toBe(200);
  const [entry] = Object.values((await res.json()) as Record<string, LogEntry>);
  return entry!;
}

/** The log's entry for a bundle's tlog entry; its body must be the bundle's canonicalized body. */
async function expectLogged(bundle: Bundle, kind: string): Promise<Record<string, unknown>> {
  const [tlog] = bundle.verificationMaterial.tlogEntries;
  expect(tlog?.kindVersion?.kind).toBe(kind);
  const entry = await entryAt(tlog!.logIndex);
  expect(Buffer.from(entry.body, 'base64').equals(Buffer.from(tlog!.canonicalizedBody))).toBe(true);
  return JSON.parse(Buffer.from(entry.body, 'base64').toString()) as Record<string, unknown>;
}

/** A search by the artifact's digest returns the bundle's entry (UUID = tree ID + leaf hash). */
async function expectFoundByArtifactDigest(bundle: Bundle): Promise<void> {
  const [tlog] = bundle.verificationMaterial.tlogEntries;
  const leaf = hashLeaf(tlog!.canonicalizedBody).toString('hex');
  const uuids = await search({ hash: `sha256:${DIGEST}` });
  expect(uuids.some((u) => u.endsWith(leaf))).toBe(true);
}

/** Entry UUIDs the index returns for `query`. */
async function search(query: Record<string, unknown>): Promise<string[]> {
  const res = await fetch(`${stack.rekorUrl}/api/v1/index/retrieve`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(query),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as string[];
}

async function readBundle(name: string): Promise<Bundle> {
  return bundleFromJSON(JSON.parse(await readFile(sandbox.path(name), 'utf8')));
}

describe.skipIf(!clients.cosignV3)('cosign v3.1.3 against Fulcio, CT log and Rekor', () => {
  const cosign = clients.cosignV3!;
  const common = () => [
    `--trusted-root=${files.trustedRoot}`,
    `--certificate-identity=${EMAIL}`,
    `--certificate-oidc-issuer=${issuer.url}`,
  ];

  it('signs a blob into the log and verifies SET, inclusion proof, checkpoint and SCT', async () => {
    const sign = await sandbox.run(cosign, [
      'sign-blob',
      '--yes',
      `--signing-config=${files.signingConfig}`,
      `--trusted-root=${files.trustedRoot}`,
      `--identity-token=${await tokenFile('v3.jwt')}`,
      '--bundle=v3.sigstore.json',
      'artifact.txt',
    ]);
    expect(sign.code, sign.transcript + stack.output()).toBe(0);
    const verify = await sandbox.run(cosign, [
      'verify-blob',
      '--bundle=v3.sigstore.json',
      ...common(),
      'artifact.txt',
    ]);
    expect(verify.code, verify.transcript).toBe(0);
    expect(verify.stderr).toContain('Verified OK');

    const bundle = await readBundle('v3.sigstore.json');
    const body = await expectLogged(bundle, 'hashedrekord');
    expect(body).toMatchObject({ spec: { data: { hash: { value: DIGEST } } } });
    await expectFoundByArtifactDigest(bundle);
  });

  it('attests a blob as a DSSE entry and verifies the attestation', async () => {
    const attest = await sandbox.run(cosign, [
      'attest-blob',
      '--yes',
      `--signing-config=${files.signingConfig}`,
      `--trusted-root=${files.trustedRoot}`,
      `--identity-token=${await tokenFile('v3-attest.jwt')}`,
      '--predicate=predicate.json',
      '--type=slsaprovenance',
      '--bundle=v3-attest.sigstore.json',
      'artifact.txt',
    ]);
    expect(attest.code, attest.transcript + stack.output()).toBe(0);
    const verify = await sandbox.run(cosign, [
      'verify-blob-attestation',
      '--bundle=v3-attest.sigstore.json',
      '--type=slsaprovenance',
      ...common(),
      'artifact.txt',
    ]);
    expect(verify.code, verify.transcript).toBe(0);
    expect(verify.stderr).toContain('Verified OK');
    await expectLogged(await readBundle('v3-attest.sigstore.json'), 'dsse');
  });

  it('refuses a bundle whose log entry was made for another artifact', async () => {
    await writeFile(sandbox.path('other.txt'), 'not what was signed\n');
    const verify = await sandbox.run(cosign, [
      'verify-blob',
      '--bundle=v3.sigstore.json',
      ...common(),
      'other.txt',
    ]);
    expect(verify.code, verify.transcript).not.toBe(0);
  });
});

describe.skipIf(!clients.cosignV2)('cosign v2.6.5 against the legacy v1 APIs', () => {
  const cosign = clients.cosignV2!;
  const env = () => ({
    SIGSTORE_ROOT_FILE: files.fulcioRootPem,
    SIGSTORE_CT_LOG_PUBLIC_KEY_FILE: files.ctLogPublicKeyPem,
    SIGSTORE_REKOR_PUBLIC_KEY: files.rekorPublicKeyPem,
  });

  it('uploads to Rekor and verifies the SET and inclusion proof with our log key', async () => {
    const sign = await sandbox.run(
      cosign,
      [
        'sign-blob',
        '--yes',
        `--fulcio-url=${stack.fulcioUrl}`,
        `--rekor-url=${stack.rekorUrl}`,
        `--identity-token=${await tokenFile('v2.jwt')}`,
        '--bundle=v2.bundle',
        'artifact.txt',
      ],
      env(),
    );
    expect(sign.code, sign.transcript + stack.output()).toBe(0);
    expect(sign.stderr).toMatch(/tlog entry created with index: \d+/);
    const verify = await sandbox.run(
      cosign,
      [
        'verify-blob',
        '--bundle=v2.bundle',
        `--rekor-url=${stack.rekorUrl}`,
        `--certificate-identity=${EMAIL}`,
        `--certificate-oidc-issuer=${issuer.url}`,
        'artifact.txt',
      ],
      env(),
    );
    expect(verify.code, verify.transcript).toBe(0);
    expect(verify.stderr).toContain('Verified OK');
    const legacy = JSON.parse(await readFile(sandbox.path('v2.bundle'), 'utf8')) as {
      rekorBundle: { Payload: { logIndex: number; body: string } };
    };
    const entry = await entryAt(legacy.rekorBundle.Payload.logIndex);
    expect(entry.body).toBe(legacy.rekorBundle.Payload.body);
  });
});

describe('sigstore-js (@sigstore/sign, @sigstore/verify) against Rekor', () => {
  const artifact = Buffer.from(ARTIFACT);
  const statement = Buffer.from(
    JSON.stringify({
      _type: 'https://in-toto.io/Statement/v1',
      subject: [{ name: 'artifact.txt', digest: { sha256: DIGEST } }],
      predicateType: 'https://slsa.dev/provenance/v0.2',
      predicate: PREDICATE,
    }),
  );

  async function signWith(
    bundleType: 'messageSignature' | 'dsseEnvelope',
    entryType?: 'dsse' | 'intoto',
  ): Promise<Bundle> {
    const token = await issuer.mintToken({ email: EMAIL });
    const identityProvider = { getToken: () => Promise.resolve(token) };
    // The signing config builds the usual client; `intoto` entries need the witness chosen by hand.
    const builder: BundleBuilder =
      entryType === 'intoto'
        ? new DSSEBundleBuilder({
            signer: new FulcioSigner({ identityProvider, fulcioBaseURL: stack.fulcioUrl }),
            witnesses: [new RekorWitness({ rekorBaseURL: stack.rekorUrl, entryType })],
          })
        : bundleBuilderFromSigningConfig({
            signingConfig: SigningConfig.fromJSON(material.signingConfig),
            identityProvider,
            bundleType,
          });
    const bundle =
      bundleType === 'messageSignature'
        ? await builder.create({ data: artifact })
        : await builder.create({ data: statement, type: 'application/vnd.in-toto+json' });
    // Round-trip through JSON, as a stored bundle would be.
    return bundleFromJSON(bundleToJSON(bundle));
  }

  const verifier = () =>
    new Verifier(toTrustMaterial(TrustedRoot.fromJSON(material.trustedRoot)), {
      ctlogThreshold: 1,
      tlogThreshold: 1,
      timestampThreshold: 1,
    });
  const policy = () => ({ subjectAlternativeName: EMAIL, extensions: { issuer: issuer.url } });

  it('records a message signature as hashedrekord and verifies it offline', async () => {
    const bundle = await signWith('messageSignature');
    await expectLogged(bundle, 'hashedrekord');
    const signer = verifier().verify(toSignedEntity(bundle, artifact), policy());
    expect(signer.identity?.subjectAlternativeName).toBe(EMAIL);
  });

  it.each(['dsse', 'intoto'] as const)(
    'records an attestation as %s and verifies it offline',
    async (entryType) => {
      const bundle = await signWith('dsseEnvelope', entryType);
      const body = await expectLogged(bundle, entryType);
      expect(body['apiVersion']).toBe(entryType === 'dsse' ? '0.0.1' : '0.0.2');
      const signer = verifier().verify(toSignedEntity(bundle), policy());
      expect(signer.identity?.subjectAlternativeName).toBe(EMAIL);
      // The in-toto subject is indexed: a search by the artifact digest finds the attestation.
      await expectFoundByArtifactDigest(bundle);
    },
  );

  it('rejects the bundle when its log entry is tampered with', async () => {
    const bundle = await signWith('messageSignature');
    const [tlog] = bundle.verificationMaterial.tlogEntries;
    tlog!.integratedTime = String(Number(tlog!.integratedTime) + 1);
    expect(() => verifier().verify(toSignedEntity(bundle, artifact), policy())).toThrow();
  });
});

describe.skipIf(!clients.sigstorePython)(
  'sigstore-python 4.5.1 CLI against the whole stack',
  () => {
    const sigstore = () => clients.sigstorePython!;

    it('signs with `sigstore sign` and verifies with `sigstore verify identity`', async () => {
      await writeFile(sandbox.path('py-artifact.txt'), ARTIFACT);
      const sign = await sandbox.run(sigstore(), [
        '--trust-config',
        files.clientTrustConfig,
        'sign',
        '--identity-token',
        await readFile(await tokenFile('py.jwt'), 'utf8'),
        '--bundle',
        'py-artifact.sigstore.json',
        'py-artifact.txt',
      ]);
      expect(sign.code, sign.transcript + stack.output()).toBe(0);
      const verify = await sandbox.run(sigstore(), [
        '--trust-config',
        files.clientTrustConfig,
        'verify',
        'identity',
        '--cert-identity',
        EMAIL,
        '--cert-oidc-issuer',
        issuer.url,
        '--bundle',
        'py-artifact.sigstore.json',
        'py-artifact.txt',
      ]);
      expect(verify.code, verify.transcript).toBe(0);
      expect(verify.stderr + verify.stdout).toContain('OK: py-artifact.txt');
      await expectLogged(await readBundle('py-artifact.sigstore.json'), 'hashedrekord');
    });
  },
);
