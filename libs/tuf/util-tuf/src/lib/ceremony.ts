import { verify } from 'node:crypto';
import { TufError } from './error.js';
import { canonicalBytes } from './json.js';
import { keyIdOf, publicKeyOf, type TufKey } from './keys.js';
import {
  buildRoot,
  planOf,
  ROLES,
  type Envelope,
  type RoleName,
  type RolePlan,
  type RootSigned,
} from './metadata.js';

/** Changes to one role of a root: keys added, key IDs removed, a new threshold. */
export interface RoleChange {
  readonly add?: readonly TufKey[];
  readonly remove?: readonly string[];
  readonly threshold?: number;
}

export interface RootDraftOptions {
  readonly expires: Date;
  readonly changes: Readonly<Partial<Record<RoleName, RoleChange>>>;
}

/**
 * The unsigned next root: version 1 from the given keys when there is no root yet, else version N+1
 * of `previous` with the changes applied. A role whose keys change and whose threshold is not given
 * takes a majority of its keys (2 of 3, 3 of 5): the production default for the offline roles.
 */
export function draftRoot(previous: RootSigned | undefined, options: RootDraftOptions): RootSigned {
  const base = previous ? planOf(previous) : undefined;
  const roles = {} as Record<RoleName, RolePlan>;
  for (const role of ROLES) {
    const change = options.changes[role] ?? {};
    const current = base?.[role];
    const removed = new Set(change.remove ?? []);
    const keys = (current?.keys ?? []).filter((k) => !removed.has(keyIdOf(k)));
    const known = new Set(keys.map(keyIdOf));
    for (const key of change.add ?? []) {
      const id = keyIdOf(key);
      if (!known.has(id)) keys.push(key);
      known.add(id);
    }
    if (keys.length === 0) {
      throw new TufError(
        'INVALID_METADATA',
        previous
          ? `${role}: removing these keys leaves the role with none`
          : `${role}: a first root needs at least one ${role} key`,
      );
    }
    const keysChanged =
      !current ||
      keys.length !== current.keys.length ||
      keys.some((k) => !current.keys.some((c) => keyIdOf(c) === keyIdOf(k)));
    const threshold =
      change.threshold ??
      (current && !keysChanged
        ? current.threshold
        : role === 'root' || role === 'targets'
          ? majorityOf(keys.length)
          : 1);
    roles[role] = { keys, threshold };
  }
  return buildRoot({
    version: (previous?.version ?? 0) + 1,
    expires: options.expires,
    roles,
  });
}

function majorityOf(count: number): number {
  return Math.floor(count / 2) + 1;
}

/** How far a signed document is from a role's threshold under one root. */
export interface ThresholdProgress {
  /** Which root's keys were counted, e.g. `root v3`. */
  readonly under: string;
  readonly role: RoleName;
  readonly threshold: number;
  /** Key IDs of the role whose signature is present and valid. */
  readonly signed: readonly string[];
  /** Key IDs of the role that have not signed (yet). */
  readonly missing: readonly string[];
  readonly met: boolean;
}

/**
 * Counts the valid signatures `envelope` carries from `role`'s keys in `root` (each key once), the
 * way clients count them; a signature that does not verify is not counted.
 */
export function thresholdProgress(
  root: RootSigned,
  role: RoleName,
  envelope: Envelope<unknown>,
): ThresholdProgress {
  const bytes = canonicalBytes(envelope.signed);
  const { keyids, threshold } = root.roles[role];
  const signed: string[] = [];
  const missing: string[] = [];
  for (const id of keyids) {
    const key = root.keys[id];
    const sig = envelope.signatures.find((s) => s.keyid === id);
    const ok = key !== undefined && sig !== undefined && signatureValid(key, bytes, sig.sig);
    (ok ? signed : missing).push(id);
  }
  return {
    under: `root v${root.version}`,
    role,
    threshold,
    signed,
    missing,
    met: signed.length >= threshold,
  };
}

/**
 * Adds a signature made elsewhere (an HSM, a YubiKey, `openssl pkeyutl`) over the canonical bytes
 * of `envelope.signed`: ECDSA P-256 as DER, Ed25519 as the raw 64 bytes. It is checked before it is
 * added; an earlier signature by the same key is replaced.
 */
export function addDetachedSignature<T>(
  envelope: Envelope<T>,
  key: TufKey,
  signature: Buffer,
): Envelope<T> {
  const keyid = keyIdOf(key);
  const sig = signature.toString('hex');
  if (!signatureValid(key, canonicalBytes(envelope.signed), sig)) {
    throw new TufError(
      'SIGNATURE',
      `the signature does not verify with key ${keyid.slice(0, 16)}… over this document's canonical bytes`,
    );
  }
  return {
    signed: envelope.signed,
    signatures: [...envelope.signatures.filter((s) => s.keyid !== keyid), { keyid, sig }],
  };
}

function signatureValid(key: TufKey, bytes: Buffer, sigHex: string): boolean {
  if (!/^(?:[0-9a-f]{2})+$/.test(sigHex)) return false;
  try {
    const digest = key.keytype === 'ed25519' ? null : 'sha256';
    return verify(digest, bytes, publicKeyOf(key), Buffer.from(sigHex, 'hex'));
  } catch {
    return false;
  }
}
