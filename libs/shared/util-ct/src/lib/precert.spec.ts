import { describe, expect, it } from 'vitest';
import { X509Certificate } from 'node:crypto';
import { decodeSct, encodeSct } from './sct.js';
import {
  embeddedScts,
  hasCriticalPoison,
  issuerKeyHash,
  logIdFromSpki,
  precertTbsForSct,
  tbsWithoutSctList,
} from './precert.js';
import { verifySct } from './sct-sign.js';
import { parseCertificate, type ParsedCertificate } from './certificate.js';
import { wrap } from './der.js';
import * as ctgo from '../testdata/ct-go.js';
import * as pg from '../testdata/public-good.js';
import { b64, must, pemToDer, spkiKey } from '../testdata/load.js';

const code = (c: string): unknown => expect.objectContaining({ name: 'CtError', code: c });

describe('with the certificate-transparency-go precertificate and its final certificate', () => {
  const ca = pemToDer(ctgo.CA_CERT_PEM);
  const precert = pemToDer(ctgo.TEST_PRECERT_PEM);
  const final = pemToDer(ctgo.TEST_EMBEDDED_CERT_PEM);
  const plain = pemToDer(ctgo.TEST_CERT_PEM);
  const logKey = spkiKey(ctgo.LOG_PUBLIC_KEY_B64);

  it('derives the log ID from the log key', () => {
    expect(logIdFromSpki(b64(ctgo.LOG_PUBLIC_KEY_B64))).toEqual(
      decodeSct(Buffer.from(ctgo.TEST_PRECERT_PROOF_HEX, 'hex')).logId,
    );
  });

  it('strips the poison and the SCT list to the same TBS', () => {
    expect(tbsWithoutSctList(final)).toEqual(precertTbsForSct(precert));
  });

  it('answers the same from a certificate parsed once as from its DER', () => {
    const [pre, fin, issuer] = [precert, final, ca].map(parseCertificate) as [
      ParsedCertificate,
      ParsedCertificate,
      ParsedCertificate,
    ];
    expect(precertTbsForSct(pre)).toEqual(precertTbsForSct(precert));
    expect(tbsWithoutSctList(fin)).toEqual(tbsWithoutSctList(final));
    expect(embeddedScts(fin)).toEqual(embeddedScts(final));
    expect([hasCriticalPoison(pre), hasCriticalPoison(fin)]).toEqual([true, false]);
    expect(issuerKeyHash(issuer)).toEqual(issuerKeyHash(ca));
  });

  it('finds the embedded SCT, identical to TestPreCertProof', () => {
    const [sct, ...rest] = embeddedScts(final);
    expect(rest).toHaveLength(0);
    expect(encodeSct(must(sct))).toEqual(Buffer.from(ctgo.TEST_PRECERT_PROOF_HEX, 'hex'));
  });

  it('verifies the embedded SCT over the reconstructed precert entry', () => {
    const entry = {
      type: 'precert' as const,
      issuerKeyHash: issuerKeyHash(ca),
      tbsCertificate: tbsWithoutSctList(final),
    };
    expect(verifySct(must(embeddedScts(final)[0]), entry, logKey)).toBe(true);
  });

  it('rejects the SCT embedded in TestInvalidEmbeddedCertPEM', () => {
    const invalid = pemToDer(ctgo.TEST_INVALID_EMBEDDED_CERT_PEM);
    const entry = {
      type: 'precert' as const,
      issuerKeyHash: issuerKeyHash(ca),
      tbsCertificate: tbsWithoutSctList(invalid),
    };
    expect(verifySct(must(embeddedScts(invalid)[0]), entry, logKey)).toBe(false);
  });

  it.each([
    ['the precertificate', precert, true],
    ['the final certificate', final, false],
    ['a plain certificate', plain, false],
  ])('hasCriticalPoison(%s) is %s', (_name, der, expected) => {
    expect(hasCriticalPoison(der)).toBe(expected);
  });

  it('refuses to treat a certificate without poison as a precertificate', () => {
    expect(() => precertTbsForSct(plain)).toThrow(code('INVALID_CERTIFICATE'));
  });

  it('refuses to strip an SCT list that is not there', () => {
    expect(() => tbsWithoutSctList(plain)).toThrow(code('INVALID_CERTIFICATE'));
    expect(embeddedScts(plain)).toEqual([]);
  });

  it('hashes the issuer SubjectPublicKeyInfo', () => {
    const spki = new X509Certificate(ctgo.CA_CERT_PEM).publicKey.export({
      type: 'spki',
      format: 'der',
    });
    expect(issuerKeyHash(ca)).toEqual(logIdFromSpki(spki));
  });
});

