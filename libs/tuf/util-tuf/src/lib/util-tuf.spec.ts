/* eslint-disable @typescript-eslint/no-explicit-any -- JSON documents are read field by field */
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { toTrustMaterial } from '@sigstore/verify';
import { describe, expect, it } from 'vitest';
import {
  addSignatures,
  buildRoot,
  buildTargets,
  canonicalBytes,
  keyIdOf,
  parseEnvelope,
  parseMirrorPath,
  publicKeyOf,
  publishedBytes,
  sigstoreTargets,
  signEnvelope,
  targetFileOf,
  tufKeyOf,
  tufTime,
  verifyRole,
  verifyRootUpdate,
  type MetadataSigner,
  type RootSigned,
  type TrustMaterial,
} from '../index.js';
import { TufError } from './error.js';

function signer(type: 'ed25519' | 'p256'): MetadataSigner & { privateKey: KeyObject } {
  const { privateKey, publicKey } =
    type === 'ed25519'
      ? generateKeyPairSync('ed25519')
      : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    privateKey,
    publicKey,
    sign: (data) => Promise.resolve(sign(type === 'ed25519' ? null : 'sha256', data, privateKey)),
  };
}

const year = new Date(Date.now() + 365 * 86400_000);

function rootWith(
  version: number,
  rootKeys: MetadataSigner[],
  threshold: number,
  other: MetadataSigner,
): RootSigned {
  const role = { keys: [tufKeyOf(other.publicKey)], threshold: 1 };
  return buildRoot({
    version,
    expires: year,
    roles: {
      root: { keys: rootKeys.map((s) => tufKeyOf(s.publicKey)), threshold },
      targets: role,
      snapshot: role,
      timestamp: role,
    },
  });
}

describe('canonical JSON and times', () => {
  it('sorts keys, drops whitespace and escapes only backslash and quote', () => {
    expect(canonicalBytes({ b: 1, a: 'x\n"\\' }).toString()).toBe('{"a":"x\n\\"\\\\","b":1}');
  });

  it('writes expires without fractions', () => {
    expect(tufTime(new Date('2027-01-02T03:04:05.678Z'))).toBe('2027-01-02T03:04:05Z');
  });

  it('publishes sorted, indented JSON', () => {
    expect(publishedBytes({ b: [{ d: 1, c: 2 }], a: true }).toString()).toBe(
      '{\n  "a": true,\n  "b": [\n    {\n      "c": 2,\n      "d": 1\n    }\n  ]\n}\n',
    );
  });
});

describe('keys', () => {
  it('computes the key ID over {keytype, scheme, keyval} only', () => {
    const key = {
      keytype: 'ed25519',
      scheme: 'ed25519',
      keyval: { public: 'ab'.repeat(32) },
    } as const;
    const text = `{"keytype":"ed25519","keyval":{"public":"${'ab'.repeat(32)}"},"scheme":"ed25519"}`;
    expect(keyIdOf(key)).toBe(createHash('sha256').update(text).digest('hex'));
  });

  it('encodes Ed25519 as 64 hex and P-256 as PEM with the ecdsa-sha2-nistp256 type', () => {
    const ed = tufKeyOf(signer('ed25519').publicKey);
    expect(ed.keyval.public).toMatch(/^[0-9a-f]{64}$/);
    const ec = tufKeyOf(signer('p256').publicKey);
    expect(ec.keytype).toBe('ecdsa-sha2-nistp256');
    expect(ec.keyval.public).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(publicKeyOf(ed).equals(publicKeyOf(ed))).toBe(true);
  });

  it('refuses key types not every client verifies', () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    expect(() => tufKeyOf(publicKey)).toThrow(TufError);
  });
});

