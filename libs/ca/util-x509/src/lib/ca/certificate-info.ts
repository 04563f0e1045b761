// Reading the fields a CA needs from an existing certificate (its own intermediate, or the root
// that signs an intermediate). Raw encodings are kept: the leaf's issuer Name must be the
// issuer's subject byte for byte, or chain building by name fails in strict verifiers.
import { signatureAlgorithmForKey, spkiToKey, type SignatureAlgorithm } from '../algorithms.js';
import { DerError, oidToString, parseDer, parseTime, type DerNode } from '../der/reader.js';
import { X509Error } from '../error.js';
import { subjectKeyIdFor } from '../key-id.js';

export interface CertificateInfo {
  /** The subject Name, DER, exactly as encoded. */
  readonly subject: Buffer;
  readonly subjectPublicKeyInfo: Buffer;
  /** SubjectKeyIdentifier, or the RFC 5280 §4.2.1.2 method-1 value when the extension is absent. */
  readonly subjectKeyId: Buffer;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** BasicConstraints cA. */
  readonly isCa: boolean;
}

/** What a leaf (or intermediate) needs from its issuer certificate. */
export interface IssuerProfile {
  readonly issuerName: Buffer;
  readonly authorityKeyId: Buffer;
  readonly signatureAlgorithm: SignatureAlgorithm;
}

export function readCertificateInfo(der: Buffer): CertificateInfo {
  try {
    const [tbs] = parseDer(der, 'Certificate').expect(0x30, 'Certificate').children();
    if (!tbs) throw new DerError('Certificate: empty');
    const fields = tbs.expect(0x30, 'TBSCertificate').children();
    const at = fields[0]?.tag === 0xa0 ? 1 : 0;
    const [validity, subject, spki] = [fields[at + 3], fields[at + 4], fields[at + 5]];
    if (!validity || !subject || !spki) throw new DerError('TBSCertificate: missing fields');
    const [notBefore, notAfter] = validity.expect(0x30, 'Validity').children();
    if (!notBefore || !notAfter) throw new DerError('Validity: missing times');
    const extensions = readExtensions(fields.slice(at + 6).find((f) => f.tag === 0xa3));
    const skid = extensions.get('2.5.29.14');
    return {
      subject: subject.expect(0x30, 'Name').raw,
      subjectPublicKeyInfo: spki.expect(0x30, 'SubjectPublicKeyInfo').raw,
      subjectKeyId: skid
        ? parseDer(skid, 'SubjectKeyIdentifier').expect(0x04, 'KeyIdentifier').value
        : subjectKeyIdFor(spki.raw),
      notBefore: parseTime(notBefore),
      notAfter: parseTime(notAfter),
      isCa: isCa(extensions.get('2.5.29.19')),
    };
  } catch (err) {
    if (
      err instanceof DerError ||
      err instanceof TypeError ||
      (err instanceof X509Error && err.code === 'INVALID_ARGUMENT')
    ) {
      throw new X509Error('INVALID_CERTIFICATE', `not a usable DER certificate: ${err.message}`, {
        cause: err,
      });
    }
    throw err;
  }
}

/** Issuer name, AKI and signature algorithm for certificates signed by `caCertDer`'s key. */
export function issuerProfile(caCertDer: Buffer): IssuerProfile {
  const info = readCertificateInfo(caCertDer);
  if (!info.isCa) throw new X509Error('INVALID_CERTIFICATE', 'the issuing certificate is not a CA');
  return {
    issuerName: info.subject,
    authorityKeyId: info.subjectKeyId,
    signatureAlgorithm: signatureAlgorithmForKey(spkiToKey(info.subjectPublicKeyInfo)),
  };
}

function readExtensions(field: DerNode | undefined): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  if (!field) return out;
  const [list] = field.children();
  for (const ext of list?.expect(0x30, 'Extensions').children() ?? []) {
    const parts = ext.children();
    const [id] = parts;
    const value = parts.at(-1);
    if (!id || !value) throw new DerError('Extension: empty');
    out.set(oidToString(id.expect(0x06, 'extnID').value), value.expect(0x04, 'extnValue').value);
  }
  return out;
}

function isCa(basicConstraints: Buffer | undefined): boolean {
  if (!basicConstraints) return false;
  const [first] = parseDer(basicConstraints, 'BasicConstraints')
    .expect(0x30, 'BasicConstraints')
    .children();
  return first?.tag === 0x01 && first.value[0] === 0xff;
}
