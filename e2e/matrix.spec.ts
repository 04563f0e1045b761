/* eslint-disable @typescript-eslint/no-explicit-any -- bundles, payloads and log entries are read field by field */
/**
 * The real-client matrix: every reference client against one stack, each trusting only what the
 * TUF mirror serves (`GET /root.json`, then the client's own bootstrap from it; no `--insecure-*`
 * flag, no key copied by hand), each with its usual flows and the same refusals: a wrong identity,
 * a wrong issuer and a tampered artifact.
 *  - cosign v3.1.3: sign-blob / verify-blob with a bundle; an image in a local OCI registry signed,
 *    attested with SLSA provenance v1 and a CycloneDX SBOM, and verified (`verify`,
 *    `verify-attestation --type …`). The registry has no referrers API, so the bundles land under
 *    the referrers tag schema (`sha256-<hex>`).
 *  - cosign v2.6.5: the same through Fulcio's v1 API and the legacy TUF targets, with the `.sig` and
 *    `.att` tags. For images, "tampered" means a signature moved onto another image.
 *  - sigstore-js (`sigstore` 5): a blob and a DSSE attestation, with Fulcio and Rekor taken from
 *    the signing config in TUF and verified with the trusted root from TUF.
 *  - sigstore-python 4.5.1: `trust-instance`, then sign and `verify identity` with `--instance`.
 *  - rekor-cli v1.5.4 over the entries those clients made: get, search by email and by digest,
 *    verify, and loginfo twice (the second call proves the grown tree consistent with the first).
 *    It has no TUF: it fetches the log key from `/api/v1/log/publicKey` itself.
 * rekor.spec.ts covers rekor-cli's upload and entry kinds; tuf.spec.ts the mirror itself.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { initTUF } from '@sigstore/tuf';
import * as sigstore from 'sigstore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientSandbox, locateClients, type RunResult } from './support/clients.js';
import { TestOidcIssuer } from './support/oidc-issuer.js';
import { LocalRegistry, locateDockerRegistry, type PushedImage } from './support/registry.js';
import { SigsteadStack } from './support/stack.js';

const clients = locateClients();
const dockerRegistry = locateDockerRegistry();
const EMAIL = 'matrix-signer@example.com';
const OTHER_EMAIL = 'someone-else@example.com';
const OTHER_ISSUER = 'https://other-issuer.example.com';
const TAMPERED = 'tampered.txt';
const SLSA_PROVENANCE_V1 = 'https://slsa.dev/provenance/v1';
const CYCLONEDX = 'https://cyclonedx.org/bom';
const PROVENANCE = {
  buildDefinition: {
    buildType: 'https://example.com/build@v1',
    externalParameters: { repository: 'https://git.example.com/app', ref: 'refs/heads/main' },
  },
  runDetails: { builder: { id: 'https://ci.example.com/builder' } },
};
const SBOM = {
  bomFormat: 'CycloneDX',
  specVersion: '1.5',
  version: 1,
  components: [
    { type: 'library', name: 'left-pad', version: '1.3.0', purl: 'pkg:npm/left-pad@1.3.0' },
  ],
};

let issuer: TestOidcIssuer;
let stack: SigsteadStack;
let sandbox: ClientSandbox;
let registry: LocalRegistry | undefined;
let rootPath: string;

/** An entry a client made, for rekor-cli to find again. */
interface LoggedEntry {
  readonly client: string;
  readonly kind: 'hashedrekord' | 'dsse';
  readonly logIndex: number;
  /** Hex SHA-256 the entry is indexed under (the artifact, or the in-toto subject). */
  readonly digest: string;
  /** hashedrekord only: the signed file, the raw signature and the certificate (PEM), on disk. */
  readonly files?: { artifact: string; signature: string; certificate: string };
}
const logged: LoggedEntry[] = [];
/** Images signed and attested in the registry: each is indexed under its digest. */
const images: { client: string; image: PushedImage; entries: number }[] = [];