describe('roles and thresholds', () => {
  const [a, b, c] = [signer('ed25519'), signer('p256'), signer('ed25519')];
  const online = signer('ed25519');

  it('builds a root clients parse, and checks its threshold with @tufjs/models', async () => {
    const root = rootWith(1, [a, b, c], 2, online);
    expect(root.roles.root.threshold).toBe(2);
    expect(Object.keys(root.keys)).toHaveLength(4);
    const once = await signEnvelope(root, [a]);
    expect(() => verifyRole(root, 'root', once)).toThrow(/1\/2/);
    const twice = await addSignatures(once, [b]);
    verifyRole(root, 'root', twice);
    const bytes = publishedBytes(twice);
    expect(parseEnvelope('root', bytes).signed.version).toBe(1);
  });

  it('replaces a key holder’s earlier signature instead of counting it twice', async () => {
    const root = rootWith(1, [a, b, c], 2, online);
    const env = await addSignatures(await signEnvelope(root, [a]), [a]);
    expect(env.signatures).toHaveLength(1);
  });

  it('refuses thresholds above the key count and duplicate keys', () => {
    expect(() => rootWith(1, [a], 2, online)).toThrow(/threshold 2/);
    expect(() => rootWith(1, [a, a], 1, online)).toThrow(/twice/);
  });

  it('accepts a root update signed by old and new thresholds only', async () => {
    const v1 = rootWith(1, [a, b, c], 2, online);
    const d = signer('p256');
    const v2 = rootWith(2, [b, c, d], 2, online);
    // c and d meet the new threshold, but only c is one of the old root's keys.
    const newOnly = await signEnvelope(v2, [c, d]);
    expect(() => verifyRootUpdate(v1, newOnly)).toThrow(/root v2: root was signed by 1\/2/);
    // a and b meet the old threshold, but only b is one of the new root's keys.
    const oldOnly = await signEnvelope(v2, [a, b]);
    expect(() => verifyRootUpdate(v1, oldOnly)).toThrow(TufError);
    const both = await signEnvelope(v2, [a, b, d]);
    verifyRootUpdate(v1, both);
    const skip = await signEnvelope(rootWith(3, [b, c, d], 2, online), [b, c, d]);
    expect(() => verifyRootUpdate(v1, skip)).toThrow(/version must be 2/);
  });

  it('rejects expires with milliseconds and non-consistent roots', async () => {
    const root = rootWith(1, [a], 1, online);
    const env = await signEnvelope({ ...root, expires: '2027-01-01T00:00:00.000Z' }, [a]);
    expect(() => parseEnvelope('root', publishedBytes(env))).toThrow(/expires/);
    const env2 = await signEnvelope({ ...root, consistent_snapshot: false }, [a]);
    expect(() => parseEnvelope('root', publishedBytes(env2))).toThrow(/consistent_snapshot/);
    const rootBytes = publishedBytes(await signEnvelope(root, [a]));
    expect(() => parseEnvelope('targets', rootBytes)).toThrow(TufError);
    expect(() => parseEnvelope('root', Buffer.from('{'))).toThrow(/not JSON/);
  });

  it('lists one sha256 hash and the byte length of each target', async () => {
    const bytes = Buffer.from('é\n');
    const info = targetFileOf(bytes, { usage: 'Rekor', status: 'Active', uri: 'http://r' });
    expect(info).toEqual({
      length: 3,
      hashes: { sha256: createHash('sha256').update(bytes).digest('hex') },
      custom: { sigstore: { usage: 'Rekor', status: 'Active', uri: 'http://r' } },
    });
    const targets = buildTargets(1, year, { 'a.txt': info });
    verifyRole(rootWith(1, [a], 1, online), 'targets', await signEnvelope(targets, [online]));
  });
});

