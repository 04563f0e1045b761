/**
 * Fulcio + CT log end to end: each reference client obtains a code-signing certificate from our
 * `fulcio` service with an ID token from an external OIDC issuer, and verifies the certificate
 * chain and the embedded SCT from our `ctlog` service (spec fulcio.md §1, §4.3).
 *
 * This file isolates the CA: trust material is built from the running services (support/trust.ts,
 * no TUF repository yet), and verifiers skip the transparency-log check so that a failure points at
 * the certificate. Everything else — chain, SCT, identity — is checked by the clients' own code.
 * signing.spec.ts runs the same clients through the whole stack with the log checks on.
 */
import { createVerify, generateKeyPairSync } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bundleFromJSON, bundleToJSON, type TransparencyLogEntry } from '@sigstore/bundle';
import { SigningConfig, TrustedRoot } from '@sigstore/protobuf-specs';
import { bundleBuilderFromSigningConfig } from '@sigstore/sign';
import { toSignedEntity, toTrustMaterial, Verifier, type SignedEntity } from '@sigstore/verify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientSandbox, locateClients } from './support/clients.js';
import { signingCertRequest } from './support/signing-request.js';
import { TestOidcIssuer } from './support/oidc-issuer.js';
import { REPO_ROOT, SigsteadStack } from './support/stack.js';
import {
  ctLogInstance,
  fetchTrustMaterial,
  logIdOf,
  writeTrustFiles,
  type TrustFiles,
  type TrustMaterial,
  type TrustedRootJson,
} from './support/trust.js';

const clients = locateClients();
const EMAIL = 'alice@example.com';
const ARTIFACT = 'hello from sigstead\n';
/** Fulcio's message for every authentication failure (spec fulcio.md §1.1). */
const TOKEN_ERROR = 'There was an error processing the identity token';

let issuer: TestOidcIssuer;
/** A well-formed issuer that Fulcio's configuration does not list. */
let stranger: TestOidcIssuer;
let stack: SigsteadStack;
let sandbox: ClientSandbox;
let material: TrustMaterial;
let files: TrustFiles;
/** Trust material whose only CT log is a key that never signed anything. */
let foreign: {
  trustedRoot: string;
  clientTrustConfig: string;
  ctLogPublicKeyPem: string;
  trustedRootJson: TrustedRootJson;
};
/** Certificates issued so far; the CT log must hold at least this many entries. */
let issued = 0;

beforeAll(async () => {
  issuer = await TestOidcIssuer.start();
  stranger = await TestOidcIssuer.start();
  stack = await SigsteadStack.start({
    fulcioConfig: { 'oidc-issuers': { [issuer.url]: issuer.fulcioIssuerConfig('email') } },
  });
  sandbox = await ClientSandbox.create();
  material = await fetchTrustMaterial(stack, issuer.url);
  files = await writeTrustFiles(material, sandbox.workDir);
  foreign = await writeForeignCtLogTrust(material, sandbox);
  await writeFile(sandbox.path('artifact.txt'), ARTIFACT);
});

afterAll(async () => {
  const exit = await stack?.stop();
  await issuer?.close();
  await stranger?.close();
  await sandbox?.remove();
  // The server must shut down cleanly on SIGTERM.
  if (exit) expect(exit).toEqual({ code: 0, signal: null });
});

/** Writes a fresh ID token to a file (clients take a path, which keeps tokens off command lines). */
async function tokenFile(name: string, from: TestOidcIssuer = issuer): Promise<string> {
  const path = sandbox.path(name);
  await writeFile(path, await from.mintToken({ email: EMAIL }));
  return path;
}

describe('Fulcio and CT log public endpoints', () => {
  it('publish a CA chain, the issuer list and the CT log key', async () => {
    const chain = material.trustedRoot.certificateAuthorities.flatMap(
      (ca) => ca.certChain.certificates,
    );
    expect(chain.length).toBeGreaterThanOrEqual(2);
    // /api/v1/rootCert carries the same certificates as the v2 trust bundle.
    expect(material.fulcioRootPem.match(/-----BEGIN CERTIFICATE-----/g)).toHaveLength(chain.length);
    expect(material.ctLog.log_id).toBe(logIdOf(Buffer.from(material.ctLog.key, 'base64')));

    const res = await fetch(`${stack.fulcioUrl}/api/v2/configuration`);
    const { issuers } = (await res.json()) as { issuers: Record<string, unknown>[] };
    expect(issuers).toContainEqual(
      expect.objectContaining({ issuerUrl: issuer.url, audience: 'sigstore', issuerType: 'email' }),
    );
  });

  it("answers 400 with Fulcio's message for a token from an unconfigured issuer", async () => {
    const res = await signingCertRequest(
      stack.fulcioUrl,
      await stranger.mintToken({ email: EMAIL }),
      EMAIL,
    );
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toMatchObject({ code: 3, message: TOKEN_ERROR });
  });
});

