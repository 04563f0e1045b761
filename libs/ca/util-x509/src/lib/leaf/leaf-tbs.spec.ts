import 'reflect-metadata';
import { beforeAll, describe, expect, it } from 'vitest';
import { X509Certificate as NodeX509, generateKeyPairSync, sign as cryptoSign } from 'node:crypto';
import * as px509 from '@peculiar/x509';
import { AsnConvert } from '@peculiar/asn1-schema';
import { SubjectAlternativeName } from '@peculiar/asn1-x509';
import {
  embeddedScts,
  issuerKeyHash,
  logIdFromSpki,
  precertTbsForSct,
  signSct,
  tbsWithoutSctList,
} from '@sigstead/util-ct';
import { keyObjectSigner } from '../algorithms.js';
import { signTbs } from '../sign-tbs.js';
import { issuerProfile } from '../ca/certificate-info.js';
import { buildLeafTbs } from './leaf-tbs.js';
import { FULCIO_OID } from './fulcio-extensions.js';
import { hierarchy, leafProfile, must, type Hierarchy } from '../../testdata/hierarchy.js';
import { INTERMEDIATE_B64, LEAF_2024_B64 } from '../../testdata/public-good.js';

const code = (c: string): unknown => expect.objectContaining({ name: 'X509Error', code: c });
const logKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const logId = logIdFromSpki(logKey.publicKey.export({ type: 'spki', format: 'der' }));

/** Issues a precertificate and a final certificate the way the CA does. */
async function issue(h: Hierarchy, profile = leafProfile(h.intermediateDer)) {
  const tbs = buildLeafTbs(profile);
  const sign = keyObjectSigner(h.intermediateKey);
  const precert = await signTbs(tbs.precertificate, profile.signatureAlgorithm, sign);
  const entry = {
    type: 'precert' as const,
    issuerKeyHash: issuerKeyHash(h.intermediateDer),
    tbsCertificate: precertTbsForSct(precert),
  };
  const sct = await signSct({ logId, timestamp: 1767312000000n, entry }, logKey.privateKey);
  const final = await signTbs(tbs.withSctList([sct]), profile.signatureAlgorithm, sign);
  return { profile, tbs, precert, final, sct };
}

describe.each(['P-256', 'P-384'] as const)('a leaf issued by a %s intermediate', (curve) => {
  let h: Hierarchy;
  let leaf: Awaited<ReturnType<typeof issue>>;
  beforeAll(async () => {
    h = await hierarchy(curve);
    leaf = await issue(h);
  });

  it('verifies with the intermediate key (node:crypto) and uses the matching algorithm', () => {
    const cert = new NodeX509(leaf.final);
    expect(cert.verify(h.intermediatePublicKey)).toBe(true);
    expect(new NodeX509(leaf.precert).verify(h.intermediatePublicKey)).toBe(true);
    expect(cert.subject ?? '').toBe('');
    expect(cert.issuer).toBe('O=sigstead.test\nCN=sigstead-intermediate');
    expect(cert.subjectAltName).toBe('email:alice@example.com');
    expect(new Date(cert.validTo).getTime() - new Date(cert.validFrom).getTime()).toBe(
      10 * 60 * 1000,
    );
    expect(BigInt(`0x${cert.serialNumber}`)).toBe(
      BigInt(`0x${leaf.profile.serial.toString('hex')}`),
    );
  });

  it('has the Fulcio extensions in profile order with the right criticality', () => {
    const cert = new px509.X509Certificate(leaf.final);
    expect(cert.signatureAlgorithm).toMatchObject({
      name: 'ECDSA',
      hash: { name: curve === 'P-256' ? 'SHA-256' : 'SHA-384' },
    });
    expect(cert.extensions.map((e) => [e.type, e.critical])).toEqual([
      ['2.5.29.15', true],
      ['2.5.29.37', false],
      ['2.5.29.35', false],
      ['2.5.29.17', true],
      [FULCIO_OID.issuer, false],
      [FULCIO_OID.issuerV2, false],
      [FULCIO_OID.buildSignerUri, false],
      [FULCIO_OID.subject, false],
      ['1.3.6.1.4.1.11129.2.4.2', false],
    ]);
    const ku = cert.getExtension(px509.KeyUsagesExtension)!;
    expect(ku.usages).toBe(px509.KeyUsageFlags.digitalSignature);
    expect(cert.getExtension(px509.ExtendedKeyUsageExtension)!.usages).toEqual([
      '1.3.6.1.5.5.7.3.3',
    ]);
    const aki = cert.getExtension(px509.AuthorityKeyIdentifierExtension)!;
    expect(Buffer.from(aki.keyId!, 'hex')).toEqual(issuerProfile(h.intermediateDer).authorityKeyId);
    const san = cert.getExtension(px509.SubjectAlternativeNameExtension)!;
    expect(san.names.toJSON()).toEqual([{ type: 'email', value: 'alice@example.com' }]);
    expect(cert.getExtension(px509.BasicConstraintsExtension)).toBeNull();
  });

  it('encodes .1.1 as raw bytes and .1.8 onwards as DER UTF8String', () => {
    const cert = new px509.X509Certificate(leaf.final);
    const value = (oid: string) => Buffer.from(cert.getExtension(oid)!.value);
    expect(value(FULCIO_OID.issuer)).toEqual(Buffer.from('https://oidc.example.com'));
    expect(value(FULCIO_OID.issuerV2)).toEqual(
      Buffer.concat([Buffer.from([0x0c, 24]), Buffer.from('https://oidc.example.com')]),
    );
    expect(value(FULCIO_OID.subject)).toEqual(Buffer.from('0c09616c6963652d737562', 'hex'));
  });

  it('ends the precertificate with the critical poison and the final certificate with the SCT list', () => {
    const pre = new px509.X509Certificate(leaf.precert);
    const last = must(pre.extensions.at(-1));
    expect([last.type, last.critical, Buffer.from(last.value).toString('hex')]).toEqual([
      '1.3.6.1.4.1.11129.2.4.3',
      true,
      '0500',
    ]);
    expect(embeddedScts(leaf.final)).toEqual([leaf.sct]);
  });

  it('differs from the precertificate only in the last extension', () => {
    expect(tbsWithoutSctList(leaf.final)).toEqual(precertTbsForSct(leaf.precert));
    expect(precertTbsForSct(leaf.precert)).toEqual(leaf.tbs.withoutCt());
  });

  it('chains to the root', () => {
    expect(new NodeX509(h.intermediateDer).verify(h.rootKey)).toBe(true);
    expect(new NodeX509(leaf.final).checkIssued(new NodeX509(h.intermediateDer))).toBe(true);
  });
});