describe.each([
  [
    '2024 leaf from ctfe.sigstore.dev/2022',
    pg.LEAF_2024_B64,
    pg.CTFE_2022_KEY_B64,
    pg.CTFE_2022_LOG_ID_B64,
  ],
  [
    '2022 leaf from ctfe.sigstore.dev/test',
    pg.LEAF_2022_B64,
    pg.CTFE_TEST_KEY_B64,
    pg.CTFE_TEST_LOG_ID_B64,
  ],
])('with a public-good Fulcio %s', (_name, leafB64, keyB64, logIdB64) => {
  const leaf = b64(leafB64);
  const sct = must(embeddedScts(leaf)[0]);
  const entry = (issuer: Buffer) => ({
    type: 'precert' as const,
    issuerKeyHash: issuerKeyHash(issuer),
    tbsCertificate: tbsWithoutSctList(leaf),
  });

  it('carries one SCT from the log named in trusted_root.json', () => {
    expect(logIdFromSpki(b64(keyB64))).toEqual(b64(logIdB64));
    expect(sct.logId).toEqual(b64(logIdB64));
  });

  it('verifies the SCT against the published log key and the intermediate', () => {
    expect(verifySct(sct, entry(b64(pg.INTERMEDIATE_B64)), spkiKey(keyB64))).toBe(true);
  });

  it('fails with the wrong issuer', () => {
    expect(verifySct(sct, entry(b64(pg.ROOT_B64)), spkiKey(keyB64))).toBe(false);
  });
});

describe('certificate parsing', () => {
  // A skeletal certificate: only the TBS field positions matter to CT.
  const seq = (...parts: Buffer[]): Buffer => wrap(0x30, ...parts);
  const hex = (h: string): Buffer => Buffer.from(h, 'hex');
  const poisonExt = hex('3013060a2b06010401d679020403' + '0101ff' + '04020500');
  const tbs = (exts: Buffer[]): Buffer =>
    seq(
      hex('a003020102'),
      hex('020101'),
      seq(),
      seq(),
      seq(),
      seq(),
      seq(hex('0500')),
      wrap(0xa3, seq(...exts)),
    );
  const cert = (exts: Buffer[]): Buffer => seq(tbs(exts), seq(), hex('030100'));

  it('drops the [3] field when the poison was the only extension', () => {
    const out = precertTbsForSct(cert([poisonExt]));
    expect(out).toEqual(
      seq(hex('a003020102'), hex('020101'), seq(), seq(), seq(), seq(), seq(hex('0500'))),
    );
  });

  it('rejects a non-critical poison', () => {
    const nonCritical = hex('3010060a2b06010401d679020403' + '04020500');
    expect(hasCriticalPoison(cert([nonCritical]))).toBe(false);
    expect(() => precertTbsForSct(cert([nonCritical]))).toThrow(code('INVALID_CERTIFICATE'));
  });

  it('rejects a repeated extension', () => {
    expect(() => precertTbsForSct(cert([poisonExt, poisonExt]))).toThrow(
      code('INVALID_CERTIFICATE'),
    );
  });

  it('rejects critical=FALSE written out (not DER)', () => {
    const explicitFalse = hex('3013060a2b06010401d679020403' + '010100' + '04020500');
    expect(() => precertTbsForSct(cert([explicitFalse]))).toThrow(code('INVALID_CERTIFICATE'));
  });

  it.each([
    ['junk', hex('deadbeef')],
    ['a non-minimal length', hex('3081020500')],
    ['an indefinite length', hex('308005000000')],
    ['trailing bytes', Buffer.concat([cert([poisonExt]), hex('00')])],
  ])('rejects %s as INVALID_CERTIFICATE', (_name, der) => {
    expect(() => hasCriticalPoison(der)).toThrow(code('INVALID_CERTIFICATE'));
  });
});
