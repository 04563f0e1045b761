import type { StoredMetadata, TufTransaction } from '@sigstead/data-access-tuf';
import {
  buildTargets,
  expiresAt,
  parseEnvelope,
  publishedBytes,
  thresholdProgress,
  TufError,
  verifyRole,
  verifyRootUpdate,
  type Envelope,
  type RootSigned,
  type TargetsSigned,
  type ThresholdProgress,
  type TufErrorCode,
} from '@sigstead/util-tuf';
import { desiredTargets, storeTargetFiles, targetsMatch } from './desired-targets.js';
import { TufServiceError } from './error.js';
import type { TufStore } from './ports.js';

/** What a publish (or a dry run) found about a signed root or targets document. */
export interface CeremonyReport {
  readonly role: 'root' | 'targets';
  readonly version: number;
  readonly expires: Date;
  /** One entry per root whose threshold the document must meet (old and new, for a root). */
  readonly progress: readonly ThresholdProgress[];
  /** Set when the document cannot be published as it is. */
  readonly problem?: CeremonyProblem;
}

export interface CeremonyProblem {
  readonly code: TufErrorCode;
  readonly message: string;
}

export interface CeremonyOptions {
  readonly operator: string;
  readonly now?: () => Date;
}

/**
 * The offline ceremonies' side of the repository: drafts of the next targets from the registered
 * trust material, and publishing of root and targets versions signed elsewhere. A document is
 * checked as a client would check it (versions, both thresholds of a root update, expiry) and as
 * the repository would (targets list exactly what the trust material makes) before it is stored, in
 * one transaction under the repository lock. Snapshot and timestamp follow from the servers' job.
 */
export class TufCeremony {
  constructor(
    private readonly store: Pick<TufStore, 'publish'>,
    private readonly options: CeremonyOptions,
  ) {}

  /** The newest published root, if any. */
  async currentRoot(): Promise<RootSigned | undefined> {
    return this.store.publish(async (tx) => rootIn(tx));
  }

  /**
   * The unsigned next targets version listing what the registered material makes now; `changed` is
   * false when that equals the published targets (a renewal only moves `expires`).
   */
  async draftTargets(
    expires: Date,
  ): Promise<{ readonly signed: TargetsSigned; readonly changed: boolean }> {
    return this.store.publish(async (tx) => {
      const desired = await desiredTargets(tx, this.options.operator);
      const current = await tx.latest('targets');
      const currentSigned = current ? parseEnvelope('targets', current.body).signed : undefined;
      return {
        signed: buildTargets((current?.version ?? 0) + 1, expires, desired.entries),
        changed: !targetsMatch(currentSigned, desired),
      };
    });
  }

  /**
   * Checks signed root and targets versions and stores them, in order, in one transaction: all of
   * them or none. A root whose targets keys changed goes together with a targets version signed by
   * the new keys, or clients would refuse the published targets. With `dryRun` nothing is stored.
   * A report with a `problem` means nothing was published.
   */
  async publish(
    files: readonly Buffer[],
    options: { readonly dryRun?: boolean } = {},
  ): Promise<CeremonyReport[]> {
    const reports: CeremonyReport[] = [];
    try {
      await this.store.publish(async (tx) => {
        for (const bytes of files) {
          const { report, store } = await this.review(tx, bytes);
          reports.push(report);
          if (report.problem) throw new Rollback();
          await store();
        }
        const rootAt = reports.map((r) => r.role).lastIndexOf('root');
        const orphaned = rootAt >= 0 ? await orphanedTargets(tx) : undefined;
        if (orphaned) {
          reports[rootAt] = { ...reports[rootAt]!, problem: orphaned };
          throw new Rollback();
        }
        if (options.dryRun) throw new Rollback();
      });
    } catch (err) {
      if (!(err instanceof Rollback)) throw err;
    }
    return reports;
  }