beforeAll(async () => {
  issuer = await TestOidcIssuer.start();
  stack = await SigsteadStack.start({
    fulcioConfig: { 'oidc-issuers': { [issuer.url]: issuer.fulcioIssuerConfig('email') } },
    tuf: { oidcUrl: issuer.url },
  });
  sandbox = await ClientSandbox.create();
  // The one piece of trust every client starts from: the root the mirror serves.
  rootPath = sandbox.path('root.json');
  const root = await fetch(`${stack.tufUrl}/root.json`);
  expect(root.status).toBe(200);
  await writeFile(rootPath, Buffer.from(await root.arrayBuffer()));
  await writeFile(sandbox.path(TAMPERED), 'not what anyone signed\n');
  await writeFile(sandbox.path('provenance.json'), JSON.stringify(PROVENANCE));
  await writeFile(sandbox.path('sbom.json'), JSON.stringify(SBOM));
  if (dockerRegistry) registry = await LocalRegistry.start(dockerRegistry);
});

afterAll(async () => {
  await registry?.stop();
  const exit = await stack?.stop();
  await issuer?.close();
  await sandbox?.remove();
  if (exit) expect(exit).toEqual({ code: 0, signal: null });
});

/** A fresh ID token for EMAIL, written to a file (cosign takes a path). */
async function tokenFile(name: string): Promise<string> {
  const path = sandbox.path(`${name}.jwt`);
  await writeFile(path, await issuer.mintToken({ email: EMAIL }));
  return path;
}

/** Writes `<client>.txt` with content of its own, so a search by digest finds only its entries. */
async function artifactFor(client: string): Promise<{ name: string; digest: string }> {
  const name = `${client}.txt`;
  const content = `signed by ${client} through sigstead\n`;
  await writeFile(sandbox.path(name), content);
  return { name, digest: sha256Hex(content) };
}

function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function expectOk(result: RunResult): void {
  expect(result.code, result.transcript + '\n--- sigstead ---\n' + stack.output()).toBe(0);
}

/** A non-zero exit whose output says why. */
function expectRefused(result: RunResult, why: RegExp): void {
  expect(result.code, result.transcript).not.toBe(0);
  expect(result.stdout + result.stderr, result.transcript).toMatch(why);
}

function pem(der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

/**
 * Records a hashedrekord entry from a protobuf-specs bundle (v0.1–v0.3) of a message signature:
 * its signature and leaf certificate go to files for `rekor-cli verify`.
 */
async function recordBundle(client: string, artifact: string, bundle: any): Promise<void> {
  const material = bundle.verificationMaterial;
  const certificate =
    material.certificate?.rawBytes ?? material.x509CertificateChain?.certificates?.[0]?.rawBytes;
  const [tlog] = material.tlogEntries;
  expect(tlog.kindVersion.kind).toBe('hashedrekord');
  await recordFiles(client, artifact, {
    // proto3 JSON leaves out a zero: sigstore-js writes no `logIndex` for entry 0.
    logIndex: Number(tlog.logIndex ?? 0),
    signature: Buffer.from(bundle.messageSignature.signature, 'base64'),
    certificatePem: pem(Buffer.from(certificate, 'base64')),
  });
}

async function recordFiles(
  client: string,
  artifact: string,
  entry: { logIndex: number; signature: Buffer; certificatePem: string },
): Promise<void> {
  const files = {
    artifact,
    signature: sandbox.path(`${client}.sig`),
    certificate: sandbox.path(`${client}.crt`),
  };
  await writeFile(files.signature, entry.signature);
  await writeFile(files.certificate, entry.certificatePem);
  logged.push({
    client,
    kind: 'hashedrekord',
    logIndex: entry.logIndex,
    digest: sha256Hex(await readFile(sandbox.path(artifact))),
    files,
  });
}

/** The in-toto statements `cosign verify-attestation` prints, one JSON envelope per line. */
function statementsOf(result: RunResult): any[] {
  return result.stdout
    .trim()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line): unknown => JSON.parse(Buffer.from(JSON.parse(line).payload, 'base64').toString()));
}

/**
 * The statement is about `image` and carries every field of `predicate` (cosign v2 parses SLSA
 * provenance v1 into its struct and writes it back with an empty `runDetails.metadata`).
 */
function expectStatement(
  result: RunResult,
  image: PushedImage,
  predicateType: string,
  predicate: object,
): void {
  const statements = statementsOf(result);
  expect(statements, result.transcript).toHaveLength(1);
  const [statement] = statements;
  expect(statement.predicateType).toBe(predicateType);
  expect(statement.subject).toEqual([
    { name: image.repository, digest: { sha256: image.digest.replace('sha256:', '') } },
  ]);
  expect(statement.predicate).toMatchObject(predicate);
}

