import 'reflect-metadata';
import { beforeAll, describe, expect, it } from 'vitest';
import { X509Certificate as NodeX509, createHash, generateKeyPairSync } from 'node:crypto';
import * as px509 from '@peculiar/x509';
import { keyObjectSigner, signatureAlgorithmForKey } from '../algorithms.js';
import { createIntermediateCertificate, createRootCertificate } from './ca-certificates.js';
import { issuerProfile, readCertificateInfo } from './certificate-info.js';
import { subjectKeyIdFor } from '../key-id.js';
import { T0, hierarchy, type Hierarchy } from '../../testdata/hierarchy.js';
import { INTERMEDIATE_B64, LEAF_2024_B64 } from '../../testdata/public-good.js';

const code = (c: string): unknown => expect.objectContaining({ name: 'X509Error', code: c });
describe.each(['P-256', 'P-384'] as const)('a %s hierarchy', (curve) => {
  let h: Hierarchy;
  let root: px509.X509Certificate;
  let intermediate: px509.X509Certificate;
  beforeAll(async () => {
    h = await hierarchy(curve);
    root = new px509.X509Certificate(h.rootDer);
    intermediate = new px509.X509Certificate(h.intermediateDer);
  });

  it('has a self-signed root: KU certSign+crlSign (critical), BC CA (critical), SKID, no AKI', () => {
    expect(new NodeX509(h.rootDer).verify(h.rootKey)).toBe(true);
    expect(root.subject).toBe('O=sigstead.test, CN=sigstead');
    expect(root.issuer).toBe(root.subject);
    expect(root.extensions.map((e) => [e.type, e.critical])).toEqual([
      ['2.5.29.15', true],
      ['2.5.29.19', true],
      ['2.5.29.14', false],
    ]);
    expect(root.getExtension(px509.KeyUsagesExtension)!.usages).toBe(
      px509.KeyUsageFlags.keyCertSign | px509.KeyUsageFlags.cRLSign,
    );
    const bc = root.getExtension(px509.BasicConstraintsExtension)!;
    expect([bc.ca, bc.pathLength]).toEqual([true, undefined]);
  });

  it('has an intermediate: KU, EKU codeSigning, BC CA pathlen 0 (critical), SKID, AKI = root SKID', () => {
    expect(new NodeX509(h.intermediateDer).verify(h.rootKey)).toBe(true);
    expect(intermediate.extensions.map((e) => [e.type, e.critical])).toEqual([
      ['2.5.29.15', true],
      ['2.5.29.37', false],
      ['2.5.29.19', true],
      ['2.5.29.14', false],
      ['2.5.29.35', false],
    ]);
    expect(intermediate.getExtension(px509.ExtendedKeyUsageExtension)!.usages).toEqual([
      '1.3.6.1.5.5.7.3.3',
    ]);
    const bc = intermediate.getExtension(px509.BasicConstraintsExtension)!;
    expect([bc.ca, bc.pathLength]).toEqual([true, 0]);
    const skid = root.getExtension(px509.SubjectKeyIdentifierExtension)!.keyId;
    expect(intermediate.getExtension(px509.AuthorityKeyIdentifierExtension)!.keyId).toBe(skid);
  });

  it("copies the root's subject bytes as the intermediate's issuer", () => {
    expect(issuerProfile(h.rootDer).issuerName).toEqual(readCertificateInfo(h.rootDer).subject);
    expect(Buffer.from(h.intermediateDer).includes(readCertificateInfo(h.rootDer).subject)).toBe(
      true,
    );
  });

  it('signs with the curve-matched algorithm and computes SKIDs as SHA-1 of the key bits', () => {
    expect(intermediate.signatureAlgorithm).toMatchObject({
      hash: { name: curve === 'P-256' ? 'SHA-256' : 'SHA-384' },
    });
    const spki = readCertificateInfo(h.intermediateDer).subjectPublicKeyInfo;
    const bits = spki.subarray(spki.length - (curve === 'P-256' ? 65 : 97));
    expect(readCertificateInfo(h.intermediateDer).subjectKeyId).toEqual(
      createHash('sha1').update(bits).digest(),
    );
    expect(subjectKeyIdFor(spki)).toEqual(readCertificateInfo(h.intermediateDer).subjectKeyId);
  });

  it('uses random positive serials of at most 20 octets', () => {
    expect(root.serialNumber).not.toBe(intermediate.serialNumber);
    expect(root.serialNumber.length).toBeLessThanOrEqual(40);
    expect(Number.parseInt(root.serialNumber.slice(0, 2), 16)).toBeLessThan(0x80);
  });
});