  private async review(
    tx: TufTransaction,
    bytes: Buffer,
  ): Promise<{ report: CeremonyReport; store: () => Promise<void> }> {
    const role = ceremonyRoleOf(bytes);
    const envelope = parseEnvelope(role, bytes);
    const signed = envelope.signed;
    const expires = expiresAt(signed);
    const base = { role, version: signed.version, expires };
    const row: StoredMetadata = {
      role,
      version: signed.version,
      body: publishedBytes(envelope),
      expires,
    };
    const expired: CeremonyProblem | undefined =
      expires.getTime() <= this.now().getTime()
        ? { code: 'EXPIRED', message: `${role} v${signed.version} has expired` }
        : undefined;
    const current = await rootIn(tx);

    if (role === 'root') {
      const root = envelope as Envelope<RootSigned>;
      const progress = [
        ...(current ? [thresholdProgress(current, 'root', root)] : []),
        thresholdProgress(root.signed, 'root', root),
      ];
      const expected = (current?.version ?? 0) + 1;
      const problem: CeremonyProblem | undefined =
        signed.version !== expected
          ? {
              code: 'VERSION',
              message: `root version must be ${expected} (the published root is ${current ? `v${current.version}` : 'missing'})`,
            }
          : (expired ?? unmet(progress));
      if (!problem) {
        // The same checks clients run on the update, as a last guard.
        if (current) verifyRootUpdate(current, root);
        else verifyRole(root.signed, 'root', root);
      }
      return { report: { ...base, progress, problem }, store: () => tx.insertMetadata(row) };
    }

    if (!current) {
      return {
        report: {
          ...base,
          progress: [],
          problem: { code: 'VERSION', message: 'publish a root before targets' },
        },
        store: () => Promise.resolve(),
      };
    }
    const targets = envelope as Envelope<TargetsSigned>;
    const progress = [thresholdProgress(current, 'targets', targets)];
    const published = await tx.latest('targets');
    const desired = await desiredTargets(tx, this.options.operator);
    let problem: CeremonyProblem | undefined;
    if (published && signed.version <= published.version) {
      problem = {
        code: 'VERSION',
        message: `targets version must be above the published v${published.version}`,
      };
    } else if (!targetsMatch(targets.signed, desired)) {
      problem = {
        code: 'INVALID_MATERIAL',
        message:
          'these targets differ from what the registered trust material makes now ' +
          '(it changed since the draft, or the file was edited): draft, sign and publish again',
      };
    } else {
      problem = expired ?? unmet(progress);
    }
    if (!problem) verifyRole(current, 'targets', targets);
    return {
      report: { ...base, progress, problem },
      store: async () => {
        await storeTargetFiles(tx, desired);
        await tx.insertMetadata(row);
      },
    };
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }
}

/** Thrown inside the transaction to undo it (a dry run, or a refused document). */
class Rollback extends Error {}

/** The problem, if the published targets no longer meet the threshold of the newest root. */
async function orphanedTargets(tx: TufTransaction): Promise<CeremonyProblem | undefined> {
  const root = await rootIn(tx);
  const targets = await tx.latest('targets');
  if (!root || !targets) return undefined;
  const progress = thresholdProgress(root, 'targets', parseEnvelope('targets', targets.body));
  if (progress.met) return undefined;
  return {
    code: 'THRESHOLD',
    message:
      `the published targets v${targets.version} would not meet the targets threshold of root ` +
      `v${root.version} (${progress.signed.length} of ${progress.threshold}): publish this root ` +
      'together with a targets version its targets keys signed (tuf publish ROOT TARGETS)',
  };
}

async function rootIn(tx: Pick<TufTransaction, 'latest'>): Promise<RootSigned | undefined> {
  const row = await tx.latest('root');
  return row ? parseEnvelope('root', row.body).signed : undefined;
}

/** The role of a metadata file a ceremony signs and publishes: root or targets, nothing else. */
export function ceremonyRoleOf(bytes: Buffer): 'root' | 'targets' {
  let type: unknown;
  try {
    type = (JSON.parse(bytes.toString()) as { signed?: { _type?: unknown } }).signed?._type;
  } catch (err) {
    throw new TufError('INVALID_METADATA', 'not a JSON metadata file', { cause: err });
  }
  if (type === 'root' || type === 'targets') return type;
  if (type === 'snapshot' || type === 'timestamp') {
    throw new TufServiceError(
      'BAD_REQUEST',
      `${type} is signed by the servers' online key and published by their job, not by a ceremony`,
    );
  }
  throw new TufError('INVALID_METADATA', `unknown metadata type ${JSON.stringify(type)}`);
}

function unmet(progress: readonly ThresholdProgress[]): CeremonyProblem | undefined {
  const short = progress.filter((p) => !p.met);
  if (short.length === 0) return undefined;
  const message = short
    .map((p) => `${p.role} keys of ${p.under}: ${p.signed.length} of ${p.threshold} signatures`)
    .join('; ');
  return { code: 'THRESHOLD', message: `not enough signatures: ${message}` };
}