/** `cosign verify` prints the simple-signing payloads it verified as a JSON array. */
function expectSignedPayload(result: RunResult, image: PushedImage): void {
  const payloads = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as any[];
  expect(payloads.length).toBeGreaterThan(0);
  for (const payload of payloads) {
    expect(payload.critical.image['docker-manifest-digest']).toBe(image.digest);
  }
}

/**
 * `cosign verify` and `verify-attestation` for both predicate types pass on `image`, with the
 * identity flags `expected` gives; `logLine` is what the client says about the transparency log.
 */
async function expectImageVerifies(
  cosign: (...args: string[]) => Promise<RunResult>,
  expected: string[],
  image: PushedImage,
  logLine: string,
): Promise<void> {
  const verify = await cosign('verify', ...expected, image.ref);
  expectOk(verify);
  expect(verify.stderr).toContain(logLine);
  expectSignedPayload(verify, image);
  for (const [type, predicateType, predicate] of [
    ['slsaprovenance1', SLSA_PROVENANCE_V1, PROVENANCE],
    ['cyclonedx', CYCLONEDX, SBOM],
  ] as const) {
    const attestation = await cosign(
      'verify-attestation',
      `--type=${type}`,
      ...expected,
      image.ref,
    );
    expectOk(attestation);
    expectStatement(attestation, image, predicateType, predicate);
  }
}

/**
 * `cosign verify` and `verify-attestation` refuse `image` when they expect another identity or
 * another issuer; `refusal` is what the client says for each.
 */
async function expectWrongIdentityRefused(
  cosign: (...args: string[]) => Promise<RunResult>,
  expected: (identity?: string, oidcIssuer?: string) => string[],
  image: PushedImage,
  refusal: { identity: RegExp; issuer: RegExp },
): Promise<void> {
  for (const command of [['verify'], ['verify-attestation', '--type=cyclonedx']]) {
    expectRefused(await cosign(...command, ...expected(OTHER_EMAIL), image.ref), refusal.identity);
    expectRefused(
      await cosign(...command, ...expected(EMAIL, OTHER_ISSUER), image.ref),
      refusal.issuer,
    );
  }
}

/** The fallback referrers tag (OCI 1.1) and cosign v2's tag prefix for an image digest. */
function digestTag(image: PushedImage): string {
  return image.digest.replace(':', '-');
}