describe.skipIf(!clients.cosignV3)('cosign v3.1.3 (signing config, /api/v2/signingCert)', () => {
  const cosign = clients.cosignV3!;
  // The tlog is skipped here (--insecure-ignore-tlog; see signing.spec.ts for the full check), so
  // the certificate is checked at the current time; the SCT and chain checks stay on.
  const verifyArgs = (trustedRoot: string) => [
    'verify-blob',
    '--bundle=v3.sigstore.json',
    `--trusted-root=${trustedRoot}`,
    `--certificate-identity=${EMAIL}`,
    `--certificate-oidc-issuer=${issuer.url}`,
    '--insecure-ignore-tlog',
    'artifact.txt',
  ];

  it('signs a blob with a certificate from our Fulcio and verifies its chain and SCT', async () => {
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
    issued++;
    const verify = await sandbox.run(cosign, verifyArgs(files.trustedRoot));
    expect(verify.code, verify.transcript).toBe(0);
    expect(verify.stderr).toContain('Verified OK');
  });

  it('rejects the signature when the trusted root lacks the CT log that issued the SCT', async () => {
    const verify = await sandbox.run(cosign, verifyArgs(foreign.trustedRoot));
    expect(verify.code, verify.transcript).not.toBe(0);
    expect(verify.stderr).toContain('failed to verify signed certificate timestamp');
  });

  it("surfaces Fulcio's 400 for a token from an unconfigured issuer", async () => {
    const sign = await sandbox.run(cosign, [
      'sign-blob',
      '--yes',
      `--signing-config=${files.signingConfig}`,
      `--trusted-root=${files.trustedRoot}`,
      `--identity-token=${await tokenFile('v3-stranger.jwt', stranger)}`,
      '--bundle=v3-stranger.sigstore.json',
      'artifact.txt',
    ]);
    expect(sign.code, sign.transcript).not.toBe(0);
    expect(sign.stderr).toContain('Fulcio returned 400');
    expect(sign.stderr).toContain(TOKEN_ERROR);
  });
});

describe.skipIf(!clients.cosignV2)('cosign v2.6.5 (legacy /api/v1/signingCert)', () => {
  const cosign = clients.cosignV2!;
  const legacyEnv = (ctKey: string) => ({
    SIGSTORE_ROOT_FILE: files.fulcioRootPem,
    SIGSTORE_CT_LOG_PUBLIC_KEY_FILE: ctKey,
  });
  const signArgs = async (name: string, from?: TestOidcIssuer) => [
    'sign-blob',
    '--yes',
    `--fulcio-url=${stack.fulcioUrl}`,
    `--identity-token=${await tokenFile(`${name}.jwt`, from)}`,
    '--tlog-upload=false',
    `--bundle=${name}.bundle`,
    `--output-certificate=${name}.crt`,
    'artifact.txt',
  ];

  it('verifies the embedded SCT at signing time and the signature with SIGSTORE_ROOT_FILE', async () => {
    // No --insecure-skip-verify: cosign v2 checks the SCT against SIGSTORE_CT_LOG_PUBLIC_KEY_FILE.
    const sign = await sandbox.run(
      cosign,
      await signArgs('v2'),
      legacyEnv(files.ctLogPublicKeyPem),
    );
    expect(sign.code, sign.transcript + stack.output()).toBe(0);
    expect(sign.stderr).toContain('Successfully verified SCT');
    issued++;
    const pem = Buffer.from(await readFile(sandbox.path('v2.crt'), 'utf8'), 'base64').toString();
    expect(pem).toContain('-----BEGIN CERTIFICATE-----');

    // Signed without a tlog upload, so --insecure-ignore-tlog; the chain (SIGSTORE_ROOT_FILE) and
    // SCT are checked.
    const verify = await sandbox.run(
      cosign,
      [
        'verify-blob',
        '--bundle=v2.bundle',
        `--certificate-identity=${EMAIL}`,
        `--certificate-oidc-issuer=${issuer.url}`,
        '--insecure-ignore-tlog',
        'artifact.txt',
      ],
      legacyEnv(files.ctLogPublicKeyPem),
    );
    expect(verify.code, verify.transcript).toBe(0);
    expect(verify.stderr).toContain('Verified OK');
  });

  it('refuses the certificate when the CT log key did not sign its SCT', async () => {
    const sign = await sandbox.run(
      cosign,
      await signArgs('v2-foreign'),
      legacyEnv(foreign.ctLogPublicKeyPem),
    );
    expect(sign.code, sign.transcript).not.toBe(0);
    expect(sign.stderr).toContain('verifying SCT');
    issued++; // Fulcio issued (and logged) it; the client refused it.
  });

  it("surfaces Fulcio's 400 for a token from an unconfigured issuer", async () => {
    const sign = await sandbox.run(
      cosign,
      await signArgs('v2-stranger', stranger),
      legacyEnv(files.ctLogPublicKeyPem),
    );
    expect(sign.code, sign.transcript).not.toBe(0);
    expect(sign.stderr).toContain('400 Bad Request');
    expect(sign.stderr).toContain(TOKEN_ERROR);
  });
});

