import { Inject, Injectable, Logger } from '@nestjs/common';
import type { StoredMetadata, TufTransaction } from '@sigstead/data-access-tuf';
import {
  buildRoot,
  buildSnapshot,
  buildTargets,
  buildTimestamp,
  keyIdOf,
  metaFileOf,
  parseEnvelope,
  planOf,
  publishedBytes,
  ROLES,
  signEnvelope,
  tufKeyOf,
  verifyRole,
  verifyRootUpdate,
  type Envelope,
  type MetadataSigner,
  type RoleName,
  type RootSigned,
} from '@sigstead/util-tuf';
import { desiredTargets, storeTargetFiles, targetsMatch } from './desired-targets.js';
import { TufServiceError } from './error.js';
import {
  TUF_KEYS,
  TUF_SETTINGS,
  TUF_STORE,
  type TufKeys,
  type TufSettings,
  type TufStore,
} from './ports.js';

export interface RefreshResult {
  /** Versions published by this run, e.g. `timestamp v12`. */
  readonly published: readonly string[];
  /** Set when the repository waits for an offline ceremony (no root yet, or targets out of date). */
  readonly waitingFor?: 'root' | 'targets';
}

export interface RoleStatus {
  readonly role: RoleName;
  readonly version: number;
  readonly expires: Date;
}

const DAY_MS = 86_400_000;
/** Re-sign root and targets with this much of their lifetime left (365 d → ~60 d), snapshot at a quarter. */
const RENEW_FRACTION: Record<RoleName, number> = {
  root: 1 / 6,
  targets: 1 / 6,
  snapshot: 1 / 4,
  timestamp: 0,
};
const WARN_EVERY_MS = 3_600_000;

/**
 * Publishes and re-signs the repository. Every change happens in `refresh`, one transaction under the
 * repository lock: it reads what is published, decides what is due, signs, checks the result as a
 * client would, and inserts. Replicas running it at the same moment publish one version between them.
 */
@Injectable()
export class TufRepositoryService {
  private readonly log = new Logger('tuf');
  private readonly lastWarning = new Map<string, number>();
  private failures = 0;
  private waitingFor: RefreshResult['waitingFor'];

  constructor(
    @Inject(TUF_STORE) private readonly store: TufStore,
    @Inject(TUF_KEYS) private readonly keys: TufKeys,
    @Inject(TUF_SETTINGS) private readonly settings: TufSettings,
  ) {}

  /** The scheduled job: publishes whatever is due. Errors are counted, logged and rethrown. */
  async refresh(): Promise<RefreshResult> {
    try {
      const result = await this.store.publish((tx) => this.publishDue(tx));
      this.waitingFor = result.waitingFor;
      if (result.published.length > 0) this.log.log(`published ${result.published.join(', ')}`);
      if (result.waitingFor) this.warnWaiting(result.waitingFor);
      await this.warnAboutExpiry();
      return result;
    } catch (err) {
      this.failures += 1;
      throw err;
    }
  }

  async status(): Promise<RoleStatus[]> {
    const heads = await this.store.heads();
    return ROLES.flatMap((role) => {
      const head = heads.get(role);
      return head ? [{ role, ...head }] : [];
    });
  }

  /** Prometheus text: each role's version and expiry, failed runs, and whether a ceremony is due. */
  async metrics(): Promise<string> {
    const status = await this.status();
    const now = this.now().getTime();
    const lines = [
      '# HELP sigstead_tuf_metadata_version Newest published version of each TUF role.',
      '# TYPE sigstead_tuf_metadata_version gauge',
      ...status.map((s) => `sigstead_tuf_metadata_version{role="${s.role}"} ${s.version}`),
      '# HELP sigstead_tuf_metadata_expiry_seconds Seconds until the newest version of each role expires.',
      '# TYPE sigstead_tuf_metadata_expiry_seconds gauge',
      ...status.map(
        (s) =>
          `sigstead_tuf_metadata_expiry_seconds{role="${s.role}"} ${Math.floor((s.expires.getTime() - now) / 1000)}`,
      ),
      '# HELP sigstead_tuf_refresh_failures_total Re-signing runs that failed in this process.',
      '# TYPE sigstead_tuf_refresh_failures_total counter',
      `sigstead_tuf_refresh_failures_total ${this.failures}`,
      '# HELP sigstead_tuf_ceremony_pending 1 while the repository waits for an offline signing ceremony.',
      '# TYPE sigstead_tuf_ceremony_pending gauge',
      `sigstead_tuf_ceremony_pending{role="root"} ${this.waitingFor === 'root' ? 1 : 0}`,
      `sigstead_tuf_ceremony_pending{role="targets"} ${this.waitingFor === 'targets' ? 1 : 0}`,
    ];
    return `${lines.join('\n')}\n`;
  }

