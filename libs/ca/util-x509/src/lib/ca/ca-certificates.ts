// Root and intermediate CA certificates in the shape of the public-good Sigstore hierarchy and
// fulcio `certificate-maker`: root = KU certSign+crlSign (critical), BC CA:TRUE (critical), SKID;
// intermediate = the same KU, EKU codeSigning (Go verifiers and Fulcio itself require it), BC
// CA:TRUE pathlen:0 (critical), SKID, AKI. Extension order follows Go's CreateCertificate.
// Both satisfy pyca/cryptography's WebPKI CA policy (KU keyCertSign, critical BC, AKI with keyId).
import { createPublicKey, type KeyObject } from 'node:crypto';
import {
  algorithmIdentifier,
  signatureAlgorithmForKey,
  spkiToKey,
  type SignFunction,
  type SignatureAlgorithm,
} from '../algorithms.js';
import {
  DER_TRUE,
  extension,
  octetString,
  oid,
  sequence,
  smallInteger,
  time,
  tlv,
} from '../der/writer.js';
import { X509Error } from '../error.js';
import { randomSerial, serialInteger } from '../serial.js';
import { signTbs } from '../sign-tbs.js';
import { subjectKeyIdFor } from '../key-id.js';
import { issuerProfile, readCertificateInfo } from './certificate-info.js';
import { encodeName, type CaSubject } from './name.js';

interface CaCertificateOptions {
  /** The new CA's public key: a KeyObject or DER SubjectPublicKeyInfo. */
  readonly publicKey: KeyObject | Buffer;
  readonly subject: CaSubject;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** Signs with the issuer's private key (the root's own key for a root). */
  readonly sign: SignFunction;
  /** Defaults to the conventional algorithm for the signing key. */
  readonly signatureAlgorithm?: SignatureAlgorithm;
  /** Defaults to `randomSerial()`. */
  readonly serial?: Buffer;
}

export interface RootCertificateOptions extends CaCertificateOptions {
  /** BasicConstraints pathLenConstraint; none by default. */
  readonly pathLenConstraint?: number;
}

export interface IntermediateCertificateOptions extends CaCertificateOptions {
  /** The signing CA's certificate (DER): supplies issuer name, AKI and key type. */
  readonly issuerCertificate: Buffer;
  /** Defaults to 0: an intermediate that may only issue leaves. */
  readonly pathLenConstraint?: number;
}

const KEY_USAGE_CA = extension(oid('2.5.29.15'), true, Buffer.from([0x03, 0x02, 0x01, 0x06])); // keyCertSign, cRLSign
const EXT_KEY_USAGE_CODE_SIGNING = extension(
  oid('2.5.29.37'),
  false,
  sequence(oid('1.3.6.1.5.5.7.3.3')),
);

/** A self-signed root CA certificate (DER). */
export async function createRootCertificate(options: RootCertificateOptions): Promise<Buffer> {
  const spki = spkiOf(options.publicKey);
  const name = encodeName(options.subject);
  const algorithm = options.signatureAlgorithm ?? signatureAlgorithmForKey(spki);
  const extensions = [
    KEY_USAGE_CA,
    basicConstraints(options.pathLenConstraint),
    subjectKeyId(spki),
  ];
  return signTbs(tbs(options, algorithm, name, name, spki, extensions), algorithm, options.sign);
}

/** An intermediate CA certificate (DER) signed by `issuerCertificate`'s key. */
export async function createIntermediateCertificate(
  options: IntermediateCertificateOptions,
): Promise<Buffer> {
  const spki = spkiOf(options.publicKey);
  const issuer = issuerProfile(options.issuerCertificate);
  const issuerInfo = readCertificateInfo(options.issuerCertificate);
  if (options.notBefore < issuerInfo.notBefore || options.notAfter > issuerInfo.notAfter) {
    throw new X509Error(
      'INVALID_PROFILE',
      "an intermediate's validity must lie within its issuer's",
    );
  }
  const algorithm = options.signatureAlgorithm ?? issuer.signatureAlgorithm;
  const extensions = [
    KEY_USAGE_CA,
    EXT_KEY_USAGE_CODE_SIGNING,
    basicConstraints(options.pathLenConstraint ?? 0),
    subjectKeyId(spki),
    extension(oid('2.5.29.35'), false, sequence(tlv(0x80, issuer.authorityKeyId))),
  ];
  const name = encodeName(options.subject);
  return signTbs(
    tbs(options, algorithm, issuer.issuerName, name, spki, extensions),
    algorithm,
    options.sign,
  );
}

function tbs(
  options: CaCertificateOptions,
  algorithm: SignatureAlgorithm,
  issuerName: Buffer,
  subjectName: Buffer,
  spki: Buffer,
  extensions: Buffer[],
): Buffer {
  if (!(options.notBefore.getTime() < options.notAfter.getTime()))
    throw new X509Error('INVALID_PROFILE', 'notBefore must precede notAfter');
  return sequence(
    Buffer.from([0xa0, 0x03, 0x02, 0x01, 0x02]), // v3
    serialInteger(options.serial ?? randomSerial()),
    algorithmIdentifier(algorithm),
    issuerName,
    sequence(time(options.notBefore), time(options.notAfter)),
    subjectName,
    spki,
    tlv(0xa3, sequence(...extensions)),
  );
}

function basicConstraints(pathLen: number | undefined): Buffer {
  if (pathLen !== undefined && (!Number.isInteger(pathLen) || pathLen < 0))
    throw new X509Error('INVALID_PROFILE', 'pathLenConstraint must be a non-negative integer');
  const value =
    pathLen === undefined ? sequence(DER_TRUE) : sequence(DER_TRUE, smallInteger(pathLen));
  return extension(oid('2.5.29.19'), true, value);
}

function subjectKeyId(spki: Buffer): Buffer {
  return extension(oid('2.5.29.14'), false, octetString(subjectKeyIdFor(spki)));
}

/** The CA's SPKI, refusing key types outside the WebPKI set (ECDSA P-256/384/521, RSA ≥ 2048). */
function spkiOf(key: KeyObject | Buffer): Buffer {
  const keyObject = Buffer.isBuffer(key)
    ? spkiToKey(key)
    : key.type === 'private'
      ? createPublicKey(key)
      : key;
  signatureAlgorithmForKey(keyObject);
  return Buffer.isBuffer(key) ? key : keyObject.export({ type: 'spki', format: 'der' });
}
