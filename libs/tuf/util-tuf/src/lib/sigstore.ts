import { createHash, createPublicKey, X509Certificate } from 'node:crypto';
import { encodePem } from '@sigstead/util-encoding';
import { TufError } from './error.js';
import { publishedBytes, rfc3339 } from './json.js';
import type { SigstoreCustom } from './metadata.js';

export const TRUSTED_ROOT_MEDIA_TYPE = 'application/vnd.dev.sigstore.trustedroot+json;version=0.1';
export const SIGNING_CONFIG_MEDIA_TYPE = 'application/vnd.dev.sigstore.signingconfig.v0.2+json';
export const CLIENT_TRUST_CONFIG_MEDIA_TYPE =
  'application/vnd.dev.sigstore.clienttrustconfig.v0.1+json';

/** What a service registers for the trust root. */
export type MaterialKind = 'ca' | 'tlog' | 'ctlog' | 'tsa' | 'oidc';

export interface TrustMaterial {
  readonly kind: MaterialKind;
  /** Base URL clients use (CT: including its prefix; TSA: the full timestamp endpoint). */
  readonly url: string;
  /** DER: `ca`/`tsa` a certificate chain, leaf-most first and the anchor last; logs one SPKI; `oidc` none. */
  readonly der: readonly Buffer[];
  readonly validFrom: Date;
  /** Set when a newer instance replaced this one; the entry stays so old signatures keep verifying. */
  readonly validTo?: Date;
}

/** Identifies one instance: same kind, URL and keys is the same instance. */
export function fingerprintOf(m: Pick<TrustMaterial, 'kind' | 'url' | 'der'>): string {
  const h = createHash('sha256').update(`${m.kind}\n${m.url}\n`);
  for (const der of m.der) h.update(`${der.length}:`).update(der);
  return h.digest('hex');
}

/** A file the repository publishes as a target. */
export interface TargetContent {
  readonly name: string;
  readonly bytes: Buffer;
  readonly custom?: SigstoreCustom;
}

export interface SigstoreTargetsOptions {
  /** `operator` of every signing-config service (clients pick one service per operator). */
  readonly operator: string;
}

interface ValidFor {
  start: string;
  end?: string;
}

/**
 * Every target a Sigstore client reads, from the registered material: `trusted_root.json`,
 * `signing_config.v0.2.json`, a sigstore-python client trust config, and the legacy PEM targets
 * with `custom.sigstore` for cosign < 2.5, Kyverno and older policy-controller (spec tuf.md §3).
 * The result depends only on the material, so every replica computes the same bytes.
 */
export function sigstoreTargets(
  material: readonly TrustMaterial[],
  options: SigstoreTargetsOptions,
): TargetContent[] {
  const ordered = [...material].sort(
    (a, b) =>
      a.validFrom.getTime() - b.validFrom.getTime() ||
      fingerprintOf(a).localeCompare(fingerprintOf(b)),
  );
  const trustedRoot = trustedRootOf(ordered);
  const signingConfig = signingConfigOf(ordered, options.operator);
  return [
    { name: 'trusted_root.json', bytes: publishedBytes(trustedRoot) },
    { name: 'signing_config.v0.2.json', bytes: publishedBytes(signingConfig) },
    {
      name: 'trust_config.json',
      bytes: publishedBytes({
        mediaType: CLIENT_TRUST_CONFIG_MEDIA_TYPE,
        trustedRoot,
        signingConfig,
      }),
    },
    ...legacyTargets(ordered),
  ];
}

/** protobuf-specs `TrustedRoot` (media type v0.1), with every instance ever registered. */
export function trustedRootOf(material: readonly TrustMaterial[]): Record<string, unknown> {
  return {
    mediaType: TRUSTED_ROOT_MEDIA_TYPE,
    tlogs: material.filter((m) => m.kind === 'tlog').map(logInstance),
    certificateAuthorities: material.filter((m) => m.kind === 'ca').map(authority),
    ctlogs: material.filter((m) => m.kind === 'ctlog').map(logInstance),
    timestampAuthorities: material.filter((m) => m.kind === 'tsa').map(authority),
  };
}