describe.skipIf(!clients.cosignV3)('cosign v3.1.3 bootstrapped from the mirror', () => {
  const env = () => ({ TUF_ROOT: sandbox.path('tuf-cosign-v3') });
  const cosign = (...args: string[]) => sandbox.run(clients.cosignV3!, args, env());
  const expected = (identity = EMAIL, oidcIssuer = issuer.url) => [
    `--certificate-identity=${identity}`,
    `--certificate-oidc-issuer=${oidcIssuer}`,
  ];
  let artifact: { name: string; digest: string };

  beforeAll(async () => {
    expectOk(await cosign('initialize', `--mirror=${stack.tufUrl}`, `--root=${rootPath}`));
    artifact = await artifactFor('cosign-v3');
  });

  it('sign-blob takes Fulcio and Rekor from the TUF signing config; verify-blob checks the bundle', async () => {
    expectOk(
      await cosign(
        'sign-blob',
        '--yes',
        `--identity-token=${await tokenFile('cosign-v3-blob')}`,
        '--bundle=cosign-v3.sigstore.json',
        artifact.name,
      ),
    );
    const verify = await cosign(
      'verify-blob',
      '--bundle=cosign-v3.sigstore.json',
      ...expected(),
      artifact.name,
    );
    expectOk(verify);
    expect(verify.stderr).toContain('Verified OK');
    const bundle = JSON.parse(await readFile(sandbox.path('cosign-v3.sigstore.json'), 'utf8'));
    expect(bundle.mediaType).toBe('application/vnd.dev.sigstore.bundle.v0.3+json');
    await recordBundle('cosign-v3', artifact.name, bundle);
  });

  it('verify-blob refuses a wrong identity, a wrong issuer and a tampered blob', async () => {
    const verify = (identity: string, oidcIssuer: string, file: string) =>
      cosign(
        'verify-blob',
        '--bundle=cosign-v3.sigstore.json',
        ...expected(identity, oidcIssuer),
        file,
      );
    expectRefused(
      await verify(OTHER_EMAIL, issuer.url, artifact.name),
      /expected SAN value "someone-else@example\.com", got "matrix-signer@example\.com"/,
    );
    expectRefused(
      await verify(EMAIL, OTHER_ISSUER, artifact.name),
      /expected issuer value "https:\/\/other-issuer\.example\.com", got "http:\/\/127\.0\.0\.1:\d+"/,
    );
    expectRefused(
      await verify(EMAIL, issuer.url, TAMPERED),
      /failed to verify signature: could not verify message: invalid signature/,
    );
  });

  describe.skipIf(!dockerRegistry)('an image in the local registry', () => {
    const name = 'matrix/cosign-v3';
    let image: PushedImage;
    let other: PushedImage;

    beforeAll(async () => {
      image = await registry!.pushImage(name, 'cosign-v3');
      other = await registry!.pushImage(name, 'cosign-v3-other');
    });

    it('signs and attests (SLSA provenance, CycloneDX) the image; verify and verify-attestation pass', async () => {
      expectOk(
        await cosign('sign', '--yes', `--identity-token=${await tokenFile('v3-sign')}`, image.ref),
      );
      for (const [type, file] of [
        ['slsaprovenance1', 'provenance.json'],
        ['cyclonedx', 'sbom.json'],
      ] as const) {
        expectOk(
          await cosign(
            'attest',
            '--yes',
            `--identity-token=${await tokenFile(`v3-${type}`)}`,
            `--predicate=${file}`,
            `--type=${type}`,
            image.ref,
          ),
        );
      }
      // No referrers API in distribution 2.8: cosign fell back to the tag schema.
      expect((await registry!.getManifest(name, digestTag(image)))?.mediaType).toBe(
        'application/vnd.oci.image.index.v1+json',
      );

      await expectImageVerifies(
        cosign,
        expected(),
        image,
        'The code-signing certificate was verified using trusted certificate authority certificates',
      );
      // The signature and both attestations are DSSE entries about the image digest.
      images.push({ client: 'cosign-v3', image, entries: 3 });
    });

    it('refuses a wrong identity, a wrong issuer, an unsigned image and signatures moved onto it', async () => {
      await expectWrongIdentityRefused(cosign, expected, image, {
        identity: /expected SAN value "someone-else@example\.com"/,
        issuer: /expected issuer value "https:\/\/other-issuer\.example\.com"/,
      });
      expectRefused(await cosign('verify', ...expected(), other.ref), /no signatures found/);
      expectRefused(
        await cosign('verify-attestation', '--type=spdxjson', ...expected(), image.ref),
        /none of the attestations matched the predicate type: spdxjson/,
      );
      // The image's bundles listed as the other image's referrers: each names the first digest.
      await registry!.copyManifest(name, digestTag(image), digestTag(other));
      for (const command of [['verify'], ['verify-attestation', '--type=slsaprovenance1']]) {
        expectRefused(
          await cosign(...command, ...expected(), other.ref),
          /provided artifact digest does not match any digest in statement/,
        );
      }
    });
  });
});

