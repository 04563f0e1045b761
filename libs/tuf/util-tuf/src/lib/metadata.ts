import { createHash } from 'node:crypto';
import { Metadata, MetadataKind } from '@tufjs/models';
import { TufError } from './error.js';
import { canonicalBytes, tufTime } from './json.js';
import { keyIdOf, tufKeyOf, type MetadataSigner, type TufKey } from './keys.js';

/** What go-tuf v2 writes; every client checks only the major version. */
export const SPEC_VERSION = '1.0.31';

export const ROLES = ['root', 'targets', 'snapshot', 'timestamp'] as const;
export type RoleName = (typeof ROLES)[number];

export interface RoleKeys {
  readonly keyids: readonly string[];
  readonly threshold: number;
}

interface Common<T extends RoleName> {
  readonly _type: T;
  readonly spec_version: string;
  readonly version: number;
  readonly expires: string;
}

export interface RootSigned extends Common<'root'> {
  readonly consistent_snapshot: true;
  readonly keys: Readonly<Record<string, TufKey>>;
  readonly roles: Readonly<Record<RoleName, RoleKeys>>;
}

/** `custom.sigstore` on legacy targets: what older cosign, Kyverno and policy-controller select by. */
export interface SigstoreCustom {
  readonly usage: 'Fulcio' | 'Rekor' | 'CTFE' | 'TSA' | 'Unknown';
  readonly status: 'Active' | 'Expired';
  readonly uri?: string;
}

export interface TargetFileInfo {
  readonly length: number;
  /** One hash only: go-tuf v2 picks any listed hash at random for the file name (spec tuf.md rule 2). */
  readonly hashes: { readonly sha256: string };
  readonly custom?: { readonly sigstore: SigstoreCustom };
}

export interface TargetsSigned extends Common<'targets'> {
  readonly targets: Readonly<Record<string, TargetFileInfo>>;
}

export interface MetaFileInfo {
  readonly version: number;
  readonly length: number;
  readonly hashes: { readonly sha256: string };
}

export interface SnapshotSigned extends Common<'snapshot'> {
  readonly meta: { readonly 'targets.json': MetaFileInfo };
}

export interface TimestampSigned extends Common<'timestamp'> {
  readonly meta: { readonly 'snapshot.json': MetaFileInfo };
}

export interface SignedByRole {
  readonly root: RootSigned;
  readonly targets: TargetsSigned;
  readonly snapshot: SnapshotSigned;
  readonly timestamp: TimestampSigned;
}

export interface TufSignature {
  readonly keyid: string;
  readonly sig: string;
}

export interface Envelope<T> {
  readonly signed: T;
  readonly signatures: readonly TufSignature[];
}

export interface RolePlan {
  readonly keys: readonly TufKey[];
  readonly threshold: number;
}

export interface RootPlan {
  readonly version: number;
  readonly expires: Date;
  readonly roles: Readonly<Record<RoleName, RolePlan>>;
}

/** A root from its role keys and thresholds; the key map is the union of every role's keys. */
export function buildRoot(plan: RootPlan): RootSigned {
  const keys: Record<string, TufKey> = {};
  const roles = {} as Record<RoleName, RoleKeys>;
  for (const role of ROLES) {
    const { keys: roleKeys, threshold } = plan.roles[role];
    const keyids = [...new Set(roleKeys.map(keyIdOf))].sort();
    if (keyids.length !== roleKeys.length) {
      throw new TufError('INVALID_METADATA', `${role}: the same key is listed twice`);
    }
    if (!Number.isInteger(threshold) || threshold < 1 || threshold > keyids.length) {
      throw new TufError(
        'INVALID_METADATA',
        `${role}: threshold ${threshold} needs between 1 and ${keyids.length} keys`,
      );
    }
    for (const key of roleKeys) keys[keyIdOf(key)] = copyKey(key);
    roles[role] = { keyids, threshold };
  }
  return {
    _type: 'root',
    spec_version: SPEC_VERSION,
    version: checkVersion(plan.version),
    expires: tufTime(plan.expires),
    // Consistent snapshots: every N.root.json, N.snapshot.json, N.targets.json and hashed target stay.
    consistent_snapshot: true,
    keys,
    roles,
  };
}

/** The role plan a root encodes (to derive the next root from it). */
export function planOf(root: RootSigned): Record<RoleName, RolePlan> {
  const out = {} as Record<RoleName, RolePlan>;
  for (const role of ROLES) {
    const r = root.roles[role];
    out[role] = {
      keys: r.keyids.map((id) => {
        const key = root.keys[id];
        if (!key) throw new TufError('INVALID_METADATA', `root lists unknown key ${id}`);
        return key;
      }),
      threshold: r.threshold,
    };
  }
  return out;
}

export function buildTargets(
  version: number,
  expires: Date,
  targets: Readonly<Record<string, TargetFileInfo>>,
): TargetsSigned {
  return {
    _type: 'targets',
    spec_version: SPEC_VERSION,
    version: checkVersion(version),
    expires: tufTime(expires),
    targets,
  };
}

export function buildSnapshot(
  version: number,
  expires: Date,
  targets: MetaFileInfo,
): SnapshotSigned {
  return {
    _type: 'snapshot',
    spec_version: SPEC_VERSION,
    version: checkVersion(version),
    expires: tufTime(expires),
    meta: { 'targets.json': targets },
  };
}