describe('subject alternative names', () => {
  let h: Hierarchy;
  beforeAll(async () => {
    h = await hierarchy('P-256');
  });

  it('encodes a URI SAN', async () => {
    const { final } = await issue(
      h,
      leafProfile(h.intermediateDer, {
        subjectAltName: {
          kind: 'uri',
          value: 'https://github.com/o/r/.github/workflows/w.yml@refs/heads/main',
        },
      }),
    );
    expect(new NodeX509(final).subjectAltName).toBe(
      'URI:https://github.com/o/r/.github/workflows/w.yml@refs/heads/main',
    );
  });

  it('encodes a username SAN as otherName 1.3.6.1.4.1.57264.1.7 with a UTF8String', async () => {
    const { final } = await issue(
      h,
      leafProfile(h.intermediateDer, {
        subjectAltName: { kind: 'username', value: 'jörg!example.com' },
      }),
    );
    const ext = new px509.X509Certificate(final).getExtension('2.5.29.17')!;
    expect(ext.critical).toBe(true);
    const name = must(AsnConvert.parse(ext.value, SubjectAlternativeName)[0]);
    expect(name.otherName!.typeId).toBe(FULCIO_OID.otherName);
    expect(Buffer.from(name.otherName!.value)).toEqual(
      Buffer.concat([Buffer.from([0x0c, 17]), Buffer.from('jörg!example.com')]),
    );
  });

  it.each([
    ['a non-ASCII email', { kind: 'email', value: 'jörg@example.com' }],
    ['an empty URI', { kind: 'uri', value: '' }],
    ['an unknown kind', { kind: 'dns', value: 'example.com' }],
  ])('rejects %s', (_name, san) => {
    expect(() =>
      buildLeafTbs(leafProfile(h.intermediateDer, { subjectAltName: san as never })),
    ).toThrow(code('INVALID_PROFILE'));
  });
});

describe('profile validation', () => {
  let intermediateDer: Buffer;
  beforeAll(async () => {
    ({ intermediateDer } = await hierarchy('P-256'));
  });

  it.each([
    ['a zero serial', { serial: Buffer.from([0]) }],
    ['a serial encoding to 21 octets', { serial: Buffer.alloc(20, 0xff) }],
    ['notAfter before notBefore', { notAfter: new Date('2020-01-01T00:00:00Z') }],
    ['an empty issuer name', { issuerName: Buffer.from('3000', 'hex') }],
    ['an issuer name that is not DER', { issuerName: Buffer.from('3005', 'hex') }],
    ['an SPKI with trailing bytes', { subjectPublicKeyInfo: Buffer.from('300000', 'hex') }],
    ['an empty AKI', { authorityKeyId: Buffer.alloc(0) }],
    ['no issuer extensions', { fulcioExtensions: [{ oid: FULCIO_OID.subject, value: 'x' }] }],
    [
      'only the V2 issuer',
      { fulcioExtensions: [{ oid: FULCIO_OID.issuerV2, value: 'https://i' }] },
    ],
  ])('rejects %s', (_name, overrides) => {
    expect(() => buildLeafTbs(leafProfile(intermediateDer, overrides))).toThrow(
      code('INVALID_PROFILE'),
    );
  });

  it('accepts a 20-octet serial with the top bit clear', () => {
    expect(() =>
      buildLeafTbs(leafProfile(intermediateDer, { serial: Buffer.alloc(20, 0x7f) })),
    ).not.toThrow();
  });

  it('uses GeneralizedTime from 2050 (RFC 5280 §4.1.2.5)', () => {
    const tbs = buildLeafTbs(
      leafProfile(intermediateDer, {
        notBefore: new Date('2049-12-31T23:55:00Z'),
        notAfter: new Date('2050-01-01T00:05:00Z'),
      }),
    ).withoutCt();
    expect(tbs.includes(Buffer.from('170d3439313233313233353530305a', 'hex'))).toBe(true);
    expect(tbs.includes(Buffer.from('180f32303530303130313030303530305a', 'hex'))).toBe(true);
  });
});

