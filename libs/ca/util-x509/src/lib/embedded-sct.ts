// The local check before a final certificate leaves the CA (fulcio spec §7 checklist): a verifier
// strips the SCT list from the final TBS and re-encodes it, and the result must be byte-identical
// to the precertificate TBS minus its poison, or every embedded SCT fails to verify.
import {
  CtError,
  embeddedScts,
  hasCriticalPoison,
  parseCertificate,
  precertTbsForSct,
  tbsWithoutSctList,
  type SignedCertificateTimestamp,
} from '@sigstead/util-ct';
import { X509Error } from './error.js';

/** Returns the embedded SCTs when `finalDer` is `precertDer` with poison → SCT list; throws otherwise. */
export function checkEmbeddedSct(
  finalDer: Buffer,
  precertDer: Buffer,
): SignedCertificateTimestamp[] {
  try {
    const precert = parseCertificate(precertDer);
    const final = parseCertificate(finalDer);
    if (!hasCriticalPoison(precert)) throw mismatch('the precertificate has no critical poison');
    if (hasCriticalPoison(final)) throw mismatch('the final certificate still carries the poison');
    const scts = embeddedScts(final);
    if (scts.length === 0) throw mismatch('the final certificate embeds no SCT');
    if (!tbsWithoutSctList(final).equals(precertTbsForSct(precert))) {
      throw mismatch(
        'the final TBS without SCTs differs from the precertificate TBS without poison',
      );
    }
    return scts;
  } catch (err) {
    if (err instanceof CtError)
      throw new X509Error('EMBEDDED_SCT_MISMATCH', err.message, { cause: err });
    throw err;
  }
}

function mismatch(message: string): X509Error {
  return new X509Error('EMBEDDED_SCT_MISMATCH', message);
}