  private async publishDue(tx: TufTransaction): Promise<RefreshResult> {
    const published: string[] = [];
    const rootRow = await this.ensureRoot(tx, published);
    if (!rootRow) return { published, waitingFor: 'root' };
    const root = parseEnvelope('root', rootRow.body).signed;
    this.checkOnlineKey(root);

    const targets = await this.publishTargets(tx, root, published);
    if (!targets.row) return { published, waitingFor: 'targets' };
    const snapshot = await this.publishMeta(tx, root, 'snapshot', targets.row, published);
    await this.publishMeta(tx, root, 'timestamp', snapshot, published);
    return { published, waitingFor: targets.stale ? 'targets' : undefined };
  }

  /** Root v1 in `generated` mode; a renewed root (same keys, next version) when it nears expiry. */
  private async ensureRoot(
    tx: TufTransaction,
    published: string[],
  ): Promise<StoredMetadata | null> {
    const current = await tx.latest('root');
    const { root: rootKey, targets: targetsKey, online } = this.keys;
    if (!rootKey || !targetsKey) return current;
    if (!current) {
      const one = (s: MetadataSigner) => ({ keys: [tufKeyOf(s.publicKey)], threshold: 1 });
      const signed = buildRoot({
        version: 1,
        expires: this.expiresFrom('root'),
        roles: {
          root: one(rootKey),
          targets: one(targetsKey),
          snapshot: one(online),
          timestamp: one(online),
        },
      });
      const envelope = await signEnvelope(signed, [rootKey]);
      verifyRole(signed, 'root', envelope);
      return this.insert(tx, 'root', envelope, published);
    }
    if (!this.due(current, 'root')) return current;
    const previous = parseEnvelope('root', current.body).signed;
    const signed = buildRoot({
      version: previous.version + 1,
      expires: this.expiresFrom('root'),
      roles: planOf(previous),
    });
    const envelope = await signEnvelope(signed, [rootKey]);
    verifyRootUpdate(previous, envelope);
    return this.insert(tx, 'root', envelope, published);
  }

  /**
   * Targets from the registered trust material. In `generated` mode a change (or nearing expiry)
   * publishes the next version; in `offline` mode it is reported as a pending ceremony.
   */
  private async publishTargets(
    tx: TufTransaction,
    root: RootSigned,
    published: string[],
  ): Promise<{ row: StoredMetadata | null; stale: boolean }> {
    const desired = await desiredTargets(tx, this.settings.operator);
    const current = await tx.latest('targets');
    const currentSigned = current ? parseEnvelope('targets', current.body).signed : undefined;
    const changed = !targetsMatch(currentSigned, desired);
    const signer = this.keys.targets;
    if (!signer) return { row: current, stale: changed };
    if (
      current &&
      !changed &&
      !this.due(current, 'targets') &&
      this.validFor(root, 'targets', current)
    ) {
      return { row: current, stale: false };
    }
    await storeTargetFiles(tx, desired);
    const signed = buildTargets(
      (currentSigned?.version ?? 0) + 1,
      this.expiresFrom('targets'),
      desired.entries,
    );
    const envelope = await signEnvelope(signed, [signer]);
    verifyRole(root, 'targets', envelope);
    return { row: await this.insert(tx, 'targets', envelope, published), stale: false };
  }

  /** Snapshot over the newest targets, or timestamp over the newest snapshot, when due. */
  private async publishMeta(
    tx: TufTransaction,
    root: RootSigned,
    role: 'snapshot' | 'timestamp',
    over: StoredMetadata,
    published: string[],
  ): Promise<StoredMetadata> {
    const current = await tx.latest(role);
    if (current && this.validFor(root, role, current) && !this.due(current, role)) {
      const meta =
        role === 'snapshot'
          ? parseEnvelope('snapshot', current.body).signed.meta['targets.json']
          : parseEnvelope('timestamp', current.body).signed.meta['snapshot.json'];
      if (meta.version === over.version) return current;
    }
    const version = (current?.version ?? 0) + 1;
    const file = metaFileOf(over.version, over.body);
    const expires = this.expiresFrom(role);
    const signed =
      role === 'snapshot'
        ? buildSnapshot(version, expires, file)
        : buildTimestamp(version, expires, file);
    const envelope = await signEnvelope(signed, [this.keys.online]);
    verifyRole(root, role, envelope);
    return this.insert(tx, role, envelope, published);
  }

