import { Inject, Injectable } from '@nestjs/common';
import type { Signer } from '@sigstead/data-access-keys';
import type { LogEntry } from '@sigstead/data-access-tlog';
import { fromBase64 } from '@sigstead/util-encoding';
import { hashLeaf } from '@sigstead/util-merkle';
import {
  entryId,
  parseEntryId,
  parseVerifier,
  RekorError,
  signCheckpoint,
  verifierHash,
} from '@sigstead/util-rekor';
import { RekorServiceError } from './error.js';
import {
  ENTRY_VALIDATOR,
  REKOR_SETTINGS,
  REKOR_SIGNER,
  REKOR_STORE,
  type EntryValidator,
  type RekorSettings,
  type RekorStore,
} from './ports.js';
import { logIdOf, signSet } from './entry-seal.js';
import { asciiJsonString, logEntryText } from './entry-text.js';
import { keyed, type LogEntryJson, type RenderedEntry } from './log-entry.js';
import { SignedCache } from './signed-cache.js';

const MAX_RETRIEVE = 10;
const MAX_SEARCH_RESULTS = 10_000;
const HEAD_TTL_MS = 200;
const MAX_CACHED_SETS = 4096;

/** The Rekor v1 API over the shared tile log: writes, reads, proofs, search. */
@Injectable()
export class RekorService {
  readonly logId: string;
  /** One signed checkpoint per tree size (every entry of a batch shares it); the last few are kept. */
  private readonly checkpoints = new SignedCache<bigint>(64);
  /** JSON literals of the checkpoints above, for `entryText`. */
  private readonly checkpointLiterals = new Map<string, string>();
  /**
   * SETs signed on reads of entries stored without one (before SETs were stored with entries): a
   * SET never changes, so such reads need not sign again.
   */
  private readonly sets = new SignedCache<bigint>(MAX_CACHED_SETS);
  /** The tree head reads prove against, re-read at most every HEAD_TTL_MS. */
  private head: { size: bigint; readAt: number } | undefined;

  constructor(
    @Inject(REKOR_STORE) private readonly store: RekorStore,
    @Inject(REKOR_SIGNER) private readonly signer: Signer,
    @Inject(REKOR_SETTINGS) private readonly settings: RekorSettings,
    @Inject(ENTRY_VALIDATOR) private readonly validator: EntryValidator,
  ) {
    this.logId = logIdOf(signer);
  }

  get origin(): string {
    return `${this.settings.hostname} - ${this.settings.treeId}`;
  }

  /** `POST /api/v1/log/entries`: validates, appends (or finds) and answers with proof and SET. */
  async createEntry(proposed: unknown): Promise<RenderedEntry> {
    const canonical = await this.validator.validate(proposed);
    const leafHash = hashLeaf(canonical.body);
    const result = await this.store.append(canonical, leafHash);
    if (result.duplicate) {
      const id = entryId(this.settings.treeId, result.leafHash);
      throw new RekorServiceError(
        'CONFLICT',
        `an equivalent entry already exists in the transparency log with UUID ${id}`,
        { Location: this.location(id) },
      );
    }
    return await this.render(result, result.treeSize);
  }

  /** An entry reply as ASCII JSON text (what the direct routes send; see entry-text.ts). */
  entryText(entry: RenderedEntry): string {
    return logEntryText([entry], (checkpoint) => {
      let literal = this.checkpointLiterals.get(checkpoint);
      if (literal === undefined) {
        literal = asciiJsonString(checkpoint);
        this.checkpointLiterals.set(checkpoint, literal);
        if (this.checkpointLiterals.size > 64) {
          this.checkpointLiterals.delete(this.checkpointLiterals.keys().next().value!);
        }
      }
      return literal;
    });
  }

  location(id: string): string {
    return `/api/v1/log/entries/${id}`;
  }

  async logInfo() {
    const head = await this.store.log.getTreeHead();
    return {
      rootHash: head.rootHash.toString('hex'),
      treeSize: Number(head.size),
      signedTreeHead: await this.checkpoint(head.size, head.rootHash),
      treeID: this.settings.treeId.toString(),
    };
  }

