/**
 * Builds client trust material from a running stack, the way an operator would before a TUF
 * repository exists: the CA chains from Fulcio's `/api/v2/trustBundle`, the CT log key from its
 * `log.v3.json`, the Rekor key from `/api/v1/log/publicKey`, then
 *  - `trusted_root.json` (protobuf-specs `TrustedRoot`, media type v0.1; spec tuf.md §3.1),
 *  - `signing_config.v0.2.json` (spec tuf.md §3.3),
 *  - a sigstore-python ClientTrustConfig (`--trust-config`),
 *  - PEM files for cosign v2 (`SIGSTORE_ROOT_FILE` from `/api/v1/rootCert`,
 *    `SIGSTORE_CT_LOG_PUBLIC_KEY_FILE`, `SIGSTORE_REKOR_PUBLIC_KEY`).
 * The Rekor entry (spec rekor.md §3): logId = SHA-256 of the key's SPKI, no `checkpointKeyId`
 * (a v1 log), `validFor.start` set; the signing config names it with `majorApiVersion: 1`.
 */
import { createHash, createPublicKey, X509Certificate } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const TRUSTED_ROOT_MEDIA_TYPE = 'application/vnd.dev.sigstore.trustedroot+json;version=0.1';
const SIGNING_CONFIG_MEDIA_TYPE = 'application/vnd.dev.sigstore.signingconfig.v0.2+json';
const CLIENT_TRUST_CONFIG_MEDIA_TYPE = 'application/vnd.dev.sigstore.clienttrustconfig.v0.1+json';
const OPERATOR = 'sigstead-e2e';

export interface StackEndpoints {
  readonly fulcioUrl: string;
  /** CT log base URL including its prefix. */
  readonly ctlogUrl: string;
  /** Rekor's base URL (served at the host root). */
  readonly rekorUrl: string;
}

/** `GET /<prefix>/log.v3.json`. */
export interface CtLogInfo {
  readonly description: string;
  readonly log_id: string;
  readonly key: string;
  readonly url: string;
  readonly mmd: number;
}

export interface TrustMaterial {
  readonly trustedRoot: TrustedRootJson;
  readonly signingConfig: SigningConfigJson;
  /** sigstore-python `--trust-config` document. */
  readonly clientTrustConfig: Record<string, unknown>;
  /** Every CA certificate, concatenated PEM, as served by `GET /api/v1/rootCert`. */
  readonly fulcioRootPem: string;
  /** The CT log public key as a PEM `PUBLIC KEY`. */
  readonly ctLogPublicKeyPem: string;
  /** The Rekor log key as a PEM `PUBLIC KEY`. */
  readonly rekorPublicKeyPem: string;
  readonly ctLog: CtLogInfo;
  /** The `validFor.start` given to the CT log and the services. */
  readonly validFrom: string;
}

export interface TrustFiles {
  readonly trustedRoot: string;
  readonly signingConfig: string;
  readonly clientTrustConfig: string;
  /** For cosign v2's SIGSTORE_ROOT_FILE. */
  readonly fulcioRootPem: string;
  /** For cosign v2's SIGSTORE_CT_LOG_PUBLIC_KEY_FILE. */
  readonly ctLogPublicKeyPem: string;
  /** For cosign v2's SIGSTORE_REKOR_PUBLIC_KEY. */
  readonly rekorPublicKeyPem: string;
}

interface Service {
  url: string;
  majorApiVersion: number;
  validFor: { start: string };
  operator: string;
}

export interface SigningConfigJson {
  mediaType: string;
  caUrls: Service[];
  oidcUrls: Service[];
  rekorTlogUrls: Service[];
  rekorTlogConfig?: { selector: 'ANY' | 'ALL' | 'EXACT' };
  tsaUrls: Service[];
}

export interface TransparencyLogInstanceJson {
  baseUrl: string;
  hashAlgorithm: 'SHA2_256';
  publicKey: { rawBytes: string; keyDetails: string; validFor: { start: string; end?: string } };
  logId: { keyId: string };
}

export interface TrustedRootJson {
  mediaType: string;
  tlogs: TransparencyLogInstanceJson[];
  certificateAuthorities: {
    subject: { organization: string; commonName: string };
    uri: string;
    certChain: { certificates: { rawBytes: string }[] };
    validFor: { start: string; end?: string };
  }[];
  ctlogs: TransparencyLogInstanceJson[];
  timestampAuthorities: never[];
}

