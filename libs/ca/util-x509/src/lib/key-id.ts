// Key identifiers (RFC 5280 §4.2.1.2).
import { hash } from 'node:crypto';
import { parseDer } from './der/reader.js';
import { X509Error } from './error.js';

/** Method 1: SHA-1 of the subjectPublicKey BIT STRING contents (what Go's x509 computes). */
export function subjectKeyIdFor(spkiDer: Buffer): Buffer {
  let bits: Buffer | undefined;
  try {
    const [, node] = parseDer(spkiDer, 'SubjectPublicKeyInfo')
      .expect(0x30, 'SubjectPublicKeyInfo')
      .children();
    if (node?.tag === 0x03 && node.value[0] === 0) bits = node.value.subarray(1);
  } catch (err) {
    throw new X509Error('INVALID_ARGUMENT', 'not a DER SubjectPublicKeyInfo', { cause: err });
  }
  if (!bits)
    throw new X509Error('INVALID_ARGUMENT', 'SubjectPublicKeyInfo has no whole-byte key bits');
  return hash('sha1', bits, 'buffer');
}