describe('sigstore-js (@sigstore/sign, @sigstore/verify)', () => {
  const artifact = Buffer.from(ARTIFACT);

  async function signWithToken(token: string) {
    const builder = bundleBuilderFromSigningConfig({
      signingConfig: SigningConfig.fromJSON(material.signingConfig),
      identityProvider: { getToken: () => Promise.resolve(token) },
      bundleType: 'messageSignature',
    });
    // Round-trip through JSON, as a stored bundle would be.
    return bundleFromJSON(bundleToJSON(await builder.create({ data: artifact })));
  }

  /**
   * @sigstore/verify checks the chain at the times a tlog entry or TSA timestamp provides. To test
   * the certificate alone, the test replaces the bundle's tlog entry with "now" as the one observer
   * timestamp (what cosign does with --insecure-ignore-tlog), so the chain, SCT, signature and
   * identity checks are all the library's own; signing.spec.ts verifies the real tlog entry.
   */
  function observedNow(entity: SignedEntity): SignedEntity {
    const tlogEntry = {
      logId: { keyId: Buffer.alloc(32) },
      integratedTime: String(Math.floor(Date.now() / 1000)),
      inclusionPromise: { signedEntryTimestamp: Buffer.alloc(0) },
    } as unknown as TransparencyLogEntry;
    return { ...entity, timestamps: [{ $case: 'transparency-log', tlogEntry }] };
  }

  function verifier(trustedRoot: TrustedRootJson): Verifier {
    return new Verifier(toTrustMaterial(TrustedRoot.fromJSON(trustedRoot)), {
      ctlogThreshold: 1,
      tlogThreshold: 0,
      timestampThreshold: 1,
    });
  }

  const policy = () => ({ subjectAlternativeName: EMAIL, extensions: { issuer: issuer.url } });

  it("obtains a certificate from the signing config's CA and verifies chain, SCT and identity", async () => {
    const bundle = await signWithToken(await issuer.mintToken({ email: EMAIL }));
    issued++;
    const signer = verifier(material.trustedRoot).verify(
      observedNow(toSignedEntity(bundle, artifact)),
      policy(),
    );
    expect(signer.identity?.subjectAlternativeName).toBe(EMAIL);
    expect(signer.identity?.extensions?.issuer).toBe(issuer.url);
  });

  it('rejects the certificate when the trusted root lacks the CT log that issued the SCT', async () => {
    const bundle = await signWithToken(await issuer.mintToken({ email: EMAIL }));
    issued++;
    const entity = observedNow(toSignedEntity(bundle, artifact));
    expect(() => verifier(foreign.trustedRootJson).verify(entity, policy())).toThrow(
      'SCT verification failed',
    );
  });

  it("surfaces Fulcio's 400 for a token from an unconfigured issuer", async () => {
    await expect(signWithToken(await stranger.mintToken({ email: EMAIL }))).rejects.toThrow(
      TOKEN_ERROR,
    );
  });
});

describe.skipIf(!clients.sigstorePythonInterpreter)('sigstore-python 4.5.1 (CSR)', () => {
  const script = join(REPO_ROOT, 'e2e/support/sigstore_python_cert.py');
  const run = async (token: string, trustConfig = files.clientTrustConfig) => {
    const result = await sandbox.run(clients.sigstorePythonInterpreter!, [
      script,
      `--trust-config=${trustConfig}`,
      `--token-file=${token}`,
      `--identity=${EMAIL}`,
      `--issuer=${issuer.url}`,
    ]);
    const last = result.stdout.trim().split('\n').pop() ?? '';
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(last) as Record<string, unknown>;
    } catch {
      // Reported through the transcript below.
    }
    return { result, json };
  };

  it('verifies the SCT at signing time and the chain with the WebPKI policy', async () => {
    const { result, json } = await run(await tokenFile('py.jwt'));
    expect(json, result.transcript + stack.output()).toMatchObject({ ok: true });
    // sigstore-python trusts every CA certificate as an anchor, so the path may stop early.
    expect(json['chainLength']).toBeGreaterThanOrEqual(1);
    issued++;
  });

  it('refuses the certificate at signing time when the CT log key did not sign its SCT', async () => {
    const { result, json } = await run(
      await tokenFile('py-foreign.jwt'),
      foreign.clientTrustConfig,
    );
    expect(json, result.transcript).toMatchObject({ ok: false, stage: 'sign' });
    expect(json['error']).toContain('SCT');
    issued++;
  });

  it("surfaces Fulcio's 400 for a token from an unconfigured issuer", async () => {
    const { result, json } = await run(await tokenFile('py-stranger.jwt', stranger));
    expect(json, result.transcript).toMatchObject({ ok: false, stage: 'fulcio', status: 400 });
    expect(JSON.parse(json['body'] as string)).toMatchObject({ code: 3, message: TOKEN_ERROR });
  });
});

