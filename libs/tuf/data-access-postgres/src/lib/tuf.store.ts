import type { DataSource, EntityManager } from 'typeorm';
import {
  fingerprintOf,
  type MaterialKind,
  type RoleName,
  type TrustMaterial,
} from '@sigstead/util-tuf';

export interface StoredMetadata {
  readonly role: RoleName;
  readonly version: number;
  /** The exact bytes served. */
  readonly body: Buffer;
  readonly expires: Date;
}

/** What a publishing step may read and write, inside one transaction holding the repository lock. */
export interface TufTransaction {
  latest(role: RoleName): Promise<StoredMetadata | null>;
  insertMetadata(metadata: StoredMetadata): Promise<void>;
  /** Stores a target's bytes (idempotent: same name and hash, same bytes). */
  putTarget(name: string, sha256: string, body: Buffer): Promise<void>;
  material(): Promise<TrustMaterial[]>;
}

interface MetadataRow {
  role: RoleName;
  version: number;
  body: Buffer;
  expires: Date;
}

interface MaterialRow {
  kind: MaterialKind;
  url: string;
  der: string[];
  valid_from: Date;
  valid_to: Date | null;
}

// Arbitrary constant key of the advisory lock that serialises publishing across replicas ("tuf").
const REPOSITORY_LOCK_KEY = 0x0074_7566;

/**
 * The TUF repository in PostgreSQL. Reads are plain selects; every write runs through `publish`, one
 * transaction under a transaction-scoped advisory lock, so replicas racing to re-sign see each other's
 * result and produce one version, and a failure leaves nothing half-written.
 */
export class PostgresTufStore {
  private constructor(private readonly ds: DataSource) {}

  static open(ds: DataSource): PostgresTufStore {
    return new PostgresTufStore(ds);
  }

  async latest(role: RoleName): Promise<StoredMetadata | null> {
    return latestIn(this.ds.manager, role);
  }

  async get(role: RoleName, version: number): Promise<Buffer | null> {
    const rows = await this.ds.query<{ body: Buffer }[]>(
      `SELECT body FROM "tuf".metadata WHERE role = $1 AND version = $2`,
      [role, version],
    );
    return rows[0]?.body ?? null;
  }

  /** The newest version and expiry of each role that exists. */
  async heads(): Promise<Map<RoleName, { version: number; expires: Date }>> {
    const rows = await this.ds.query<{ role: RoleName; version: number; expires: Date }[]>(
      `SELECT DISTINCT ON (role) role, version, expires FROM "tuf".metadata
       ORDER BY role, version DESC`,
    );
    return new Map(rows.map((r) => [r.role, { version: r.version, expires: r.expires }]));
  }

  async targetFile(name: string, sha256: string): Promise<Buffer | null> {
    const rows = await this.ds.query<{ body: Buffer }[]>(
      `SELECT body FROM "tuf".target_files WHERE name = $1 AND sha256 = $2`,
      [name, sha256],
    );
    return rows[0]?.body ?? null;
  }

  async material(): Promise<TrustMaterial[]> {
    return materialIn(this.ds.manager);
  }

  /**
   * Records a service's public material. The same material again changes nothing. New material for
   * a kind and URL that already has an open entry replaces it: the old entry's window closes
   * `graceMs` after the new one starts (signatures the old key makes during a rolling restart stay
   * valid); nothing is deleted. Returns whether anything changed.
   */
  async register(m: Omit<TrustMaterial, 'validTo'>, graceMs: number): Promise<boolean> {
    return this.publish(async (_tx, manager) => {
      const fingerprint = fingerprintOf(m);
      const seen = await manager.query<unknown[]>(
        `SELECT 1 FROM "tuf".trust_material WHERE fingerprint = $1`,
        [fingerprint],
      );
      if (seen.length > 0) return false;
      await manager.query(
        `UPDATE "tuf".trust_material
         SET valid_to = GREATEST(valid_from, $3::timestamptz + make_interval(secs => $4::double precision / 1000))
         WHERE kind = $1 AND url = $2 AND valid_to IS NULL`,
        [m.kind, m.url, m.validFrom, graceMs],
      );
      await manager.query(
        `INSERT INTO "tuf".trust_material (kind, url, fingerprint, der, valid_from)
         VALUES ($1, $2, $3, $4::jsonb, $5)`,
        [
          m.kind,
          m.url,
          fingerprint,
          JSON.stringify(m.der.map((d) => d.toString('base64'))),
          m.validFrom,
        ],
      );
      return true;
    });
  }

  /** Runs `fn` in one transaction holding the repository lock. */
  async publish<T>(fn: (tx: TufTransaction, manager: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock($1)`, [REPOSITORY_LOCK_KEY]);
      const tx: TufTransaction = {
        latest: (role) => latestIn(manager, role),
        insertMetadata: async (md) => {
          await manager.query(
            `INSERT INTO "tuf".metadata (role, version, body, expires) VALUES ($1, $2, $3, $4)`,
            [md.role, md.version, md.body, md.expires],
          );
        },
        putTarget: async (name, sha256, body) => {
          await manager.query(
            `INSERT INTO "tuf".target_files (name, sha256, body) VALUES ($1, $2, $3)
             ON CONFLICT DO NOTHING`,
            [name, sha256, body],
          );
        },
        material: () => materialIn(manager),
      };
      return fn(tx, manager);
    });
  }
}

async function latestIn(manager: EntityManager, role: RoleName): Promise<StoredMetadata | null> {
  const rows = await manager.query<MetadataRow[]>(
    `SELECT role, version, body, expires FROM "tuf".metadata WHERE role = $1
     ORDER BY version DESC LIMIT 1`,
    [role],
  );
  const row = rows[0];
  return row ? { ...row, expires: new Date(row.expires) } : null;
}

async function materialIn(manager: EntityManager): Promise<TrustMaterial[]> {
  const rows = await manager.query<MaterialRow[]>(
    `SELECT kind, url, der, valid_from, valid_to FROM "tuf".trust_material ORDER BY id`,
  );
  return rows.map((r) => ({
    kind: r.kind,
    url: r.url,
    der: r.der.map((b) => Buffer.from(b, 'base64')),
    validFrom: new Date(r.valid_from),
    ...(r.valid_to ? { validTo: new Date(r.valid_to) } : {}),
  }));
}