describe('CA certificate options', () => {
  const root = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const base = {
    publicKey: root.publicKey,
    subject: { commonName: 'r' },
    notBefore: T0,
    notAfter: new Date(T0.getTime() + 1e10),
    sign: keyObjectSigner(root.privateKey),
  };

  it('accepts a pathLenConstraint, an explicit serial and a DER SPKI', async () => {
    const der = await createRootCertificate({
      ...base,
      publicKey: root.publicKey.export({ type: 'spki', format: 'der' }),
      pathLenConstraint: 1,
      serial: Buffer.from([0x01, 0x02]),
    });
    const cert = new px509.X509Certificate(der);
    expect(cert.serialNumber).toBe('0102');
    expect(cert.getExtension(px509.BasicConstraintsExtension)!.pathLength).toBe(1);
  });

  it('uses UTF8String for names PrintableString cannot hold', async () => {
    const der = await createRootCertificate({
      ...base,
      subject: { commonName: 'Sigstore Zürich', organization: 'a&b' },
    });
    expect(
      der.includes(Buffer.concat([Buffer.from([0x0c, 16]), Buffer.from('Sigstore Zürich')])),
    ).toBe(true);
    expect(der.includes(Buffer.from([0x0c, 3, 0x61, 0x26, 0x62]))).toBe(true);
  });

  it('refuses an intermediate outliving its root', async () => {
    const rootDer = await createRootCertificate(base);
    const inter = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    await expect(
      createIntermediateCertificate({
        ...base,
        publicKey: inter.publicKey,
        issuerCertificate: rootDer,
        notAfter: new Date(T0.getTime() + 2e10),
      }),
    ).rejects.toThrow(code('INVALID_PROFILE'));
  });

  it.each([
    ['an Ed25519 key', generateKeyPairSync('ed25519').publicKey],
    ['an RSA-1024 key', generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey],
    ['a secp256k1 key', generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).publicKey],
  ])('refuses %s outside the WebPKI algorithm set', async (_name, publicKey) => {
    await expect(createRootCertificate({ ...base, publicKey })).rejects.toThrow(
      code('INVALID_PROFILE'),
    );
  });

  it('refuses a leaf as issuer', async () => {
    const leaf = Buffer.from(LEAF_2024_B64, 'base64');
    expect(() => issuerProfile(leaf)).toThrow(code('INVALID_CERTIFICATE'));
    const inter = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    await expect(
      createIntermediateCertificate({
        ...base,
        publicKey: inter.publicKey,
        issuerCertificate: leaf,
      }),
    ).rejects.toThrow(code('INVALID_CERTIFICATE'));
  });

  it('chooses the algorithm from the signing key', () => {
    expect(
      signatureAlgorithmForKey(generateKeyPairSync('ec', { namedCurve: 'P-521' }).publicKey),
    ).toBe('ecdsa-with-SHA512');
    expect(
      signatureAlgorithmForKey(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey),
    ).toBe('sha256WithRSAEncryption');
  });
});

describe('reading the public-good intermediate', () => {
  const der = Buffer.from(INTERMEDIATE_B64, 'base64');

  it('yields its subject, SKID, validity and algorithm', () => {
    const info = readCertificateInfo(der);
    expect(info.isCa).toBe(true);
    expect(info.subjectKeyId.toString('hex')).toBe('dfd3e9cf56241196f9a8d8e92855a2c62e18643f');
    expect(info.notAfter.toISOString()).toBe('2031-10-05T13:56:58.000Z');
    expect(info.subject.toString('latin1')).toContain('sigstore-intermediate');
    expect(issuerProfile(der).signatureAlgorithm).toBe('ecdsa-with-SHA384');
  });

  it('rejects junk as INVALID_CERTIFICATE', () => {
    expect(() => readCertificateInfo(Buffer.from('3003020101', 'hex'))).toThrow(
      code('INVALID_CERTIFICATE'),
    );
    expect(() => readCertificateInfo(Buffer.concat([der, Buffer.from([0])]))).toThrow(
      code('INVALID_CERTIFICATE'),
    );
  });
});