describe('CT log', () => {
  it('holds every precertificate Fulcio issued, under a signed tree head', async () => {
    expect(issued).toBeGreaterThan(0);
    const sth = await waitForTreeSize(issued);
    // RFC 6962 §3.5: digitally-signed TreeHeadSignature over version, type, timestamp, size, root.
    const signed = Buffer.alloc(2 + 8 + 8 + 32);
    signed.writeUInt8(0, 0);
    signed.writeUInt8(1, 1);
    signed.writeBigUInt64BE(BigInt(sth.timestamp), 2);
    signed.writeBigUInt64BE(BigInt(sth.tree_size), 10);
    Buffer.from(sth.sha256_root_hash, 'base64').copy(signed, 18);
    const dss = Buffer.from(sth.tree_head_signature, 'base64');
    expect(dss.readUInt8(0)).toBe(4); // sha256
    const signature = dss.subarray(4, 4 + dss.readUInt16BE(2));
    const key = {
      key: Buffer.from(material.ctLog.key, 'base64'),
      format: 'der',
      type: 'spki',
    } as const;
    expect(createVerify('sha256').update(signed).verify(key, signature)).toBe(true);

    const entries = (await (
      await fetch(`${stack.ctlogUrl}/ct/v1/get-entries?start=0&end=${sth.tree_size - 1}`)
    ).json()) as { entries: { leaf_input: string }[] };
    expect(entries.entries.length).toBeGreaterThan(0);
    for (const entry of entries.entries) {
      // MerkleTreeLeaf v1 timestamped_entry with entry_type precert_entry (RFC 6962 §3.4).
      const leaf = Buffer.from(entry.leaf_input, 'base64');
      expect([leaf[0], leaf[1], leaf.readUInt16BE(10)]).toEqual([0, 0, 1]);
    }
  });
});

interface SignedTreeHead {
  tree_size: number;
  timestamp: number;
  sha256_root_hash: string;
  tree_head_signature: string;
}

/** Polls get-sth until the tree covers `size` entries (logs may integrate asynchronously). */
async function waitForTreeSize(size: number, timeoutMs = 30_000): Promise<SignedTreeHead> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const sth = (await (await fetch(`${stack.ctlogUrl}/ct/v1/get-sth`)).json()) as SignedTreeHead;
    if (sth.tree_size >= size || Date.now() > deadline) {
      expect(sth.tree_size, stack.output()).toBeGreaterThanOrEqual(size);
      return sth;
    }
    await new Promise((ok) => setTimeout(ok, 250));
  }
}

/** Trust material naming a CT log whose key never signed an SCT (same shape, wrong key). */
async function writeForeignCtLogTrust(real: TrustMaterial, box: ClientSandbox) {
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const ctlog = ctLogInstance(
    'http://127.0.0.1:9/foreign',
    spki.toString('base64'),
    logIdOf(spki),
    real.validFrom,
  );
  const trustedRootJson: TrustedRootJson = { ...real.trustedRoot, ctlogs: [ctlog] };
  const paths = {
    trustedRoot: box.path('foreign_trusted_root.json'),
    clientTrustConfig: box.path('foreign_trust_config.json'),
    ctLogPublicKeyPem: box.path('foreign_ctfe.pub'),
  };
  await writeFile(paths.trustedRoot, JSON.stringify(trustedRootJson, null, 2));
  const clientTrustConfig = { ...real.clientTrustConfig, trustedRoot: trustedRootJson };
  await writeFile(paths.clientTrustConfig, JSON.stringify(clientTrustConfig, null, 2));
  await writeFile(paths.ctLogPublicKeyPem, publicKey.export({ type: 'spki', format: 'pem' }));
  return { ...paths, trustedRootJson };
}