  publicKeyPem(treeId?: unknown): string {
    this.checkTreeId(treeId);
    return this.signer.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  }

  async consistencyProof(firstSize: unknown, lastSize: unknown, treeId: unknown) {
    this.checkTreeId(treeId);
    // firstSize has a default, which an empty value takes too (as go-openapi binds it).
    const first =
      firstSize === undefined || firstSize === ''
        ? 1n
        : int64Param(firstSize, 'firstSize', 'query', 1n);
    const last = int64Param(lastSize, 'lastSize', 'query', 1n);
    if (first > last)
      throw bad(`firstSize(${first}) must be less than or equal to lastSize(${last})`);
    const head = await this.store.log.getTreeHead();
    if (last > head.size) throw bad(`lastSize(${last}) is greater than the current tree size`);
    const proof = await this.store.log.consistencyProof(first, last);
    const root = await this.store.log.rootAt(last);
    return { rootHash: root.toString('hex'), hashes: hexEach(proof.hashes) };
  }

  async entryByIndex(logIndex: unknown): Promise<RenderedEntry> {
    const index = int64Param(logIndex, 'logIndex', 'query', 0n);
    const entry = await this.store.getByIndex(index);
    if (!entry) throw new RekorServiceError('NOT_FOUND', `no entry at log index ${index}`);
    return await this.renderCurrent(entry);
  }

  async entryById(id: string): Promise<RenderedEntry> {
    const entry = await this.findById(id);
    if (!entry) throw new RekorServiceError('NOT_FOUND', 'entry not found');
    return await this.renderCurrent(entry);
  }

  /** `POST /api/v1/log/entries/retrieve`: found entries in query order; misses are left out. */
  async retrieve(body: unknown): Promise<LogEntryJson[]> {
    const q = object(body);
    const uuids = list(q['entryUUIDs'], 'entryUUIDs');
    const indexes = list(q['logIndexes'], 'logIndexes');
    const entries = list(q['entries'], 'entries');
    if (uuids.length + indexes.length + entries.length > MAX_RETRIEVE) {
      throw new RekorServiceError(
        'TOO_MANY',
        `at most ${MAX_RETRIEVE} queries may be sent at once`,
      );
    }
    const found: (LogEntry | null)[] = [];
    for (const [k, u] of uuids.entries()) {
      if (typeof u !== 'string') throw bad('entryUUIDs must be strings');
      found.push(await this.findById(u, `entryUUIDs.${k}`, 'body'));
    }
    for (const [k, i] of indexes.entries()) {
      if (typeof i !== 'number' || !Number.isSafeInteger(i))
        throw bad('logIndexes must be integers');
      const index = int64Param(i, `logIndexes.${k}`, 'body', 0n);
      found.push(await this.store.getByIndex(index));
    }
    for (const e of entries) {
      found.push(await this.store.getByLeafHash(hashLeaf((await this.validator.validate(e)).body)));
    }
    const out: LogEntryJson[] = [];
    for (const e of found) if (e) out.push(keyed(await this.renderCurrent(e)));
    return out;
  }

  /**
   * `POST /api/v1/index/retrieve`: entry IDs ordered by log index. `afterIndex` and `limit` page
   * through large results; without them the first MAX_SEARCH_RESULTS matches are returned (upstream
   * returns every match), with `nextAfterIndex` when there are more.
   */
  async searchIndex(
    body: unknown,
    paging: { afterIndex?: unknown; limit?: unknown } = {},
  ): Promise<{ ids: string[]; nextAfterIndex?: bigint }> {
    const q = object(body);
    const groups: string[][] = [];
    const hash = q['hash'];
    if (hash !== undefined && hash !== '') groups.push([hashKey(hash)]);
    for (const field of ['email', 'subject'] as const) {
      const v = q[field];
      if (v === undefined || v === '') continue;
      if (typeof v !== 'string' || v.length > 512)
        throw bad(`${field} must be a string of at most 512 characters`);
      groups.push([v.toLowerCase()]);
    }
    const pk = q['publicKey'];
    if (pk !== undefined) {
      // Upstream indexes a key as the bare hash for hashedrekord and rekord and as `sha256:<hash>`
      // for dsse and intoto, and searches only the former; both are found here.
      const key = publicKeyKey(pk);
      groups.push([key, `sha256:${key}`]);
    }
    if (groups.length === 0)
      throw bad('a search needs at least one of hash, email, subject or publicKey');
    const operator = q['operator'] ?? 'or';
    if (operator !== 'and' && operator !== 'or') throw bad('operator must be "and" or "or"');
    const limit =
      paging.limit === undefined ? MAX_SEARCH_RESULTS : Number(uint(paging.limit, 'limit'));
    if (limit < 1 || limit > MAX_SEARCH_RESULTS)
      throw bad(`limit must be between 1 and ${MAX_SEARCH_RESULTS}`);
    const afterIndex =
      paging.afterIndex === undefined ? undefined : uint(paging.afterIndex, 'afterIndex');
    const hits = await this.store.search({ groups, operator, afterIndex, limit: limit + 1 });
    const page = hits.slice(0, limit);
    return {
      ids: page.map((h) => entryId(this.settings.treeId, h.leafHash)),
      nextAfterIndex: hits.length > limit ? page[page.length - 1]!.index : undefined,
    };
  }

