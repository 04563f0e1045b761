// rekord v0.0.1 (rekor pkg/types/rekord/v0.0.1), x509 format only: the artifact itself travels in
// the entry; the log hashes it, checks a given hash against it and verifies the signature over it.
// Only the hash is kept. PGP, minisign and SSH signatures are not accepted by this log.
import { canonicalJson } from '../canonical.js';
import { verifyMessage } from '../signature.js';
import type { CanonicalEntry } from '../canonical-entry.js';
import { RekorError } from '../error.js';
import { parseVerifier, verifierContent, verifierHash } from '../verifier.js';
import { bytes, digest, invalid, object, sha256Hex, text, unique } from '../fields.js';

const FORMATS = ['pgp', 'minisign', 'x509', 'ssh'];

export function rekordV001(spec: Record<string, unknown>): CanonicalEntry {
  const signature = object(spec['signature'], 'signature');
  const format = text(signature['format'], 'signature format');
  if (!FORMATS.includes(format)) {
    throw invalid(`signature format must be one of ${FORMATS.join(', ')}`);
  }
  if (format !== 'x509') {
    throw new RekorError('UNSUPPORTED_TYPE', `rekord signature format ${format} is not supported`);
  }
  const sig = bytes(signature['content'], 'signature content');
  const verifier = parseVerifier(
    bytes(object(signature['publicKey'], 'public key')['content'], 'public key content'),
  );
  const data = object(spec['data'], 'data');
  if (data['url'] !== undefined) throw invalid('data must be inline content; url is not supported');
  const content = bytes(data['content'], 'data content');
  const computed = sha256Hex(content);
  if (data['hash'] !== undefined) {
    const given = digest(data['hash'], 'data hash', { sha256: 32 });
    if (given.value !== computed) throw invalid(`SHA mismatch: ${computed} != ${given.value}`);
  }
  if (!verifyMessage(verifier.key, content, sig)) throw invalid('invalid signature');
  return {
    kind: 'rekord',
    apiVersion: '0.0.1',
    body: canonicalJson({
      apiVersion: '0.0.1',
      kind: 'rekord',
      spec: {
        data: { hash: { algorithm: 'sha256', value: computed } },
        signature: {
          content: sig.toString('base64'),
          format: 'x509',
          publicKey: { content: verifierContent(verifier) },
        },
      },
    }),
    indexKeys: unique([verifierHash(verifier), ...verifier.subjects, `sha256:${computed}`]),
  };
}