/**
 * `signing_config.v0.2.json`: the services to sign with now (instances without an end), newest
 * first, one entry per URL. No `tsaConfig` without a TSA: sigstore-js then demands a TSA service.
 */
export function signingConfigOf(
  material: readonly TrustMaterial[],
  operator: string,
): Record<string, unknown> {
  const services = (kind: MaterialKind) => {
    const byUrl = new Map<string, Date>();
    for (const m of material) {
      if (m.kind !== kind || m.validTo) continue;
      const seen = byUrl.get(m.url);
      if (!seen || m.validFrom < seen) byUrl.set(m.url, m.validFrom);
    }
    return [...byUrl]
      .sort((a, b) => b[1].getTime() - a[1].getTime())
      .map(([url, start]) => ({
        url,
        majorApiVersion: 1,
        validFor: { start: rfc3339(start) },
        operator,
      }));
  };
  const tsaUrls = services('tsa');
  return {
    mediaType: SIGNING_CONFIG_MEDIA_TYPE,
    caUrls: services('ca'),
    oidcUrls: services('oidc'),
    rekorTlogUrls: services('tlog'),
    tsaUrls,
    rekorTlogConfig: { selector: 'ANY' },
    ...(tsaUrls.length > 0 ? { tsaConfig: { selector: 'ANY' } } : {}),
  };
}

function validFor(m: TrustMaterial): ValidFor {
  return {
    start: rfc3339(m.validFrom),
    ...(m.validTo ? { end: rfc3339(m.validTo) } : {}),
  };
}

/** A Rekor v1 or CT log: logId = SHA-256 of the DER SPKI (RFC 6962 §3.2), `validFor.start` required. */
function logInstance(m: TrustMaterial): Record<string, unknown> {
  const [spki] = m.der;
  if (m.der.length !== 1 || !spki) {
    throw new TufError('INVALID_MATERIAL', `${m.kind} ${m.url}: expected exactly one public key`);
  }
  return {
    baseUrl: m.url,
    hashAlgorithm: 'SHA2_256',
    publicKey: {
      rawBytes: spki.toString('base64'),
      keyDetails: keyDetailsOf(spki),
      validFor: validFor(m),
    },
    logId: { keyId: createHash('sha256').update(spki).digest('base64') },
  };
}

function authority(m: TrustMaterial): Record<string, unknown> {
  const certs = certificatesOf(m);
  const anchor = certs.at(-1)!;
  return {
    subject: subjectOf(anchor),
    uri: m.url,
    certChain: { certificates: certs.map((c) => ({ rawBytes: c.raw.toString('base64') })) },
    validFor: validFor(m),
  };
}

function certificatesOf(m: TrustMaterial): X509Certificate[] {
  if (m.der.length === 0) {
    throw new TufError('INVALID_MATERIAL', `${m.kind} ${m.url}: empty certificate chain`);
  }
  return m.der.map((der) => {
    try {
      return new X509Certificate(der);
    } catch (err) {
      throw new TufError('INVALID_MATERIAL', `${m.kind} ${m.url}: unreadable certificate`, {
        cause: err,
      });
    }
  });
}

/** protobuf-specs `PublicKeyDetails` of a DER SPKI. */
export function keyDetailsOf(spki: Buffer): string {
  let key;
  try {
    key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
  } catch (err) {
    throw new TufError('INVALID_MATERIAL', 'unreadable log public key', { cause: err });
  }
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'ec') {
    const curve = (
      {
        prime256v1: 'P256_SHA_256',
        secp384r1: 'P384_SHA_384',
        secp521r1: 'P521_SHA_512',
      } as Record<string, string>
    )[details.namedCurve ?? ''];
    if (curve) return `PKIX_ECDSA_${curve}`;
  } else if (key.asymmetricKeyType === 'ed25519') {
    return 'PKIX_ED25519';
  } else if (key.asymmetricKeyType === 'rsa') {
    return `PKIX_RSA_PKCS1V15_${details.modulusLength ?? 0}_SHA256`;
  }
  throw new TufError(
    'INVALID_MATERIAL',
    `unsupported log key type ${key.asymmetricKeyType ?? '?'}`,
  );
}