  private async findById(
    id: string,
    name = 'entryUUID',
    where: 'path' | 'body' = 'path',
  ): Promise<LogEntry | null> {
    if (!ENTRY_UUID.test(id)) {
      throw invalidParameter('pattern', `${name} in ${where} should match '${ENTRY_UUID.source}'`);
    }
    let parsed;
    try {
      parsed = parseEntryId(id);
    } catch (err) {
      throw new RekorServiceError('BAD_REQUEST', (err as Error).message);
    }
    if (parsed.treeId !== undefined && parsed.treeId !== this.settings.treeId) return null;
    return this.store.getByLeafHash(parsed.leafHash);
  }

  /**
   * Reads prove against a recent tree head: one read per HEAD_TTL_MS instead of one per request,
   * re-read at once when the entry is newer than the head (appended through another replica).
   */
  private async renderCurrent(entry: LogEntry): Promise<RenderedEntry> {
    const now = Date.now();
    let head = this.head;
    if (!head || now - head.readAt > HEAD_TTL_MS || entry.index >= head.size) {
      head = { size: (await this.store.log.getTreeHead()).size, readAt: now };
      this.head = head;
    }
    return await this.render(entry, head.size);
  }

  private async render(entry: LogEntry, treeSize: bigint): Promise<RenderedEntry> {
    const proof = await this.store.inclusionProof(entry.index, treeSize);
    const body = entry.leafData.toString('base64');
    const integratedTime = Math.floor(entry.integratedAt / 1000);
    const logIndex = Number(entry.index);
    const set =
      entry.seal ??
      (await this.sets.get(entry.index, () => signSet(this.signer, this.logId, entry)));
    return {
      id: entryId(this.settings.treeId, entry.leafHash),
      entry: {
        body,
        integratedTime,
        logID: this.logId,
        logIndex,
        verification: {
          inclusionProof: {
            checkpoint:
              this.checkpoints.settled<string>(proof.treeSize) ??
              (await this.checkpoint(proof.treeSize, proof.rootHash)),
            hashes: hexEach(proof.hashes),
            logIndex,
            rootHash: proof.rootHash.toString('hex'),
            treeSize: Number(proof.treeSize),
          },
          signedEntryTimestamp: set.toString('base64'),
        },
      },
    };
  }

  private checkpoint(size: bigint, rootHash: Buffer): Promise<string> {
    return this.checkpoints.get(size, () =>
      signCheckpoint(
        { origin: this.origin, size, rootHash },
        this.settings.hostname,
        this.signer.spki,
        (data) => this.signer.sign(data),
      ),
    );
  }

  private checkTreeId(treeId: unknown): void {
    if (treeId === undefined || treeId === '') return;
    if (typeof treeId !== 'string' || !/^[0-9]+$/.test(treeId)) {
      throw invalidParameter('pattern', `treeID in query should match '^[0-9]+$'`);
    }
    if (treeId !== this.settings.treeId.toString()) {
      throw bad(`unknown treeID ${treeId.slice(0, 20)}`);
    }
  }
}

