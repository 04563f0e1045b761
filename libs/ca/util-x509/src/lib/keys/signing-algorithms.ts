// The (key, hash) allow-list behind Fulcio's `--client-signing-algorithms` (sigstore
// pkg/signature/algorithm_registry.go; fulcio cmd/app/serve.go defaults). A key/hash pair is
// permitted when some allowed algorithm has the same key type/size and hash; PKCS#1 and PSS
// entries are indistinguishable at this level, as upstream.
import { X509Error } from '../error.js';
import type { HashAlgorithm } from '../algorithms.js';
import type { ClientPublicKey, PublicKeyKind } from './public-key.js';

export type ClientSigningAlgorithm =
  | 'ecdsa-sha2-256-nistp256'
  | 'ecdsa-sha2-384-nistp384'
  | 'ecdsa-sha2-256-nistp384'
  | 'ecdsa-sha2-512-nistp521'
  | 'ecdsa-sha2-256-nistp521'
  | 'rsa-sign-pkcs1-2048-sha256'
  | 'rsa-sign-pkcs1-3072-sha256'
  | 'rsa-sign-pkcs1-4096-sha256'
  | 'rsa-sign-pss-2048-sha256'
  | 'rsa-sign-pss-3072-sha256'
  | 'rsa-sign-pss-4096-sha256'
  | 'ed25519'
  | 'ed25519-ph';

/** `null` hash = pure Ed25519 (Go's crypto.Hash(0)). */
const REGISTRY: Record<
  ClientSigningAlgorithm,
  { readonly kind: PublicKeyKind; readonly hash: HashAlgorithm | null }
> = {
  'ecdsa-sha2-256-nistp256': { kind: 'ecdsa-p256', hash: 'sha256' },
  'ecdsa-sha2-384-nistp384': { kind: 'ecdsa-p384', hash: 'sha384' },
  'ecdsa-sha2-256-nistp384': { kind: 'ecdsa-p384', hash: 'sha256' },
  'ecdsa-sha2-512-nistp521': { kind: 'ecdsa-p521', hash: 'sha512' },
  'ecdsa-sha2-256-nistp521': { kind: 'ecdsa-p521', hash: 'sha256' },
  'rsa-sign-pkcs1-2048-sha256': { kind: 'rsa-2048', hash: 'sha256' },
  'rsa-sign-pkcs1-3072-sha256': { kind: 'rsa-3072', hash: 'sha256' },
  'rsa-sign-pkcs1-4096-sha256': { kind: 'rsa-4096', hash: 'sha256' },
  'rsa-sign-pss-2048-sha256': { kind: 'rsa-2048', hash: 'sha256' },
  'rsa-sign-pss-3072-sha256': { kind: 'rsa-3072', hash: 'sha256' },
  'rsa-sign-pss-4096-sha256': { kind: 'rsa-4096', hash: 'sha256' },
  ed25519: { kind: 'ed25519', hash: null },
  'ed25519-ph': { kind: 'ed25519', hash: 'sha512' },
};

/** Fulcio's default `--client-signing-algorithms`. */
export const DEFAULT_CLIENT_SIGNING_ALGORITHMS: readonly ClientSigningAlgorithm[] = [
  'ecdsa-sha2-256-nistp256',
  'ecdsa-sha2-384-nistp384',
  'ecdsa-sha2-512-nistp521',
  'rsa-sign-pkcs1-2048-sha256',
  'rsa-sign-pkcs1-3072-sha256',
  'rsa-sign-pkcs1-4096-sha256',
  'ed25519',
];

/** Validates configured names (e.g. from a flag or config file); unknown names → INVALID_ARGUMENT. */
export function parseClientSigningAlgorithms(names: readonly string[]): ClientSigningAlgorithm[] {
  return names.map((name) => {
    if (!Object.hasOwn(REGISTRY, name))
      throw new X509Error('INVALID_ARGUMENT', `unknown client signing algorithm ${name}`);
    return name as ClientSigningAlgorithm;
  });
}

/** The hash a proof of possession uses for a key (sigstore GetDefaultPublicKeyDetails). */
export function defaultHashForKey(kind: PublicKeyKind): HashAlgorithm | null {
  if (kind === 'ed25519') return null;
  if (kind === 'ecdsa-p384') return 'sha384';
  if (kind === 'ecdsa-p521') return 'sha512';
  return 'sha256';
}

/** Throws ALGORITHM_NOT_PERMITTED unless (key, hash) matches an allowed algorithm. */
export function checkClientSigningAlgorithm(
  key: Pick<ClientPublicKey, 'kind'>,
  hash: HashAlgorithm | null,
  allowed: readonly ClientSigningAlgorithm[] = DEFAULT_CLIENT_SIGNING_ALGORITHMS,
): void {
  if (allowed.some((name) => REGISTRY[name].kind === key.kind && REGISTRY[name].hash === hash))
    return;
  throw new X509Error(
    'ALGORITHM_NOT_PERMITTED',
    `signing algorithm not permitted: ${key.kind}, ${hash ?? 'pure'}`,
  );
}