function subjectOf(cert: X509Certificate): { organization?: string; commonName?: string } {
  const fields = new Map<string, string>();
  for (const line of cert.subject.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0 && !fields.has(line.slice(0, eq))) fields.set(line.slice(0, eq), line.slice(eq + 1));
  }
  const organization = fields.get('O');
  const commonName = fields.get('CN');
  return {
    ...(organization ? { organization } : {}),
    ...(commonName ? { commonName } : {}),
  };
}

const LEGACY = {
  ca: { usage: 'Fulcio' },
  tlog: { usage: 'Rekor', base: 'rekor', ext: '.pub' },
  ctlog: { usage: 'CTFE', base: 'ctfe', ext: '.pub' },
} as const;

/**
 * PEM targets for clients without trusted_root.json support. Names follow the public instance:
 * `fulcio_v1.crt.pem` (anchors) and `fulcio_intermediate_v1.crt.pem`, `rekor.pub`, `ctfe.pub`; later
 * instances get `_2`, `_3`, …; replaced ones are marked Expired, and legacy clients still trust them
 * (they have no time windows). A TSA chain follows upstream's `tsa_*.crt.pem` names.
 */
function legacyTargets(material: readonly TrustMaterial[]): TargetContent[] {
  const out: TargetContent[] = [];
  const count: Partial<Record<MaterialKind, number>> = {};
  for (const m of material) {
    const n = (count[m.kind] = (count[m.kind] ?? 0) + 1);
    const suffix = n === 1 ? '' : `_${n}`;
    const status = m.validTo ? 'Expired' : 'Active';
    if (m.kind === 'ca') {
      const certs = certificatesOf(m);
      const anchor = certs.at(-1)!;
      const rest = certs.slice(0, -1);
      const custom: SigstoreCustom = { usage: LEGACY.ca.usage, status, uri: m.url };
      out.push({
        name: `fulcio_v1${suffix}.crt.pem`,
        bytes: pemOf([anchor.raw], 'CERTIFICATE'),
        custom,
      });
      if (rest.length > 0) {
        out.push({
          name: `fulcio_intermediate_v1${suffix}.crt.pem`,
          bytes: pemOf(
            rest.map((c) => c.raw),
            'CERTIFICATE',
          ),
          custom,
        });
      }
    } else if (m.kind === 'tlog' || m.kind === 'ctlog') {
      const spec = LEGACY[m.kind];
      out.push({
        name: `${spec.base}${suffix}${spec.ext}`,
        bytes: pemOf(m.der, 'PUBLIC KEY'),
        custom: { usage: spec.usage, status, uri: m.url },
      });
    } else if (m.kind === 'tsa') {
      const certs = certificatesOf(m);
      const custom: SigstoreCustom = { usage: 'TSA', status, uri: m.url };
      const names = certs.map((_, i) =>
        i === 0 && certs.length > 1
          ? 'tsa_leaf'
          : i === certs.length - 1
            ? 'tsa_root'
            : `tsa_intermediate_${i - 1}`,
      );
      certs.forEach((c, i) =>
        out.push({
          name: `${names[i]}${suffix}.crt.pem`,
          bytes: pemOf([c.raw], 'CERTIFICATE'),
          custom,
        }),
      );
    }
  }
  return out;
}

function pemOf(ders: readonly Buffer[], label: string): Buffer {
  return Buffer.from(ders.map((der) => encodePem(label, der)).join(''));
}