describe.skipIf(!clients.cosignV2)('cosign v2.6.5 bootstrapped from the mirror', () => {
  const env = () => ({ TUF_ROOT: sandbox.path('tuf-cosign-v2') });
  const cosign = (...args: string[]) => sandbox.run(clients.cosignV2!, args, env());
  const signing = async (name: string) => [
    `--fulcio-url=${stack.fulcioUrl}`,
    `--rekor-url=${stack.rekorUrl}`,
    `--identity-token=${await tokenFile(name)}`,
  ];
  const expected = (identity = EMAIL, oidcIssuer = issuer.url) => [
    `--rekor-url=${stack.rekorUrl}`,
    `--certificate-identity=${identity}`,
    `--certificate-oidc-issuer=${oidcIssuer}`,
  ];
  const mismatch =
    /none of the expected identities matched what was in the certificate, got subjects \[matrix-signer@example\.com\] with issuer http:\/\/127\.0\.0\.1:\d+/;
  let artifact: { name: string; digest: string };

  beforeAll(async () => {
    expectOk(await cosign('initialize', `--mirror=${stack.tufUrl}`, `--root=${rootPath}`));
    artifact = await artifactFor('cosign-v2');
  });

  it('sign-blob goes through the v1 API; verify-blob checks the legacy bundle', async () => {
    const sign = await cosign(
      'sign-blob',
      '--yes',
      ...(await signing('cosign-v2-blob')),
      '--bundle=cosign-v2.bundle',
      artifact.name,
    );
    expectOk(sign);
    expect(sign.stderr).toMatch(/tlog entry created with index: \d+/);
    const verify = await cosign(
      'verify-blob',
      '--bundle=cosign-v2.bundle',
      ...expected(),
      artifact.name,
    );
    expectOk(verify);
    expect(verify.stderr).toContain('Verified OK');
    const legacy = JSON.parse(await readFile(sandbox.path('cosign-v2.bundle'), 'utf8'));
    await recordFiles('cosign-v2', artifact.name, {
      logIndex: legacy.rekorBundle.Payload.logIndex,
      signature: Buffer.from(legacy.base64Signature, 'base64'),
      certificatePem: Buffer.from(legacy.cert, 'base64').toString(),
    });
  });

  it('verify-blob refuses a wrong identity, a wrong issuer and a tampered blob', async () => {
    const verify = (identity: string, oidcIssuer: string, file: string) =>
      cosign('verify-blob', '--bundle=cosign-v2.bundle', ...expected(identity, oidcIssuer), file);
    expectRefused(await verify(OTHER_EMAIL, issuer.url, artifact.name), mismatch);
    expectRefused(await verify(EMAIL, OTHER_ISSUER, artifact.name), mismatch);
    expectRefused(
      await verify(EMAIL, issuer.url, TAMPERED),
      /error verifying bundle: matching bundle to payload/,
    );
  });

  describe.skipIf(!dockerRegistry)('an image in the local registry', () => {
    const name = 'matrix/cosign-v2';
    let image: PushedImage;
    let other: PushedImage;

    beforeAll(async () => {
      image = await registry!.pushImage(name, 'cosign-v2');
      other = await registry!.pushImage(name, 'cosign-v2-other');
    });

    it('signs and attests (SLSA provenance, CycloneDX) the image; verify and verify-attestation pass', async () => {
      const sign = await cosign('sign', '--yes', ...(await signing('v2-sign')), image.ref);
      expectOk(sign);
      expect(sign.stderr).toMatch(/tlog entry created with index: \d+/);
      for (const [type, file] of [
        ['slsaprovenance1', 'provenance.json'],
        ['cyclonedx', 'sbom.json'],
      ] as const) {
        expectOk(
          await cosign(
            'attest',
            '--yes',
            ...(await signing(`v2-${type}`)),
            `--predicate=${file}`,
            `--type=${type}`,
            image.ref,
          ),
        );
      }
      // The legacy layout: one tag for signatures, one for attestations.
      for (const suffix of ['sig', 'att']) {
        expect(await registry!.getManifest(name, `${digestTag(image)}.${suffix}`)).toBeDefined();
      }

      await expectImageVerifies(
        cosign,
        expected(),
        image,
        'Existence of the claims in the transparency log was verified offline',
      );
      // The attestations are logged with the image as their subject; the signature is logged
      // under the digest of its simple-signing payload.
      images.push({ client: 'cosign-v2', image, entries: 2 });
    });

    it('refuses a wrong identity, a wrong issuer, an unsigned image and signatures moved onto it', async () => {
      await expectWrongIdentityRefused(cosign, expected, image, {
        identity: mismatch,
        issuer: mismatch,
      });
      expectRefused(await cosign('verify', ...expected(), other.ref), /no signatures found/);
      // The image's `.sig` and `.att` manifests re-tagged for the other image.
      for (const suffix of ['sig', 'att']) {
        await registry!.copyManifest(
          name,
          `${digestTag(image)}.${suffix}`,
          `${digestTag(other)}.${suffix}`,
        );
      }
      expectRefused(
        await cosign('verify', ...expected(), other.ref),
        new RegExp(`invalid or missing digest in claim: ${image.digest}`),
      );
      expectRefused(
        await cosign('verify-attestation', '--type=cyclonedx', ...expected(), other.ref),
        /no matching subject digest found/,
      );
    });
  });
});

