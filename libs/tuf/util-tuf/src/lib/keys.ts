import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { TufError } from './error.js';
import { canonicalBytes } from './json.js';

/** A TUF public key object: exactly the three fields key IDs are computed over (spec tuf.md §2). */
export interface TufKey {
  readonly keytype: 'ed25519' | 'ecdsa-sha2-nistp256';
  readonly scheme: 'ed25519' | 'ecdsa-sha2-nistp256';
  readonly keyval: { readonly public: string };
}

/**
 * What signs metadata: a key we hold, or a key holder's file during a ceremony. Ed25519 signs the raw
 * canonical bytes; ECDSA P-256 signs their SHA-256 and returns DER (the shape of our `Signer` port).
 */
export interface MetadataSigner {
  readonly publicKey: KeyObject;
  sign(data: Uint8Array): Promise<Buffer>;
}

/**
 * The TUF form of a public key. Ed25519 keys are 64 hex characters; P-256 keys are PEM SPKI with the
 * `ecdsa-sha2-nistp256` key type, which every client accepts (go-tuf v0.5 knows no other ECDSA name).
 */
export function tufKeyOf(publicKey: KeyObject): TufKey {
  if (publicKey.asymmetricKeyType === 'ed25519') {
    const spki = publicKey.export({ type: 'spki', format: 'der' });
    return {
      keytype: 'ed25519',
      scheme: 'ed25519',
      keyval: { public: spki.subarray(spki.length - 32).toString('hex') },
    };
  }
  if (
    publicKey.asymmetricKeyType === 'ec' &&
    publicKey.asymmetricKeyDetails?.namedCurve === 'prime256v1'
  ) {
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    return {
      keytype: 'ecdsa-sha2-nistp256',
      scheme: 'ecdsa-sha2-nistp256',
      keyval: { public: pem },
    };
  }
  throw new TufError(
    'UNSUPPORTED_KEY',
    'TUF keys must be Ed25519 or ECDSA P-256 (the types every client verifies)',
  );
}

/** securesystemslib's default key ID: hex SHA-256 of the canonical `{keytype, scheme, keyval}`. */
export function keyIdOf(key: TufKey): string {
  return createHash('sha256')
    .update(canonicalBytes({ keytype: key.keytype, scheme: key.scheme, keyval: key.keyval }))
    .digest('hex');
}

const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** The node:crypto key for a TUF key object (to check a signature or compare keys). */
export function publicKeyOf(key: TufKey): KeyObject {
  try {
    if (key.keytype === 'ed25519') {
      const raw = Buffer.from(key.keyval.public, 'hex');
      if (raw.length !== 32) throw new Error('not 32 bytes');
      return createPublicKey({
        key: Buffer.concat([ED25519_SPKI_PREFIX, raw]),
        format: 'der',
        type: 'spki',
      });
    }
    return createPublicKey(key.keyval.public);
  } catch (err) {
    throw new TufError('UNSUPPORTED_KEY', `unreadable ${key.keytype} public key`, { cause: err });
  }
}
