// hashedrekord v0.0.1 (rekor pkg/types/hashedrekord/v0.0.1): a signature over an artifact digest
// with an x509 verifier. The server checks the digest's length for its algorithm and the signature
// over the digest; the canonical body re-encodes the verifier as PEM and drops everything else.
import { canonicalJson } from '../canonical.js';
import type { CanonicalEntry, CanonicalizeOptions } from '../canonical-entry.js';
import { DIGEST_LENGTH, verifyDigest } from '../prehash.js';
import { parseVerifier, verifierHash } from '../verifier.js';
import { bytes, digest, invalid, object, unique } from '../fields.js';

/**
 * A hashedrekord v0.0.1 entry: a signature over the digest (hex) an artifact has under
 * `algorithm`, and the verifier (PEM public key or certificate). The log's canonical body has this
 * shape, with the verifier re-encoded; clients propose the same shape.
 */
export function hashedRekordEntry(parts: {
  readonly algorithm: string;
  readonly digest: string;
  readonly signature: Uint8Array;
  /** PEM, as text or its bytes. */
  readonly publicKey: Uint8Array | string;
}) {
  return {
    apiVersion: '0.0.1',
    kind: 'hashedrekord',
    spec: {
      data: { hash: { algorithm: parts.algorithm, value: parts.digest } },
      signature: {
        content: Buffer.from(parts.signature).toString('base64'),
        publicKey: { content: Buffer.from(parts.publicKey).toString('base64') },
      },
    },
  };
}

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
  const body = canonicalJson(
    hashedRekordEntry({
      algorithm,
      digest: value,
      signature: sig,
      publicKey: verifier.canonicalPem,
    }),
  );
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