describe('sigstore-js (sigstore 5) with trust from TUF', () => {
  /** sigstore-js matches the SAN as an unanchored regular expression: anchor and escape it. */
  const exactly = (email: string) => `^${email.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;
  const verifyOptions = (
    email = EMAIL,
    certificateIssuer = issuer.url,
  ): sigstore.VerifyOptions => ({
    tufMirrorURL: stack.tufUrl,
    tufRootPath: rootPath,
    tufCachePath: sandbox.path('tuf-sigstore-js'),
    certificateIdentityEmail: exactly(email),
    certificateIssuer,
  });
  let signOptions: () => Promise<sigstore.SignOptions>;
  let artifact: Buffer;
  let blobBundle: sigstore.Bundle;
  let attestation: sigstore.Bundle;
  let digest: string;

  beforeAll(async () => {
    // Where to sign comes from the signing config the repository distributes.
    const tuf = await initTUF({
      mirrorURL: stack.tufUrl,
      rootPath,
      cachePath: sandbox.path('tuf-sigstore-js'),
      forceInit: true,
    });
    const config = JSON.parse(await tuf.getTarget('signing_config.v0.2.json'));
    const fulcioURL = config.caUrls[0].url as string;
    const rekorURL = config.rekorTlogUrls[0].url as string;
    expect([fulcioURL, rekorURL]).toEqual([stack.fulcioUrl, stack.rekorUrl]);
    signOptions = async () => ({
      fulcioURL,
      rekorURL,
      identityToken: await issuer.mintToken({ email: EMAIL }),
    });
    const file = await artifactFor('sigstore-js');
    artifact = await readFile(sandbox.path(file.name));
    digest = file.digest;
  });

  it('signs a blob and verifies it with the trusted root from TUF', async () => {
    blobBundle = await sigstore.sign(artifact, await signOptions());
    const signer = await sigstore.verify(blobBundle, artifact, verifyOptions());
    expect(signer.identity?.subjectAlternativeName).toBe(EMAIL);
    expect(signer.identity?.extensions?.issuer).toBe(issuer.url);
    await recordBundle('sigstore-js', 'sigstore-js.txt', blobBundle);
  });

  it('attests the blob as a DSSE envelope and verifies the attestation', async () => {
    const statement = {
      _type: 'https://in-toto.io/Statement/v1',
      subject: [{ name: 'sigstore-js.txt', digest: { sha256: digest } }],
      predicateType: SLSA_PROVENANCE_V1,
      predicate: PROVENANCE,
    };
    attestation = await sigstore.attest(
      Buffer.from(JSON.stringify(statement)),
      'application/vnd.in-toto+json',
      await signOptions(),
    );
    const [tlog] = attestation.verificationMaterial.tlogEntries;
    expect(tlog?.kindVersion?.kind).toBe('dsse');
    const signer = await sigstore.verify(attestation, verifyOptions());
    expect(signer.identity?.subjectAlternativeName).toBe(EMAIL);
    logged.push({
      client: 'sigstore-js (attestation)',
      kind: 'dsse',
      logIndex: Number(tlog?.logIndex ?? 0),
      digest,
    });
  });

  it('refuses a wrong identity, a wrong issuer and a tampered blob or envelope', async () => {
    for (const [bundle, data] of [
      [blobBundle, artifact],
      [attestation, undefined],
    ] as const) {
      const verify = (options: sigstore.VerifyOptions) =>
        data ? sigstore.verify(bundle, data, options) : sigstore.verify(bundle, options);
      await expect(verify(verifyOptions(OTHER_EMAIL))).rejects.toThrow(
        /certificate identity error - expected .*someone-else.*, got matrix-signer@example\.com/,
      );
      await expect(verify(verifyOptions(EMAIL, OTHER_ISSUER))).rejects.toThrow(
        `invalid certificate extension - expected issuer=${OTHER_ISSUER}, got issuer=${issuer.url}`,
      );
    }
    await expect(
      sigstore.verify(blobBundle, await readFile(sandbox.path(TAMPERED)), verifyOptions()),
    ).rejects.toThrow('signature verification failed');
    // The statement now names another subject than the one signed.
    const tampered = structuredClone(attestation);
    const envelope = tampered.dsseEnvelope!;
    envelope.payload = Buffer.from(
      Buffer.from(envelope.payload, 'base64').toString().replace(digest, '0'.repeat(64)),
    ).toString('base64');
    // The log entry holds the hash of the signed payload: the bundle no longer matches it.
    await expect(sigstore.verify(tampered, verifyOptions())).rejects.toThrow(
      'DSSE payload hash mismatch',
    );
  });
});

describe.skipIf(!clients.sigstorePython)('sigstore-python 4.5.1 trusting the instance', () => {
  // COLUMNS: rich wraps error messages at the terminal width otherwise.
  const sigstorePy = (...args: string[]) =>
    sandbox.run(clients.sigstorePython!, ['--instance', stack.tufUrl, ...args], {
      COLUMNS: '400',
    });
  let artifact: { name: string; digest: string };

  beforeAll(async () => {
    expectOk(await sigstorePy('trust-instance', rootPath));
    artifact = await artifactFor('sigstore-python');
  });

  const verify = (identity: string, oidcIssuer: string, file: string) =>
    sigstorePy(
      'verify',
      'identity',
      '--cert-identity',
      identity,
      '--cert-oidc-issuer',
      oidcIssuer,
      '--bundle',
      'sigstore-python.sigstore.json',
      file,
    );

  it('signs with --instance and verifies the identity', async () => {
    expectOk(
      await sigstorePy(
        'sign',
        '--identity-token',
        await issuer.mintToken({ email: EMAIL }),
        '--bundle',
        'sigstore-python.sigstore.json',
        artifact.name,
      ),
    );
    const ok = await verify(EMAIL, issuer.url, artifact.name);
    expectOk(ok);
    expect(ok.stdout + ok.stderr).toContain(`OK: ${artifact.name}`);
    const bundle = JSON.parse(
      await readFile(sandbox.path('sigstore-python.sigstore.json'), 'utf8'),
    );
    await recordBundle('sigstore-python', artifact.name, bundle);
  });

  it('refuses a wrong identity, a wrong issuer and a tampered artifact', async () => {
    expectRefused(
      await verify(OTHER_EMAIL, issuer.url, artifact.name),
      /Certificate's SANs do not match someone-else@example\.com; actual SANs: \{'matrix-signer@example\.com'\}/,
    );
    expectRefused(
      await verify(EMAIL, OTHER_ISSUER, artifact.name),
      /Certificate's OIDCIssuer does not match \(got 'http:\/\/127\.0\.0\.1:\d+', expected 'https:\/\/other-issuer\.example\.com'\)/,
    );
    expectRefused(await verify(EMAIL, issuer.url, TAMPERED), /Bundle message digest mismatch/);
  });
});

describe.skipIf(!clients.rekorCli)('rekor-cli v1.5.4 over the entries the clients made', () => {
  // A home of its own: rekor-cli keeps the last verified tree head in ~/.rekor/state.json.
  const home = () => sandbox.path('rekor-cli-home');
  const rekor = (...args: string[]) =>
    sandbox.run(clients.rekorCli!, ['--rekor_server', stack.rekorUrl, ...args], { HOME: home() });
  const uuidsIn = (result: RunResult) => result.stdout.match(/\b[0-9a-f]{80}\b/g) ?? [];
  const uuids = new Map<number, string>();
  const treeSize = (result: RunResult) =>
    Number(/Total Tree Size:\s+(\d+)/.exec(result.stdout)?.[1]);

  beforeAll(async () => {
    await mkdir(home(), { recursive: true });
  });

  it('gets each entry by log index and by UUID', async () => {
    expect(logged.length).toBeGreaterThan(0);
    for (const entry of logged) {
      const byIndex = await rekor('get', '--log-index', String(entry.logIndex), '--format', 'json');
      expectOk(byIndex);
      const got = JSON.parse(byIndex.stdout);
      expect(got.LogIndex, entry.client).toBe(entry.logIndex);
      if (entry.kind === 'hashedrekord') {
        expect(got.Body.HashedRekordObj.data.hash.value, entry.client).toBe(entry.digest);
      } else {
        expect(got.Body.DSSEObj.payloadHash.algorithm, entry.client).toBe('sha256');
      }
      uuids.set(entry.logIndex, got.UUID);
      const byUuid = await rekor('get', '--uuid', got.UUID, '--format', 'json');
      expectOk(byUuid);
      expect(JSON.parse(byUuid.stdout)).toMatchObject({ LogIndex: entry.logIndex, UUID: got.UUID });
    }
  });

  it('finds every entry by the signer email and each artifact by its digest', async () => {
    const byEmail = await rekor('search', '--email', EMAIL);
    expectOk(byEmail);
    // Every entry in this log was signed as EMAIL (the email index is case-insensitive).
    const all = uuidsIn(byEmail);
    expect(all).toEqual(expect.arrayContaining([...uuids.values()]));
    const info = (await fetch(`${stack.rekorUrl}/api/v1/log`).then((r) => r.json())) as {
      treeSize: number;
    };
    expect(all).toHaveLength(info.treeSize);
    expect(uuidsIn(await rekor('search', '--email', EMAIL.toUpperCase()))).toEqual(all);

    for (const digest of new Set(logged.map((e) => e.digest))) {
      const result = await rekor('search', '--sha', `sha256:${digest}`);
      expectOk(result);
      const expected = logged
        .filter((e) => e.digest === digest)
        .sort((a, b) => a.logIndex - b.logIndex)
        .map((e) => uuids.get(e.logIndex));
      expect(uuidsIn(result), result.transcript).toEqual(expected);
    }
    for (const { client, image, entries } of images) {
      const result = await rekor('search', '--sha', image.digest);
      expectOk(result);
      expect(uuidsIn(result), `${client}: ${result.transcript}`).toHaveLength(entries);
    }
  });

  it('verifies each signed artifact: inclusion proof, SET and checkpoint', async () => {
    for (const entry of logged) {
      const args = entry.files
        ? [
            '--type',
            'hashedrekord',
            '--pki-format',
            'x509',
            '--artifact',
            entry.files.artifact,
            '--signature',
            entry.files.signature,
            '--public-key',
            entry.files.certificate,
          ]
        : ['--uuid', uuids.get(entry.logIndex)!];
      const result = await rekor('verify', ...args);
      expectOk(result);
      expect(result.stdout, entry.client).toContain(
        `Entry Index in Current Tree: ${entry.logIndex}\n`,
      );
      expect(result.stdout).toMatch(/Computed Root Hash: ([0-9a-f]{64})\nExpected Root Hash: \1\n/);
    }
  });

  it('refuses a tampered artifact; its digest and an unknown signer find nothing', async () => {
    const signed = logged.find((e) => e.files)!;
    const verify = await rekor(
      'verify',
      '--type',
      'hashedrekord',
      '--pki-format',
      'x509',
      '--artifact',
      TAMPERED,
      '--signature',
      signed.files!.signature,
      '--public-key',
      signed.files!.certificate,
    );
    expectRefused(verify, /verifying signature: invalid signature/);
    const tamperedDigest = sha256Hex(await readFile(sandbox.path(TAMPERED)));
    expectRefused(
      await rekor('search', '--sha', `sha256:${tamperedDigest}`),
      /no matching entries found/,
    );
    expectRefused(await rekor('search', '--email', OTHER_EMAIL), /no matching entries found/);
  });

  it('loginfo twice: the second call proves the grown tree consistent with the first', async () => {
    const first = await rekor('loginfo');
    expectOk(first);
    expect(first.stdout).toContain('Verification Successful!');
    const stateFile = join(home(), '.rekor/state.json');
    const firstState = await readFile(stateFile, 'utf8');

    // Another client entry grows the tree.
    const more = Buffer.from('one more entry between two loginfo calls\n');
    await sigstore.sign(more, {
      fulcioURL: stack.fulcioUrl,
      rekorURL: stack.rekorUrl,
      identityToken: await issuer.mintToken({ email: EMAIL }),
    });
    const second = await rekor('loginfo');
    expectOk(second);
    expect(second.stdout).toContain('Verification Successful!');
    expect(treeSize(second)).toBe(treeSize(first) + 1);
    expect(await readFile(stateFile, 'utf8')).not.toBe(firstState);

    // The check is real: an earlier tree head with another root hash is not a prefix of this tree.
    const forged = JSON.parse(firstState) as Record<string, string>;
    for (const key of Object.keys(forged)) {
      const lines = forged[key]!.split('\n');
      lines[2] = Buffer.alloc(32).toString('base64');
      forged[key] = lines.join('\n');
    }
    await writeFile(stateFile, JSON.stringify(forged));
    expectRefused(await rekor('loginfo'), /does not match expected root/);
  });
});