describe('Sigstore targets', () => {
  const ca = caChain();
  const rekor1 = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
  const rekor2 = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
  const ct = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
  const spki = (k: KeyObject) => k.export({ type: 'spki', format: 'der' });
  const t0 = new Date('2026-01-01T00:00:00Z');
  const t1 = new Date('2026-06-01T00:00:00Z');
  const material: TrustMaterial[] = [
    { kind: 'tlog', url: 'https://rekor.corp', der: [spki(rekor2)], validFrom: t1 },
    { kind: 'ca', url: 'https://fulcio.corp', der: ca, validFrom: t0 },
    { kind: 'ctlog', url: 'https://ct.corp/sigstead', der: [spki(ct)], validFrom: t0 },
    { kind: 'oidc', url: 'https://idp.corp', der: [], validFrom: t0 },
    {
      kind: 'tlog',
      url: 'https://rekor.corp',
      der: [spki(rekor1)],
      validFrom: t0,
      validTo: new Date(t1.getTime() + 600_000),
    },
  ];
  const targets = sigstoreTargets(material, { operator: 'corp' });
  const byName = new Map(targets.map((t) => [t.name, t]));
  const json = (name: string) =>
    JSON.parse(byName.get(name)!.bytes.toString()) as Record<string, any>;

  it('publishes a trusted root that @sigstore/verify turns into trust material', () => {
    const root = json('trusted_root.json');
    expect(root['mediaType']).toBe('application/vnd.dev.sigstore.trustedroot+json;version=0.1');
    expect(root['tlogs']).toHaveLength(2);
    expect(root['tlogs'][0].publicKey.validFor).toEqual({
      start: '2026-01-01T00:00:00Z',
      end: '2026-06-01T00:10:00Z',
    });
    expect(root['tlogs'][0].logId.keyId).toBe(
      createHash('sha256').update(spki(rekor1)).digest('base64'),
    );
    expect(root['tlogs'][1].publicKey.validFor).toEqual({ start: '2026-06-01T00:00:00Z' });
    const trust = toTrustMaterial(TrustedRoot.fromJSON(root));
    expect(trust.tlogs).toHaveLength(2);
    expect(trust.ctlogs).toHaveLength(1);
    expect(trust.certificateAuthorities[0]!.certChain).toHaveLength(2);
  });

  it('lists only current services in the signing config, without a TSA selector', () => {
    const sc = json('signing_config.v0.2.json');
    expect(sc['rekorTlogUrls']).toEqual([
      {
        url: 'https://rekor.corp',
        majorApiVersion: 1,
        validFor: { start: '2026-06-01T00:00:00Z' },
        operator: 'corp',
      },
    ]);
    expect(sc['oidcUrls'][0].url).toBe('https://idp.corp');
    expect(sc['rekorTlogConfig']).toEqual({ selector: 'ANY' });
    expect(sc).not.toHaveProperty('tsaConfig');
    expect(json('trust_config.json')['trustedRoot']).toEqual(json('trusted_root.json'));
  });

  it('names legacy targets as the public instance does and marks replaced keys Expired', () => {
    expect([...byName.keys()].sort()).toEqual([
      'ctfe.pub',
      'fulcio_intermediate_v1.crt.pem',
      'fulcio_v1.crt.pem',
      'rekor.pub',
      'rekor_2.pub',
      'signing_config.v0.2.json',
      'trust_config.json',
      'trusted_root.json',
    ]);
    expect(byName.get('rekor.pub')!.custom).toEqual({
      usage: 'Rekor',
      status: 'Expired',
      uri: 'https://rekor.corp',
    });
    expect(byName.get('rekor_2.pub')!.custom?.status).toBe('Active');
    expect(byName.get('fulcio_v1.crt.pem')!.bytes.toString()).toMatch(
      /^-----BEGIN CERTIFICATE-----\n/,
    );
  });

  it('gives the same bytes whatever order the material comes in', () => {
    const again = sigstoreTargets([...material].reverse(), { operator: 'corp' });
    expect(again.map((t) => t.bytes.toString('hex'))).toEqual(
      targets.map((t) => t.bytes.toString('hex')),
    );
  });

  it('refuses material that cannot go into a trust root', () => {
    expect(() =>
      sigstoreTargets([{ kind: 'tlog', url: 'x', der: [Buffer.from('junk')], validFrom: t0 }], {
        operator: 'corp',
      }),
    ).toThrow(TufError);
  });
});

/** A throwaway CA chain (intermediate, root) as DER. */
function caChain(): Buffer[] {
  return [INTERMEDIATE, ROOT].map((pem) =>
    Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64'),
  );
}

