import type { TufTransaction } from '@sigstead/data-access-tuf';
import {
  canonicalBytes,
  sigstoreTargets,
  targetFileOf,
  type TargetContent,
  type TargetFileInfo,
  type TargetsSigned,
} from '@sigstead/util-tuf';

/** The target files the registered trust material makes, and their entries in targets metadata. */
export interface DesiredTargets {
  readonly files: readonly TargetContent[];
  readonly entries: Readonly<Record<string, TargetFileInfo>>;
}

export async function desiredTargets(
  tx: Pick<TufTransaction, 'material'>,
  operator: string,
): Promise<DesiredTargets> {
  const files = sigstoreTargets(await tx.material(), { operator });
  const entries: Record<string, TargetFileInfo> = {};
  for (const t of files) entries[t.name] = targetFileOf(t.bytes, t.custom);
  return { files, entries };
}

/** Whether `signed` lists exactly the desired files (names, lengths, hashes, custom fields). */
export function targetsMatch(signed: TargetsSigned | undefined, desired: DesiredTargets): boolean {
  return (
    signed !== undefined && canonicalBytes(signed.targets).equals(canonicalBytes(desired.entries))
  );
}

/** Stores the files of `desired` (idempotent), before targets metadata naming them is inserted. */
export async function storeTargetFiles(
  tx: Pick<TufTransaction, 'putTarget'>,
  desired: DesiredTargets,
): Promise<void> {
  for (const t of desired.files) {
    await tx.putTarget(t.name, desired.entries[t.name]!.hashes.sha256, t.bytes);
  }
}
