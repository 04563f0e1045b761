// hashedrekord v0.0.1 (rekor pkg/types/hashedrekord/v0.0.1): a signature over an artifact digest
// with an x509 verifier. The server checks the digest's length for its algorithm and the signature
// over the digest; the canonical body re-encodes the verifier as PEM and drops everything else.
import { canonicalJson } from '../canonical.js';
import type { CanonicalEntry, CanonicalizeOptions } from '../canonical-entry.js';
import { DIGEST_LENGTH, verifyDigest } from '../prehash.js';
import { parseVerifier, verifierContent, verifierHash } from '../verifier.js';
import { bytes, digest, invalid, object, unique } from '../fields.js';

export async function hashedRekordV001(
  spec: Record<string, unknown>,
  options: CanonicalizeOptions = {},
): Promise<CanonicalEntry> {
  const signature = object(spec['signature'], 'signature');
  const sig = bytes(signature['content'], 'signature content');
  const keyBytes = bytes(
    object(signature['publicKey'], 'public key')['content'],
    'public key content',
  );
  const data = object(spec['data'], 'data');
  const { algorithm, value } = digest(data['hash'], 'hash', DIGEST_LENGTH);
  const verifier = parseVerifier(keyBytes);
  const key = verifier.ec ?? verifier.key;
  const digestBytes = Buffer.from(value, 'hex');
  if (!(await verifyDigest(key, algorithm, digestBytes, sig, options.blocking))) {
    throw invalid('verifying signature: invalid signature when validating ASN.1 encoded signature');
  }
  const body = canonicalJson({
    apiVersion: '0.0.1',
    kind: 'hashedrekord',
    spec: {
      data: { hash: { algorithm, value } },
      signature: {
        content: sig.toString('base64'),
        publicKey: { content: verifierContent(verifier) },
      },
    },
  });
  return {
    kind: 'hashedrekord',
    apiVersion: '0.0.1',
    body,
    indexKeys: unique([
      verifierHash(verifier),
      ...verifier.subjects,
      `${algorithm}:${value}`.toLowerCase(),
    ]),
  };
}
