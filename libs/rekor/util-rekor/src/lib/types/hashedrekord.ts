// hashedrekord v0.0.1 (rekor pkg/types/hashedrekord/v0.0.1): a signature over an artifact digest
// with an x509 verifier. The server checks the digest's length for its algorithm and the signature
// over the digest; the canonical body re-encodes the verifier as PEM and drops everything else.
import { createHash } from 'node:crypto';
import { fromBase64 } from '@sigstead/util-encoding';
import { canonicalJson } from '../canonical.js';
import type { CanonicalEntry } from '../entry.js';
import { isObject } from '../entry.js';
import { RekorError } from '../error.js';
import { DIGEST_LENGTH, verifyDigest } from '../prehash.js';
import { parseVerifier } from '../verifier.js';

const HEX = /^[0-9a-fA-F]+$/;

export function hashedRekordV001(spec: Record<string, unknown>): CanonicalEntry {
  const signature = object(spec['signature'], 'missing signature');
  const sig = bytes(signature['content'], 'signature content');
  const publicKey = object(signature['publicKey'], 'missing public key');
  const keyBytes = bytes(publicKey['content'], 'public key content');
  const data = object(spec['data'], 'missing data');
  const hash = object(data['hash'], 'missing hash');
  const algorithm = hash['algorithm'];
  const value = hash['value'];
  if (algorithm !== 'sha256' && algorithm !== 'sha384' && algorithm !== 'sha512') {
    throw invalid('hash algorithm must be one of sha256, sha384, sha512');
  }
  if (typeof value !== 'string' || !HEX.test(value)) throw invalid('hash value must be hex');
  if (value.length !== DIGEST_LENGTH[algorithm] * 2) {
    throw invalid('invalid value for hash');
  }
  const verifier = parseVerifier(keyBytes);
  if (!verifyDigest(verifier.key, algorithm, Buffer.from(value, 'hex'), sig)) {
    throw invalid('verifying signature: invalid signature when validating ASN.1 encoded signature');
  }
  const body = canonicalJson({
    apiVersion: '0.0.1',
    kind: 'hashedrekord',
    spec: {
      data: { hash: { algorithm, value } },
      signature: {
        content: sig.toString('base64'),
        publicKey: { content: Buffer.from(verifier.canonicalPem).toString('base64') },
      },
    },
  });
  return {
    kind: 'hashedrekord',
    apiVersion: '0.0.1',
    body,
    indexKeys: unique([
      createHash('sha256').update(keyBytes).digest('hex'),
      ...verifier.subjects,
      `${algorithm}:${value}`.toLowerCase(),
    ]),
  };
}

function object(v: unknown, missing: string): Record<string, unknown> {
  if (v === undefined || v === null) throw invalid(missing);
  if (!isObject(v)) throw invalid(`${missing.replace('missing ', '')} must be an object`);
  return v;
}

function bytes(v: unknown, what: string): Buffer {
  if (typeof v !== 'string' || v === '') throw invalid(`missing ${what}`);
  try {
    return fromBase64(v);
  } catch (err) {
    throw new RekorError('INVALID_ENTRY', `failed parsing base64 data for ${what}`, { cause: err });
  }
}

function invalid(message: string): RekorError {
  return new RekorError('INVALID_ENTRY', message);
}

function unique(keys: readonly string[]): string[] {
  return [...new Set(keys)];
}