export function buildTimestamp(
  version: number,
  expires: Date,
  snapshot: MetaFileInfo,
): TimestampSigned {
  return {
    _type: 'timestamp',
    spec_version: SPEC_VERSION,
    version: checkVersion(version),
    expires: tufTime(expires),
    meta: { 'snapshot.json': snapshot },
  };
}

/** Length and SHA-256 of exact bytes: what target entries and snapshot/timestamp meta record. */
export function targetFileOf(bytes: Buffer, custom?: SigstoreCustom): TargetFileInfo {
  return {
    length: bytes.length,
    hashes: { sha256: sha256Hex(bytes) },
    ...(custom ? { custom: { sigstore: custom } } : {}),
  };
}

export function metaFileOf(version: number, bytes: Buffer): MetaFileInfo {
  return { version, length: bytes.length, hashes: { sha256: sha256Hex(bytes) } };
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Adds each signer's signature over the canonical JSON of `signed`, replacing an earlier one by the
 * same key (a key holder signing twice); other holders' signatures are kept.
 */
export async function addSignatures<T>(
  envelope: Envelope<T>,
  signers: readonly MetadataSigner[],
): Promise<Envelope<T>> {
  const bytes = canonicalBytes(envelope.signed);
  const byKey = new Map(envelope.signatures.map((s) => [s.keyid, s]));
  for (const signer of signers) {
    const keyid = keyIdOf(tufKeyOf(signer.publicKey));
    byKey.set(keyid, { keyid, sig: (await signer.sign(bytes)).toString('hex') });
  }
  return { signed: envelope.signed, signatures: [...byKey.values()] };
}

export function signEnvelope<T>(
  signed: T,
  signers: readonly MetadataSigner[],
): Promise<Envelope<T>> {
  return addSignatures({ signed, signatures: [] }, signers);
}

const KINDS = {
  root: MetadataKind.Root,
  targets: MetadataKind.Targets,
  snapshot: MetadataKind.Snapshot,
  timestamp: MetadataKind.Timestamp,
} as const;

/**
 * Parses a metadata file of `role` and checks it the way clients will: @tufjs/models' own parser, an
 * `expires` without fractions, and no field a client would fill in on re-serialization.
 */
export function parseEnvelope<R extends RoleName>(
  role: R,
  bytes: Buffer | string,
): Envelope<SignedByRole[R]> {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString());
  } catch (err) {
    throw new TufError('INVALID_METADATA', `${role}: not JSON`, { cause: err });
  }
  try {
    Metadata.fromJSON(
      KINDS[role] as MetadataKind.Root,
      json as Parameters<typeof Metadata.fromJSON>[1],
    );
  } catch (err) {
    throw new TufError('INVALID_METADATA', `${role}: ${(err as Error).message}`, { cause: err });
  }
  const envelope = json as Envelope<SignedByRole[R]>;
  if (envelope.signed._type !== role) {
    throw new TufError(
      'INVALID_METADATA',
      `expected ${role} metadata, got ${String(envelope.signed._type)}`,
    );
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(envelope.signed.expires)) {
    throw new TufError('INVALID_METADATA', `${role}: expires must be YYYY-MM-DDTHH:MM:SSZ`);
  }
  if (role === 'root' && (envelope.signed as RootSigned).consistent_snapshot !== true) {
    throw new TufError('INVALID_METADATA', 'root: consistent_snapshot must be true');
  }
  const ids = envelope.signatures.map((s) => s.keyid);
  if (new Set(ids).size !== ids.length) {
    throw new TufError('INVALID_METADATA', `${role}: a key ID appears twice in signatures`);
  }
  return envelope;
}

/** Throws THRESHOLD unless `envelope` carries a threshold of valid signatures by `role`'s keys in `root`. */
export function verifyRole(root: RootSigned, role: RoleName, envelope: Envelope<unknown>): void {
  const delegator = Metadata.fromJSON(MetadataKind.Root, { signed: root, signatures: [] } as never);
  const delegate = Metadata.fromJSON(KINDS[role] as MetadataKind.Root, envelope as never);
  try {
    delegator.verifyDelegate(role, delegate);
  } catch (err) {
    throw new TufError(
      'THRESHOLD',
      `${role} v${delegate.signed.version}: ${(err as Error).message}`,
      {
        cause: err,
      },
    );
  }
}

/**
 * A root update as clients apply it (TUF 5.3.4–5.3.5): exactly the next version, signed by a threshold
 * of the current root's root keys and a threshold of its own.
 */
export function verifyRootUpdate(current: RootSigned, next: Envelope<RootSigned>): void {
  if (next.signed.version !== current.version + 1) {
    throw new TufError(
      'VERSION',
      `root version must be ${current.version + 1} (got ${next.signed.version})`,
    );
  }
  verifyRole(current, 'root', next);
  verifyRole(next.signed, 'root', next);
}

export function expiresAt(signed: { readonly expires: string }): Date {
  return new Date(signed.expires);
}

function checkVersion(version: number): number {
  if (!Number.isInteger(version) || version < 1 || version > 2 ** 31 - 1) {
    throw new TufError('VERSION', `invalid version ${version}`);
  }
  return version;
}

function copyKey(key: TufKey): TufKey {
  return { keytype: key.keytype, scheme: key.scheme, keyval: { public: key.keyval.public } };
}
