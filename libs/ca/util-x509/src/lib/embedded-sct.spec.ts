import { beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { generateKeyPairSync } from 'node:crypto';
import { X509Certificate as SigstoreX509 } from '@sigstore/core';
import { verifySCTs } from '@sigstore/verify/dist/key/sct.js';
import { issuerKeyHash, logIdFromSpki, precertTbsForSct, signSct } from '@sigstead/util-ct';
import { keyObjectSigner } from './algorithms.js';
import { signTbs } from './sign-tbs.js';
import { buildLeafTbs } from './leaf/leaf-tbs.js';
import { checkEmbeddedSct } from './embedded-sct.js';
import { hierarchy, leafProfile, type Hierarchy } from '../testdata/hierarchy.js';

const run = promisify(execFile);
const code = (c: string): unknown => expect.objectContaining({ name: 'X509Error', code: c });
const log = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const logSpki = log.publicKey.export({ type: 'spki', format: 'der' });

async function issue(h: Hierarchy) {
  const profile = leafProfile(h.intermediateDer);
  const tbs = buildLeafTbs(profile);
  const sign = keyObjectSigner(h.intermediateKey);
  const precert = await signTbs(tbs.precertificate, profile.signatureAlgorithm, sign);
  const entry = {
    type: 'precert' as const,
    issuerKeyHash: issuerKeyHash(h.intermediateDer),
    tbsCertificate: precertTbsForSct(precert),
  };
  const sct = await signSct(
    { logId: logIdFromSpki(logSpki), timestamp: BigInt(profile.notBefore.getTime()), entry },
    log.privateKey,
  );
  const final = await signTbs(tbs.withSctList([sct]), profile.signatureAlgorithm, sign);
  return { profile, tbs, precert, final, sign };
}

describe('checkEmbeddedSct', () => {
  let h: Hierarchy;
  let a: Awaited<ReturnType<typeof issue>>;
  let b: Awaited<ReturnType<typeof issue>>;
  beforeAll(async () => {
    h = await hierarchy('P-256');
    [a, b] = await Promise.all([issue(h), issue(h)]);
  });

  it('accepts a final certificate and its own precertificate', () => {
    expect(checkEmbeddedSct(a.final, a.precert)).toHaveLength(1);
  });

  it("rejects another leaf's precertificate", () => {
    expect(() => checkEmbeddedSct(a.final, b.precert)).toThrow(code('EMBEDDED_SCT_MISMATCH'));
  });

  it('rejects a final certificate whose TBS was tampered with', async () => {
    const altered = buildLeafTbs({
      ...a.profile,
      notAfter: new Date(a.profile.notAfter.getTime() + 1000),
    });
    const scts = checkEmbeddedSct(a.final, a.precert);
    const tampered = await signTbs(altered.withSctList(scts), a.profile.signatureAlgorithm, a.sign);
    expect(() => checkEmbeddedSct(tampered, a.precert)).toThrow(code('EMBEDDED_SCT_MISMATCH'));
  });

  it('rejects swapped arguments and certificates without SCTs', async () => {
    expect(() => checkEmbeddedSct(a.precert, a.final)).toThrow(code('EMBEDDED_SCT_MISMATCH'));
    const plain = await signTbs(a.tbs.withoutCt(), a.profile.signatureAlgorithm, a.sign);
    expect(() => checkEmbeddedSct(plain, a.precert)).toThrow(code('EMBEDDED_SCT_MISMATCH'));
    expect(() => checkEmbeddedSct(Buffer.from('junk'), a.precert)).toThrow(
      code('EMBEDDED_SCT_MISMATCH'),
    );
  });

  it("passes sigstore-js's SCT verification (packages/verify key/sct.ts)", () => {
    const ctlog = {
      baseURL: 'https://ct.example.test',
      logID: logIdFromSpki(logSpki),
      publicKey: log.publicKey,
      validFor: { start: new Date(0), end: new Date(8.64e15) },
    };
    const parse = (der: Buffer) => SigstoreX509.parse(Buffer.from(der));
    const verified = verifySCTs(parse(a.final), parse(h.intermediateDer), [ctlog]);
    expect(verified).toEqual([ctlog.logID]);
  });
});

// Optional interop checks with tools that may be absent on a developer machine.
const hasOpenssl = await run('openssl', ['version']).then(
  () => true,
  () => false,
);
const hasPyca = await run('python3', [
  '-c',
  'from cryptography.x509.verification import ExtensionPolicy',
]).then(
  () => true,
  () => false,
);

describe('interoperability', () => {
  let h: Hierarchy;
  let leaf: Awaited<ReturnType<typeof issue>>;
  let dir: string;
  beforeAll(async () => {
    h = await hierarchy('P-384');
    leaf = await issue(h);
    dir = await mkdtemp(join(tmpdir(), 'util-x509-'));
    await Promise.all([
      writeFile(join(dir, 'root.der'), h.rootDer),
      writeFile(join(dir, 'inter.der'), h.intermediateDer),
      writeFile(join(dir, 'leaf.der'), leaf.final),
      writeFile(join(dir, 'log.der'), logSpki),
    ]);
    return () => rm(dir, { recursive: true, force: true });
  });

  it.runIf(hasOpenssl)('openssl x509 -text shows the Fulcio profile', async () => {
    const { stdout } = await run('openssl', [
      'x509',
      '-inform',
      'DER',
      '-in',
      join(dir, 'leaf.der'),
      '-noout',
      '-text',
    ]);
    expect(stdout).toMatch(/Signature Algorithm: ecdsa-with-SHA384/);
    expect(stdout).toMatch(/X509v3 Key Usage: critical\s+Digital Signature/);
    expect(stdout).toMatch(/X509v3 Extended Key Usage: \s*\n\s+Code Signing/);
    expect(stdout).toMatch(/X509v3 Subject Alternative Name: critical\s+email:alice@example.com/);
    expect(stdout).toMatch(/1\.3\.6\.1\.4\.1\.57264\.1\.1: \s*\n\s+https:\/\/oidc\.example\.com/);
    expect(stdout).toMatch(/CT Precertificate SCTs: \s*\n\s+Signed Certificate Timestamp:/);
    expect(stdout).not.toMatch(/Basic Constraints/);
  });

  it.runIf(hasPyca)(
    "pyca/cryptography accepts the chain with sigstore-python's policy and verifies the SCT",
    async () => {
      // Mirrors sigstore-python verify/verifier.py _verify_chain_at_time and _internal/sct.py.
      const script = `
import sys, hashlib, struct, datetime
from cryptography import x509
from cryptography.x509 import ExtendedKeyUsage
from cryptography.x509.verification import PolicyBuilder, Store, ExtensionPolicy, Criticality
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
d = sys.argv[1]
rd = lambda n: x509.load_der_x509_certificate(open(d + '/' + n + '.der', 'rb').read())
root, inter, leaf = rd('root'), rd('inter'), rd('leaf')
ca = ExtensionPolicy.webpki_defaults_ca().may_be_present(ExtendedKeyUsage, Criticality.NON_CRITICAL, None)
ee = ExtensionPolicy.webpki_defaults_ee().may_be_present(ExtendedKeyUsage, Criticality.NON_CRITICAL, None)
at = leaf.not_valid_before_utc + datetime.timedelta(seconds=1)
v = PolicyBuilder().store(Store([root])).time(at).extension_policies(ca_policy=ca, ee_policy=ee).build_client_verifier()
print(len(v.verify(leaf, [inter]).chain))
sct = leaf.extensions.get_extension_for_class(x509.PrecertificateSignedCertificateTimestamps).value[0]
ikh = hashlib.sha256(inter.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)).digest()
tbs = leaf.tbs_precertificate_bytes
ts = int(sct.timestamp.replace(tzinfo=datetime.timezone.utc).timestamp() * 1000)
data = struct.pack('>BBQH', 0, 0, ts, 1) + ikh + len(tbs).to_bytes(3, 'big') + tbs + struct.pack('>H', len(sct.extension_bytes)) + sct.extension_bytes
serialization.load_der_public_key(open(d + '/log.der', 'rb').read()).verify(sct.signature, data, ec.ECDSA(hashes.SHA256()))
print('sct ok')
`;
      const { stdout } = await run('python3', ['-c', script, dir]);
      expect(stdout.trim().split('\n')).toEqual(['3', 'sct ok']);
    },
  );
});