  private async insert(
    tx: TufTransaction,
    role: RoleName,
    envelope: Envelope<{ version: number; expires: string }>,
    published: string[],
  ): Promise<StoredMetadata> {
    const row: StoredMetadata = {
      role,
      version: envelope.signed.version,
      body: publishedBytes(envelope),
      expires: new Date(envelope.signed.expires),
    };
    // What we publish must parse as clients parse it.
    parseEnvelope(role, row.body);
    await tx.insertMetadata(row);
    published.push(`${role} v${row.version}`);
    return row;
  }

  /** Whether published metadata still verifies under the current root (online key rotations). */
  private validFor(root: RootSigned, role: RoleName, row: StoredMetadata): boolean {
    try {
      verifyRole(root, role, parseEnvelope(role, row.body));
      return true;
    } catch {
      return false;
    }
  }

  private checkOnlineKey(root: RootSigned): void {
    const id = keyIdOf(tufKeyOf(this.keys.online.publicKey));
    for (const role of ['snapshot', 'timestamp'] as const) {
      if (!root.roles[role].keyids.includes(id)) {
        throw new TufServiceError(
          'MISCONFIGURED',
          `root v${root.version} does not list this server's online key (${id.slice(0, 16)}…) for ${role}; ` +
            'sign a new root version that does (sigstead tuf root) or configure tuf.onlineKeyFile',
        );
      }
    }
  }

  private warnWaiting(role: 'root' | 'targets'): void {
    this.warnHourly(
      `waiting:${role}`,
      role === 'root'
        ? 'no root published yet: the repository serves nothing until an offline root ceremony publishes one (or set tuf.keys: generated)'
        : 'the trust material changed: targets wait for an offline signing ceremony; clients still get the previous trust root',
    );
  }

  /** Logs `message` unless a warning under `key` was logged in the last hour. */
  private warnHourly(key: string, message: string): void {
    const now = this.now().getTime();
    if (now - (this.lastWarning.get(key) ?? 0) < WARN_EVERY_MS) return;
    this.lastWarning.set(key, now);
    this.log.warn(message);
  }

  /** Whether `row` should be re-signed now. */
  private due(row: StoredMetadata, role: RoleName): boolean {
    const lifetime = this.settings.expiry[role] * 1000;
    const remaining = row.expires.getTime() - this.now().getTime();
    const renewAt =
      role === 'timestamp'
        ? lifetime - this.settings.timestampRefresh * 1000
        : lifetime * RENEW_FRACTION[role];
    return remaining <= renewAt;
  }

  /** Logs (at most hourly per role) when a role is close to expiry: the timestamp below 3 days (or half its life). */
  private async warnAboutExpiry(): Promise<void> {
    const now = this.now().getTime();
    for (const s of await this.status()) {
      const lifetime = this.settings.expiry[s.role] * 1000;
      const warnBelow =
        s.role === 'timestamp'
          ? Math.min(3 * DAY_MS, lifetime / 2)
          : lifetime * RENEW_FRACTION[s.role];
      const remaining = s.expires.getTime() - now;
      if (remaining > warnBelow) continue;
      const offline =
        (s.role === 'root' && !this.keys.root) || (s.role === 'targets' && !this.keys.targets);
      this.warnHourly(
        s.role,
        remaining <= 0
          ? `${s.role} v${s.version} expired at ${s.expires.toISOString()}: clients refuse this repository`
          : `${s.role} v${s.version} expires at ${s.expires.toISOString()}` +
              (offline ? `; sign a new ${s.role} version (sigstead tuf ${s.role})` : ''),
      );
    }
  }

  private expiresFrom(role: RoleName): Date {
    return new Date(this.now().getTime() + this.settings.expiry[role] * 1000);
  }

  private now(): Date {
    return this.settings.now?.() ?? new Date();
  }
}