describe('rebuilding a real public-good Fulcio leaf', () => {
  // The 2024-04-04 leaf: KU, EKU, SKID, AKI, SAN email, .1.1, .1.8, SCT list; ecdsa-with-SHA384.
  const real = Buffer.from(LEAF_2024_B64, 'base64');
  const intermediate = Buffer.from(INTERMEDIATE_B64, 'base64');

  it('reproduces the certificate byte for byte from its fields', async () => {
    const parsed = new px509.X509Certificate(real);
    const issuer = issuerProfile(intermediate);
    const tbs = buildLeafTbs({
      serial: Buffer.from(parsed.serialNumber, 'hex'),
      notBefore: parsed.notBefore,
      notAfter: parsed.notAfter,
      issuerName: issuer.issuerName,
      authorityKeyId: issuer.authorityKeyId,
      subjectPublicKeyInfo: Buffer.from(parsed.publicKey.rawData),
      subjectAltName: { kind: 'email', value: 'brian@dehamer.com' },
      fulcioExtensions: [
        { oid: FULCIO_OID.issuerV2, value: 'https://github.com/login/oauth' },
        { oid: FULCIO_OID.issuer, value: 'https://github.com/login/oauth' },
      ],
      signatureAlgorithm: issuer.signatureAlgorithm,
      includeSubjectKeyId: true,
    });
    const realSignature = Buffer.from(parsed.signature);
    const rebuilt = await signTbs(
      tbs.withSctList(embeddedScts(real)),
      issuer.signatureAlgorithm,
      () => realSignature,
    );
    expect(rebuilt.toString('hex')).toBe(real.toString('hex'));
    expect(tbs.withoutCt()).toEqual(tbsWithoutSctList(real));
  });
});

describe('signTbs', () => {
  let h: Hierarchy;
  beforeAll(async () => {
    h = await hierarchy('P-256');
  });

  it('signs with an RSA CA key using sha256WithRSAEncryption with NULL parameters', async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const profile = leafProfile(h.intermediateDer, {
      signatureAlgorithm: 'sha256WithRSAEncryption',
    });
    const der = await signTbs(
      buildLeafTbs(profile).withoutCt(),
      'sha256WithRSAEncryption',
      keyObjectSigner(rsa.privateKey),
    );
    expect(new NodeX509(der).verify(rsa.publicKey)).toBe(true);
    expect(der.includes(Buffer.from('300d06092a864886f70d01010b0500', 'hex'))).toBe(true);
  });

  it('writes ECDSA AlgorithmIdentifiers without parameters', async () => {
    const { final } = await issue(h);
    expect(final.includes(Buffer.from('300a06082a8648ce3d040302', 'hex'))).toBe(true);
    expect(final.includes(Buffer.from('300c06082a8648ce3d0403020500', 'hex'))).toBe(false);
  });

  it('refuses a raw r||s ECDSA signature', async () => {
    const tbs = buildLeafTbs(leafProfile(h.intermediateDer)).withoutCt();
    const raw = (data: Buffer) =>
      cryptoSign('sha256', data, { key: h.intermediateKey, dsaEncoding: 'ieee-p1363' });
    await expect(signTbs(tbs, 'ecdsa-with-SHA256', raw)).rejects.toThrow(code('SIGNING_FAILED'));
  });

  it('wraps signer failures', async () => {
    const tbs = buildLeafTbs(leafProfile(h.intermediateDer)).withoutCt();
    await expect(
      signTbs(tbs, 'ecdsa-with-SHA256', () => Promise.reject(new Error('hsm offline'))),
    ).rejects.toThrow(code('SIGNING_FAILED'));
    await expect(signTbs(tbs, 'ecdsa-with-SHA256', () => Buffer.alloc(0))).rejects.toThrow(
      code('SIGNING_FAILED'),
    );
  });
});