/** Reads the stack's public trust material and assembles the client documents. */
export async function fetchTrustMaterial(
  stack: StackEndpoints,
  oidcIssuerUrl: string,
): Promise<TrustMaterial> {
  const bundle = (await getJson(`${stack.fulcioUrl}/api/v2/trustBundle`)) as {
    chains: { certificates: string[] }[];
  };
  const ctLog = (await getJson(`${stack.ctlogUrl}/log.v3.json`)) as CtLogInfo;
  const fulcioRootPem = await getText(`${stack.fulcioUrl}/api/v1/rootCert`);
  const rekorPublicKeyPem = await getText(`${stack.rekorUrl}/api/v1/log/publicKey`);
  const rekorKey = createPublicKey(rekorPublicKeyPem).export({ type: 'spki', format: 'der' });

  const certificateAuthorities = bundle.chains.map((chain) => {
    const certs = chain.certificates.map((pem) => new X509Certificate(pem));
    const root = certs.at(-1);
    if (!root) throw new Error('trustBundle lists an empty chain');
    return {
      subject: subjectOf(root),
      uri: stack.fulcioUrl,
      certChain: { certificates: certs.map((c) => ({ rawBytes: c.raw.toString('base64') })) },
      validFor: { start: rfc3339(new Date(root.validFrom)), end: rfc3339(new Date(root.validTo)) },
    };
  });
  const [firstCa] = certificateAuthorities;
  if (!firstCa) throw new Error('trustBundle lists no CA chains');
  // The CT key has no published creation time; the CA root's start is early enough for any SCT.
  const start = firstCa.validFor.start;

  const trustedRoot: TrustedRootJson = {
    mediaType: TRUSTED_ROOT_MEDIA_TYPE,
    tlogs: [ctLogInstance(stack.rekorUrl, rekorKey.toString('base64'), logIdOf(rekorKey), start)],
    certificateAuthorities,
    ctlogs: [ctLogInstance(stack.ctlogUrl, ctLog.key, ctLog.log_id, start)],
    timestampAuthorities: [],
  };
  const signingConfig: SigningConfigJson = {
    mediaType: SIGNING_CONFIG_MEDIA_TYPE,
    caUrls: [service(stack.fulcioUrl, start)],
    oidcUrls: [service(oidcIssuerUrl, start)],
    rekorTlogUrls: [service(stack.rekorUrl, start)],
    rekorTlogConfig: { selector: 'ANY' },
    // No `tsaConfig`: sigstore-js requires a service as soon as it is set.
    tsaUrls: [],
  };
  return {
    trustedRoot,
    signingConfig,
    clientTrustConfig: {
      mediaType: CLIENT_TRUST_CONFIG_MEDIA_TYPE,
      trustedRoot,
      signingConfig,
    },
    fulcioRootPem,
    ctLogPublicKeyPem: spkiToPem(Buffer.from(ctLog.key, 'base64')),
    rekorPublicKeyPem,
    ctLog,
    validFrom: start,
  };
}

/** A CT or Rekor v1 log entry for a trusted root, for `key` (base64 DER SPKI) and `logId` (base64). */
export function ctLogInstance(
  baseUrl: string,
  key: string,
  logId: string,
  start: string,
): TransparencyLogInstanceJson {
  return {
    baseUrl,
    hashAlgorithm: 'SHA2_256',
    publicKey: { rawBytes: key, keyDetails: keyDetails(key), validFor: { start } },
    logId: { keyId: logId },
  };
}

/** Writes the documents into `dir` under the names clients conventionally use. */
export async function writeTrustFiles(material: TrustMaterial, dir: string): Promise<TrustFiles> {
  const files: TrustFiles = {
    trustedRoot: join(dir, 'trusted_root.json'),
    signingConfig: join(dir, 'signing_config.v0.2.json'),
    clientTrustConfig: join(dir, 'trust_config.json'),
    fulcioRootPem: join(dir, 'fulcio_v1.crt.pem'),
    ctLogPublicKeyPem: join(dir, 'ctfe.pub'),
    rekorPublicKeyPem: join(dir, 'rekor.pub'),
  };
  await writeFile(files.trustedRoot, JSON.stringify(material.trustedRoot, null, 2));
  await writeFile(files.signingConfig, JSON.stringify(material.signingConfig, null, 2));
  await writeFile(files.clientTrustConfig, JSON.stringify(material.clientTrustConfig, null, 2));
  await writeFile(files.fulcioRootPem, material.fulcioRootPem);
  await writeFile(files.ctLogPublicKeyPem, material.ctLogPublicKeyPem);
  await writeFile(files.rekorPublicKeyPem, material.rekorPublicKeyPem);
  return files;
}

/** SHA-256 of a DER SPKI, base64: the RFC 6962 §3.2 log ID. */
export function logIdOf(spkiDer: Buffer): string {
  return createHash('sha256').update(spkiDer).digest('base64');
}

/** protobuf-specs `PublicKeyDetails` for a DER SPKI (base64). */
function keyDetails(spkiBase64: string): string {
  const key = createPublicKey({
    key: Buffer.from(spkiBase64, 'base64'),
    format: 'der',
    type: 'spki',
  });
  const details = key.asymmetricKeyDetails ?? {};
  switch (key.asymmetricKeyType) {
    case 'ec': {
      const curve = {
        prime256v1: 'P256_SHA_256',
        secp384r1: 'P384_SHA_384',
        secp521r1: 'P521_SHA_512',
      }[details.namedCurve ?? ''];
      if (curve) return `PKIX_ECDSA_${curve}`;
      break;
    }
    case 'rsa':
      return `PKIX_RSA_PKCS1V15_${details.modulusLength ?? 0}_SHA256`;
    case 'ed25519':
      return 'PKIX_ED25519';
  }
  throw new Error(`unsupported log key: ${key.asymmetricKeyType} ${JSON.stringify(details)}`);
}

function subjectOf(cert: X509Certificate): { organization: string; commonName: string } {
  const fields = new Map(
    cert.subject.split('\n').map((line) => {
      const eq = line.indexOf('=');
      return [line.slice(0, eq), line.slice(eq + 1)] as const;
    }),
  );
  return { organization: fields.get('O') ?? '', commonName: fields.get('CN') ?? '' };
}

function service(url: string, start: string): Service {
  return { url, majorApiVersion: 1, validFor: { start }, operator: OPERATOR };
}

function spkiToPem(der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN PUBLIC KEY-----\n${lines.join('\n')}\n-----END PUBLIC KEY-----\n`;
}

function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

async function getJson(url: string): Promise<unknown> {
  return JSON.parse(await getText(url)) as unknown;
}

async function getText(url: string): Promise<string> {
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`GET ${url} returned ${res.status}: ${text}`);
  return text;
}