function bad(message: string): RekorServiceError {
  return new RekorServiceError('BAD_REQUEST', message);
}

function object(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw bad('request body must be a JSON object');
  }
  return body as Record<string, unknown>;
}

function list(v: unknown, what: string): unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw bad(`${what} must be an array`);
  return v;
}

/**
 * go-openapi's validation codes, which upstream's 422 bodies carry as their `code`
 * (go-openapi/errors: InvalidTypeCode 601, RequiredFailCode 602, PatternFailCode 605,
 * MinFailCode 609).
 */
const VALIDATION = { type: 601, required: 602, pattern: 605, minimum: 609 } as const;

function invalidParameter(kind: keyof typeof VALIDATION, message: string): RekorServiceError {
  return new RekorServiceError('INVALID_PARAMETER', message, undefined, VALIDATION[kind]);
}

const INT64_MAX = 0x7fffffffffffffffn;
/** openapi.yaml's pattern for entry UUIDs: a leaf hash, or a tree ID and a leaf hash. */
const ENTRY_UUID = /^([0-9a-fA-F]{64}|[0-9a-fA-F]{80})$/;

/**
 * An integer parameter as upstream's generated handlers bind it (go-openapi): missing, not an
 * int64, or below its minimum is a 422 with their messages. A repeated query parameter counts by
 * its last value, as there.
 */
function int64Param(v: unknown, name: string, where: 'query' | 'body', minimum: bigint): bigint {
  const value = Array.isArray(v) ? (v[v.length - 1] as unknown) : v;
  if (value === undefined || value === '')
    throw invalidParameter('required', `${name} in ${where} is required`);
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  const n = typeof text === 'string' && /^[+-]?[0-9]{1,19}$/.test(text) ? BigInt(text) : undefined;
  if (n === undefined || n > INT64_MAX || n < -INT64_MAX - 1n) {
    const raw = typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
    throw invalidParameter(
      'type',
      `${name} in ${where} must be of type int64: ${JSON.stringify(raw)}`,
    );
  }
  if (n < minimum) {
    throw invalidParameter(
      'minimum',
      `${name} in ${where} should be greater than or equal to ${minimum}`,
    );
  }
  return n;
}

function uint(v: unknown, what: string): bigint {
  const text = typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : v;
  if (typeof text !== 'string' || !/^[0-9]{1,19}$/.test(text)) {
    throw bad(`${what} must be a non-negative integer`);
  }
  const n = BigInt(text);
  if (n > 0x7fffffffffffffffn) throw bad(`${what} is out of range`);
  return n;
}

/** Upstream `util.PrefixSHA`: lower-cased, with the algorithm named by the digest's length. */
function hashKey(v: unknown): string {
  if (typeof v !== 'string') throw bad('hash must be a string');
  const m = /^(?:(sha1|sha256|sha384|sha512):)?([0-9a-fA-F]+)$/.exec(v);
  const lengths: Record<number, string> = { 40: 'sha1', 64: 'sha256', 96: 'sha384', 128: 'sha512' };
  const alg = m ? (m[1] ?? lengths[m[2]!.length]) : undefined;
  if (!m || !alg || lengths[m[2]!.length] !== alg) throw bad('hash must be a hex SHA digest');
  return `${alg}:${m[2]!.toLowerCase()}`;
}

/** Upstream: hex SHA-256 of the canonical PEM of the key (x509 only here). */
function publicKeyKey(v: unknown): string {
  const pk = object(v);
  if (pk['format'] !== 'x509') throw bad('only x509 public keys can be searched for');
  if (typeof pk['content'] !== 'string') throw bad('publicKey.content is required');
  try {
    return verifierHash(parseVerifier(fromBase64(pk['content'])));
  } catch (err) {
    if (err instanceof RekorError) throw bad(err.message);
    throw bad('publicKey.content is not base64');
  }
}

/** Each buffer in hex, from one conversion of them all (a proof has up to 64 hashes). */
function hexEach(buffers: readonly Buffer[]): string[] {
  const hex = Buffer.concat(buffers).toString('hex');
  let at = 0;
  return buffers.map((b) => hex.slice(at, (at += 2 * b.length)));
}
