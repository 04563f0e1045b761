// Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING }
// (RFC 5280 §4.1.1). The signature comes from a callback so a KMS/HSM can hold the CA key.
import {
  algorithmIdentifier,
  algorithmInfo,
  type SignFunction,
  type SignatureAlgorithm,
} from './algorithms.js';
import { DerError, parseDer } from './der/reader.js';
import { bitString, sequence } from './der/writer.js';
import { X509Error } from './error.js';

/**
 * Signs a TBSCertificate and returns the certificate DER. `signatureAlgorithm` must be the one
 * written inside the TBS (RFC 5280 §4.1.1.2 requires both to match).
 */
export async function signTbs(
  tbs: Buffer,
  signatureAlgorithm: SignatureAlgorithm,
  sign: SignFunction,
): Promise<Buffer> {
  const { keyType } = algorithmInfo(signatureAlgorithm);
  let signature: Buffer;
  try {
    signature = Buffer.from(await sign(tbs));
  } catch (err) {
    throw new X509Error('SIGNING_FAILED', 'the CA signer failed', { cause: err });
  }
  if (signature.length === 0)
    throw new X509Error('SIGNING_FAILED', 'the CA signer returned an empty signature');
  if (keyType === 'ec') checkEcdsaDer(signature);
  return sequence(tbs, algorithmIdentifier(signatureAlgorithm), bitString(signature));
}

/** X.509 wants `Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }`, not raw r||s (PKCS#11 style). */
function checkEcdsaDer(signature: Buffer): void {
  try {
    const parts = parseDer(signature).expect(0x30, 'Ecdsa-Sig-Value').children();
    if (parts.length !== 2 || parts.some((p) => p.tag !== 0x02))
      throw new DerError('expected two INTEGERs');
  } catch (err) {
    throw new X509Error('SIGNING_FAILED', 'the CA signer must return a DER ECDSA signature', {
      cause: err,
    });
  }
}