const ROOT = `-----BEGIN CERTIFICATE-----
MIIBrzCCAVWgAwIBAgIUPspzSwXFJt4a4/Sb1fw490MCQ80wCgYIKoZIzj0EAwIw
LDEWMBQGA1UECgwNc2lnc3RlYWQtdGVzdDESMBAGA1UEAwwJdGVzdCByb290MCAX
DTI2MTEyMjA3MjcwMVoYDzIxMjYxMDI5MDcyNzAxWjAsMRYwFAYDVQQKDA1zaWdz
dGVhZC10ZXN0MRIwEAYDVQQDDAl0ZXN0IHJvb3QwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAAQVUzSOQsQpXdDdTy/twt9RsuQjdws0n/BSfYSyFqogc9lwgpH35CK/
P3JWKKpGGUACt4dGT7jW9VJZM8Lon8F6o1MwUTAdBgNVHQ4EFgQUtJGedbwAYpQM
roD/F3y1TBhYCTcwHwYDVR0jBBgwFoAUtJGedbwAYpQMroD/F3y1TBhYCTcwDwYD
VR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNIADBFAiEAxpWaNV3EmeeKnHtCOf4z
mWlr5IPEr8GTrh4D8y0vq98CIFLwqajrD48z1WB8d8KAr6c6x7QKknvAt22Ie4Ej
VRX5
-----END CERTIFICATE-----`;
const INTERMEDIATE = `-----BEGIN CERTIFICATE-----
MIIByTCCAXCgAwIBAgIUbsPYnlM3rDw7x5oCdA+ySd+22h8wCgYIKoZIzj0EAwIw
LDEWMBQGA1UECgwNc2lnc3RlYWQtdGVzdDESMBAGA1UEAwwJdGVzdCByb290MCAX
DTI2MTEyMjA3MjcwMVoYDzIxMjYxMDI5MDcyNzAxWjA0MRYwFAYDVQQKDA1zaWdz
dGVhZC10ZXN0MRowGAYDVQQDDBF0ZXN0IGludGVybWVkaWF0ZTBZMBMGByqGSM49
AgEGCCqGSM49AwEHA0IABK2jd1DcBXEcYkJyHnMsXJ4jmgMnWQHynE0+AfX0hyqH
12AwfVjeQt2i1biQljT6MGKb708HByqg8F5uVLBWNM+jZjBkMBIGA1UdEwEB/wQI
MAYBAf8CAQAwDgYDVR0PAQH/BAQDAgIEMB0GA1UdDgQWBBRqVy7FbulWfhz2Tt/m
7TOE4QjhhDAfBgNVHSMEGDAWgBS0kZ51vABilAyugP8XfLVMGFgJNzAKBggqhkjO
PQQDAgNHADBEAiBl7zMDzcl7tp+pi9paYEntqYXldzdtAFRjEThK8W74cAIgEEVp
VNieoNwlJ8WxDUXvM+QbScDJ+C2UNevlf5dFl1o=
-----END CERTIFICATE-----`;

describe('mirror layout', () => {
  it.each([
    ['/1.root.json', { kind: 'metadata', role: 'root', version: 1 }],
    ['/root.json', { kind: 'metadata', role: 'root' }],
    ['//timestamp.json', { kind: 'metadata', role: 'timestamp' }],
    ['/12.snapshot.json', { kind: 'metadata', role: 'snapshot', version: 12 }],
    ['/3.targets.json', { kind: 'metadata', role: 'targets', version: 3 }],
    ['/targets.json', { kind: 'metadata', role: 'targets' }],
    [
      `/targets//${'a'.repeat(64)}.trusted_root.json`,
      { kind: 'target', name: 'trusted_root.json', sha256: 'a'.repeat(64) },
    ],
    ['/targets/rekor.pub', { kind: 'target', name: 'rekor.pub' }],
  ])('maps %s', (path, expected) => {
    expect(parseMirrorPath(path)).toEqual(expected);
  });

  it.each([
    '/',
    '/1.timestamp.json',
    '/0.root.json',
    '/01.root.json',
    '/99999999999.root.json',
    '/targets/../keys/root.key.pem',
    '/targets/%2e%2e/x',
    '/targets/a/b.json',
    '/targets/.hidden',
    '/etc/passwd',
    'root.json',
  ])('does not map %s', (path) => {
    expect(parseMirrorPath(path)).toBeNull();
  });
});
