import type { DataSource } from 'typeorm';
import {
  createTlogMigration,
  createTlogSealMigration,
  TransparencyLog,
  type TlogMigrationClass,
} from '@sigstead/data-access-tlog';
import type { CtLogStore, NewCtEntry, StoredCtEntry } from './ports.js';

/** The CT log's tables live in their own schema, created by these reviewed migrations. */
export const CT_LOG_SCHEMA = 'ctlog';
export const CtLogMigrations: readonly TlogMigrationClass[] = [
  createTlogMigration(CT_LOG_SCHEMA, 'CtLogInit1763769600000'),
  // The log keeps the SCT signature in `extra`; the seal column stays empty.
  createTlogSealMigration(CT_LOG_SCHEMA, 'CtLogSeal1795305600000'),
];

/**
 * CtLogStore over the shared tile log engine. The engine's `extra` column carries the SCT signature
 * (so duplicates get the original SCT) followed by the RFC 6962 extra_data.
 */
export class PostgresCtLogStore implements CtLogStore {
  private constructor(private readonly log: TransparencyLog) {}

  static async open(dataSource: DataSource): Promise<PostgresCtLogStore> {
    const log = new TransparencyLog(dataSource, { schema: CT_LOG_SCHEMA });
    await log.init();
    return new PostgresCtLogStore(log);
  }

  async append(entry: NewCtEntry): Promise<StoredCtEntry> {
    const res = await this.log.append({
      identity: entry.identity,
      leafData: entry.leafInput,
      extra: packExtra(entry.sctSignature, entry.extraData),
    });
    const { sctSignature } = unpackExtra(res.extra);
    return { index: res.index, duplicate: res.duplicate, leafInput: res.leafData, sctSignature };
  }

  async treeHead() {
    const head = await this.log.getTreeHead();
    return { size: head.size, rootHash: head.rootHash };
  }

  async consistencyProof(first: bigint, second: bigint): Promise<Buffer[]> {
    return (await this.log.consistencyProof(first, second)).hashes;
  }

  async inclusionProofByLeafHash(leafHash: Buffer, treeSize: bigint) {
    const proof = await this.log.inclusionProofByLeafHash(leafHash, treeSize);
    return { index: proof.index, path: proof.hashes };
  }

  async inclusionProof(index: bigint, treeSize: bigint): Promise<Buffer[]> {
    return (await this.log.inclusionProof(index, treeSize)).hashes;
  }

  async entries(start: bigint, end: bigint) {
    const rows = await this.log.getLeaves(start, end);
    return rows.map((r) => ({ leafInput: r.leafData, extraData: unpackExtra(r.extra).extraData }));
  }

  close(): Promise<void> {
    return this.log.close();
  }
}

function packExtra(sctSignature: Buffer, extraData: Buffer): Buffer {
  const len = Buffer.alloc(2);
  len.writeUInt16BE(sctSignature.length);
  return Buffer.concat([len, sctSignature, extraData]);
}

function unpackExtra(extra: Buffer | null): { sctSignature: Buffer; extraData: Buffer } {
  if (!extra || extra.length < 2) throw new Error('stored CT entry lacks its SCT');
  const len = extra.readUInt16BE(0);
  return { sctSignature: extra.subarray(2, 2 + len), extraData: extra.subarray(2 + len) };
}
