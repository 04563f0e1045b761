// PKCS#10 certificate signing requests (RFC 2986) on Fulcio's CSR path: only the public key is
// used; the self-signature must verify; its hash feeds the algorithm allow-list
// (fulcio getHashFuncForSignatureAlgorithm). Check order matches Fulcio: parse → key policy →
// signature. Signature algorithms: ECDSA/RSA PKCS#1 v1.5 with SHA-256/384/512, pure Ed25519.
import { createPublicKey, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import type { HashAlgorithm } from '../algorithms.js';
import { DerError, oidToString, parseDer, type DerNode } from '../der/reader.js';
import { X509Error } from '../error.js';
import { decodePem } from '../pem.js';
import { classifyKey, type ClientPublicKey } from './public-key.js';

export interface ParsedCsr {
  readonly publicKey: ClientPublicKey;
  /** Hash of the CSR signature; `null` for pure Ed25519. */
  readonly hash: HashAlgorithm | null;
}

interface CsrSignatureAlgorithm {
  readonly hash: HashAlgorithm | null;
  readonly keyType: 'ec' | 'rsa' | 'ed25519';
  /** RSA AlgorithmIdentifiers carry NULL parameters (absent is tolerated); the others none. */
  readonly nullParams: boolean;
}

const SIGNATURE_ALGORITHMS: Record<string, CsrSignatureAlgorithm> = {
  '1.2.840.10045.4.3.2': { hash: 'sha256', keyType: 'ec', nullParams: false },
  '1.2.840.10045.4.3.3': { hash: 'sha384', keyType: 'ec', nullParams: false },
  '1.2.840.10045.4.3.4': { hash: 'sha512', keyType: 'ec', nullParams: false },
  '1.2.840.113549.1.1.11': { hash: 'sha256', keyType: 'rsa', nullParams: true },
  '1.2.840.113549.1.1.12': { hash: 'sha384', keyType: 'rsa', nullParams: true },
  '1.2.840.113549.1.1.13': { hash: 'sha512', keyType: 'rsa', nullParams: true },
  '1.3.101.112': { hash: null, keyType: 'ed25519', nullParams: false },
};

const CSR_PEM_LABELS = new Set(['CERTIFICATE REQUEST', 'NEW CERTIFICATE REQUEST']);

/**
 * Parses and checks a CSR given as PEM (text or bytes) or DER. Throws CSR_UNPARSEABLE,
 * PUBLIC_KEY_INSECURE or SIGNATURE_INVALID.
 */
export function parseCsr(input: string | Buffer): ParsedCsr {
  const der = csrDer(input);
  let info: DerNode, algorithm: DerNode, signature: DerNode, spki: KeyObject;
  try {
    [info, algorithm, signature] = threeParts(
      parseDer(der, 'CertificationRequest').expect(0x30, 'CertificationRequest'),
    );
    const [version, , spkiNode] = info.expect(0x30, 'CertificationRequestInfo').children();
    if (version?.tag !== 0x02 || !version.value.equals(Buffer.from([0])))
      throw new DerError('unsupported CSR version');
    if (!spkiNode) throw new DerError('CertificationRequestInfo: missing SubjectPublicKeyInfo');
    spki = createPublicKey({
      key: spkiNode.expect(0x30, 'SubjectPublicKeyInfo').raw,
      format: 'der',
      type: 'spki',
    });
  } catch (err) {
    throw new X509Error('CSR_UNPARSEABLE', 'the CSR is not valid DER PKCS#10', { cause: err });
  }
  let publicKey: ClientPublicKey;
  try {
    publicKey = classifyKey(spki);
  } catch (err) {
    // A key Go cannot parse makes the whole CSR unparseable; refused-but-parsed keys stay INSECURE.
    if (err instanceof X509Error && err.code === 'PUBLIC_KEY_UNPARSEABLE')
      throw new X509Error('CSR_UNPARSEABLE', err.message, { cause: err });
    throw err;
  }
  const alg = signatureAlgorithm(algorithm);
  if (
    !alg ||
    alg.keyType !== spki.asymmetricKeyType ||
    !verifies(alg, info, publicKey.keyObject, signature)
  ) {
    throw new X509Error('SIGNATURE_INVALID', 'the CSR signature does not verify');
  }
  return { publicKey, hash: alg.hash };
}

function csrDer(input: string | Buffer): Buffer {
  const text = typeof input === 'string' ? input : input.toString('latin1');
  if (text.includes('-----BEGIN')) {
    const pem = decodePem(text);
    if (!pem || !CSR_PEM_LABELS.has(pem.label))
      throw new X509Error('CSR_UNPARSEABLE', 'no CERTIFICATE REQUEST PEM block');
    return pem.der;
  }
  if (typeof input === 'string')
    throw new X509Error('CSR_UNPARSEABLE', 'no CERTIFICATE REQUEST PEM block');
  return input;
}

function threeParts(node: DerNode): [DerNode, DerNode, DerNode] {
  const [info, algorithm, signature, ...rest] = node.children();
  if (!info || !algorithm || !signature || rest.length > 0) {
    throw new DerError('CertificationRequest: expected three fields');
  }
  return [info, algorithm.expect(0x30, 'signatureAlgorithm'), signature.expect(0x03, 'signature')];
}

function signatureAlgorithm(node: DerNode): CsrSignatureAlgorithm | undefined {
  try {
    const [id, params, ...rest] = node.children();
    if (!id) return undefined;
    const alg = SIGNATURE_ALGORITHMS[oidToString(id.expect(0x06, 'algorithm').value)];
    if (!alg || rest.length > 0) return undefined;
    if (params && !(alg.nullParams && params.tag === 0x05 && params.value.length === 0))
      return undefined;
    return alg;
  } catch {
    return undefined;
  }
}

function verifies(
  alg: CsrSignatureAlgorithm,
  info: DerNode,
  key: KeyObject,
  signature: DerNode,
): boolean {
  const bits = signature.value;
  if (bits.length < 2 || bits[0] !== 0) return false; // whole bytes only
  try {
    return cryptoVerify(alg.hash, info.raw, key, bits.subarray(1));
  } catch {
    return false;
  }
}
