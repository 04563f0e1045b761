import type { DataSource } from 'typeorm';
import {
  buildProof,
  foldRight,
  hashLeaf,
  inclusionFromNodes,
  nodeCoverage,
  planConsistency,
  planInclusion,
  planNodes,
  rangeNodes,
  tileForNodeAt,
  toUint64,
  type TileHashes,
} from '@sigstead/util-merkle';
import type { ProofElement, ProofPlan, Uint64Like } from '@sigstead/util-merkle';
import { LogError } from './error.js';
import { Lru } from './lru.js';
import { GroupCommit } from './group-commit.js';
import { ReadCoalescer } from './read-coalescer.js';
import { byteaArray, int8Array } from './binary-array.js';
import { pooledClient, StatementNames } from './statements.js';
import type { LeafRow, LeafTuple } from './rows.js';
import { LEAF_COLUMNS, toEntry, tupleToEntry } from './rows.js';
import type { LogTables } from './schema.js';
import { logTables } from './schema.js';
import type { HashedItem } from './sequencer.js';
import { Sequencer } from './sequencer.js';
import type { Query } from './tile-cache.js';
import { TileCache } from './tile-cache.js';
import type {
  AppendResult,
  ConsistencyProof,
  InclusionProof,
  LogEntry,
  LogItem,
  TlogOptions,
  TreeHead,
} from './types.js';

/**
 * A durable, append-only RFC 6962 log in one PostgreSQL schema. Appends are group-committed
 * (one batch in flight per engine, written by a compare-and-swap on the tree state, or under its
 * row lock when replicas race); reads and proofs come from stored tiles, so their cost grows with
 * log n.
 */
export class TransparencyLog {
  readonly #ds: DataSource;
  readonly #t: LogTables;
  readonly #tiles: TileCache;
  readonly #sequencer: Sequencer;
  readonly #queue: GroupCommit<HashedItem, AppendResult>;
  readonly #maxLeaves: number;
  readonly #roots = new Lru<bigint, Buffer>(256);
  readonly #folds = new Lru<string, Buffer>(256);
  readonly #byIndex: ReadCoalescer<bigint, LogEntry | null>;
  readonly #byLeafHash: ReadCoalescer<Buffer, LogEntry | null>;
  /** Largest tree size known to be committed (own batches or tree-state reads). */
  #knownSize = 0n;

  constructor(dataSource: DataSource, options: TlogOptions) {
    this.#ds = dataSource;
    this.#t = logTables(options.schema);
    this.#tiles = new TileCache(this.#t, options.tileCacheSize ?? 4096);
    this.#sequencer = new Sequencer(
      dataSource,
      this.#t,
      this.#tiles,
      { onBatch: options.onBatch, seal: options.seal },
      options.clock ?? Date.now,
    );
    this.#queue = new GroupCommit(
      async (batch) => {
        const results = await this.#sequencer.integrate(batch);
        const [first] = results;
        if (first) {
          this.#saw(first.treeSize);
          this.#roots.set(first.treeSize, first.rootHash);
        }
        return results;
      },
      options.maxBatchSize ?? 1024,
      options.maxQueueSize ?? 16384,
    );
    this.#maxLeaves = options.maxLeavesPerRead ?? 1000;
    this.#byIndex = new ReadCoalescer((keys) =>
      this.#many('idx', '::bigint[]', int8Array(keys), keys.map(String), (e) => e.index.toString()),
    );
    this.#byLeafHash = new ReadCoalescer((keys) =>
      this.#many(
        'leaf_hash',
        '::bytea[]',
        byteaArray(keys),
        keys.map((k) => k.toString('hex')),
        (e) => e.leafHash.toString('hex'),
      ),
    );
  }

  /** Loads and checks the committed tree (optional: the first batch or read does it anyway). */
  async init(): Promise<void> {
    this.#saw(await this.#sequencer.load());
  }

  /**
   * Queues one item, or several (all or none), for the next batch; resolves once the batch that
   * integrated them (or found them already logged) has committed, results in input order.
   * Rejects with PUSHBACK when the queue is full.
   */
  append(item: LogItem): Promise<AppendResult>;
  append(items: readonly LogItem[]): Promise<AppendResult[]>;
  append(input: LogItem | readonly LogItem[]): Promise<AppendResult | AppendResult[]> {
    const results = this.#submit(Array.isArray(input) ? input : [input as LogItem]);
    return Array.isArray(input) ? results : results.then((r) => r[0]!);
  }

  /** Items waiting for a batch. */
  get queueLength(): number {
    return this.#queue.length;
  }

  /** Stops accepting appends and waits for queued ones to finish. Does not close the DataSource. */
  close(): Promise<void> {
    return this.#queue.close();
  }

  async getTreeHead(): Promise<TreeHead> {
    const rows = (await this.#query(
      `SELECT size, root_hash, updated_at FROM ${this.#t.treeState} WHERE id = 1`,
    )) as {
      size: string;
      root_hash: Buffer;
      updated_at: Date;
    }[];
    const row = rows[0];
    if (row === undefined)
      throw new LogError('INCONSISTENT', 'tree state is missing (migration not applied?)');
    const head = { size: BigInt(row.size), rootHash: row.root_hash, updatedAt: row.updated_at };
    this.#saw(head.size);
    return head;
  }

  /** Root of the tree of `treeSize` leaves (any size up to the current one). */
  async rootAt(treeSize: Uint64Like): Promise<Buffer> {
    return this.#rootAt(await this.#committedSize(treeSize));
  }

  async inclusionProof(index: Uint64Like, treeSize: Uint64Like): Promise<InclusionProof> {
    const size = this.#committedSize(treeSize);
    const n = typeof size === 'bigint' ? size : await size;
    const m = parse(index, 'leaf index');
    if (m >= n)
      throw new LogError('INVALID_ARGUMENT', `leaf index ${m} is not below tree size ${n}`);
    const root = this.#roots.get(n);
    const cached = root === undefined ? undefined : this.#cachedInclusion(m, n);
    if (cached !== undefined) return { index: m, treeSize: n, rootHash: root!, hashes: cached };
    const [hashes, rootHash] = await Promise.all([
      this.#proof(planInclusion(m, n)),
      this.#rootAt(n),
    ]);
    return { index: m, treeSize: n, rootHash, hashes };
  }

  /** Inclusion proof of the entry with this RFC 6962 leaf hash; NOT_FOUND if absent from that tree. */
  async inclusionProofByLeafHash(
    leafHash: Uint8Array,
    treeSize: Uint64Like,
  ): Promise<InclusionProof> {
    const entry = await this.getByLeafHash(leafHash);
    const n = await this.#committedSize(treeSize);
    if (entry === null || entry.index >= n)
      throw new LogError('NOT_FOUND', `no entry with that leaf hash in tree size ${n}`);
    return this.inclusionProof(entry.index, n);
  }

  /** Consistency proof between two committed sizes, 0 < size1 <= size2. */
  async consistencyProof(size1: Uint64Like, size2: Uint64Like): Promise<ConsistencyProof> {
    const n = await this.#committedSize(size2);
    const m = parse(size1, 'first tree size');
    if (m === 0n || m > n)
      throw new LogError('INVALID_ARGUMENT', `tree sizes must satisfy 0 < ${m} <= ${n}`);
    return { size1: m, size2: n, hashes: await this.#proof(planConsistency(m, n)) };
  }

  /** Entries [start, end), at most `maxLeavesPerRead` of them; fewer if the tree is smaller. */
  async getLeaves(start: Uint64Like, end: Uint64Like): Promise<LogEntry[]> {
    const from = parse(start, 'start');
    const to = parse(end, 'end');
    if (from >= to) throw new LogError('INVALID_ARGUMENT', 'start must be below end');
    const limit = from + BigInt(this.#maxLeaves);
    const rows = (await this.#query(
      `SELECT ${LEAF_COLUMNS} FROM ${this.#t.leaves} WHERE idx >= $1 AND idx < $2 ORDER BY idx`,
      [from.toString(), (to < limit ? to : limit).toString()],
    )) as LeafRow[];
    return rows.map(toEntry);
  }

  /** Concurrent lookups by index (or by leaf hash) share one query. */
  async getByIndex(index: Uint64Like): Promise<LogEntry | null> {
    return await this.#byIndex.get(parse(index, 'index'));
  }

  /** The entry appended with this identity (entries appended without one are found by leaf hash). */
  async getByIdentity(identity: Uint8Array): Promise<LogEntry | null> {
    return await this.#one('identity = $1', Buffer.from(identity));
  }

  async getByLeafHash(leafHash: Uint8Array): Promise<LogEntry | null> {
    return await this.#byLeafHash.get(Buffer.from(leafHash));
  }

  async #submit(items: readonly LogItem[]): Promise<AppendResult[]> {
    const hashed = items.map((item) => ({ item, leafHash: hashLeaf(checkItem(item).leafData) }));
    return await this.#queue.submit(hashed);
  }

  /** Reads run on a pooled connection, by name (see `#named`), not through TypeORM's query runners. */
  readonly #query: Query = (sql, params) => this.#named(sql, params ?? []);
  readonly #reads = new StatementNames('tlog_read');

  /**
   * A proof's hashes. The ephemeral node on the tree's right border (several perfect subtrees
   * folded into one) is the same for every proof against a tree size, and never changes for it, so
   * recent folds are kept instead of being read and hashed again for each proof.
   */
  async #proof(plan: ProofPlan): Promise<Buffer[]> {
    const folded = plan.elements.map((e) =>
      e.length > 1 ? this.#folds.get(foldKey(e)) : undefined,
    );
    const missing = plan.elements.filter((_, i) => folded[i] === undefined);
    const built = buildProof(
      { elements: missing },
      await this.#tiles.nodeHashes(this.#query, planNodes({ elements: missing })),
    );
    let next = 0;
    return plan.elements.map((e, i) => {
      const known = folded[i];
      if (known !== undefined) return known;
      const hash = built[next++]!;
      if (e.length > 1) this.#folds.set(foldKey(e), hash);
      return hash;
    });
  }

  /**
   * The inclusion proof from cached tiles and folds alone, without planning or queries: the
   * common case of a read, when the proof's tiles and its border fold are in memory. Undefined on
   * any miss; the planned path then reads and remembers them.
   */
  #cachedInclusion(m: bigint, n: bigint): Buffer[] | undefined {
    if (n > MAX_SAFE) return undefined;
    // Eight levels of siblings share a tile: look each tile up once.
    let tile: TileHashes | undefined;
    let tileLevel = -1;
    let tileIndex = -1;
    return inclusionFromNodes(Number(m), Number(n), {
      node: (level, index) => {
        const ref = tileForNodeAt(level, index);
        if (ref.tileLevel !== tileLevel || ref.tileIndex !== tileIndex || tile === undefined) {
          tile = this.#tiles.peek(ref.tileLevel, ref.tileIndex);
          [tileLevel, tileIndex] = [ref.tileLevel, ref.tileIndex];
        }
        return tile !== undefined && tile.width >= ref.minWidth
          ? tile.node(ref.subLevel, ref.subIndex)
          : undefined;
      },
      fold: (begin, end) => this.#folds.get(foldKeyOf(begin, end)),
    });
  }

  /** Roots never change for a given size, so recent ones are kept. */
  async #rootAt(size: bigint): Promise<Buffer> {
    let root = this.#roots.get(size);
    if (root === undefined) {
      root = foldRight(await this.#tiles.nodeHashes(this.#query, rangeNodes(0n, size)));
      this.#roots.set(size, root);
    }
    return root;
  }

  /**
   * The entries under `keys` (sent as one binary array), in key order, null where none. It runs as a
   * named statement on a pooled connection, like the batch statement: every read by index or leaf
   * hash comes through here, and TypeORM would have PostgreSQL parse and plan it on every call.
   */
  async #many(
    column: 'idx' | 'leaf_hash',
    cast: string,
    array: Buffer,
    keys: readonly string[],
    keyOf: (e: LogEntry) => string,
  ): Promise<(LogEntry | null)[]> {
    const rows = await this.#named<LeafTuple>(
      `SELECT ${LEAF_COLUMNS} FROM ${this.#t.leaves} WHERE ${column} = ANY($1${cast})`,
      [array],
      'array',
    );
    const found = new Map<string, LogEntry>();
    for (const row of rows) {
      const e = tupleToEntry(row);
      found.set(keyOf(e), e);
    }
    return keys.map((k) => found.get(k) ?? null);
  }

  async #named<R>(text: string, values: unknown[], rowMode?: 'array'): Promise<R[]> {
    const client = await pooledClient(this.#ds, 'a read');
    try {
      const name = this.#reads.nameOf(text);
      return (await client.query<R>({ name, text, values, ...(rowMode && { rowMode }) })).rows;
    } finally {
      client.release();
    }
  }

  async #one(where: string, value: unknown): Promise<LogEntry | null> {
    const rows = (await this.#query(
      `SELECT ${LEAF_COLUMNS} FROM ${this.#t.leaves} WHERE ${where}`,
      [value],
    )) as LeafRow[];
    return rows[0] === undefined ? null : toEntry(rows[0]);
  }

  /**
   * Parses a requested tree size and checks that such a tree has been committed: at once for a size
   * at or below one already seen (proofs against the head, most reads), else after reading the
   * head. Throws (callers are async) for a size that is not a positive integer.
   */
  #committedSize(treeSize: Uint64Like): bigint | Promise<bigint> {
    const n = parse(treeSize, 'tree size');
    if (n === 0n) throw new LogError('INVALID_ARGUMENT', 'tree size must be positive');
    if (n <= this.#knownSize) return n;
    return this.getTreeHead().then((head) => {
      if (n > head.size) {
        throw new LogError('INVALID_ARGUMENT', `tree size ${n} is beyond the current tree`);
      }
      return n;
    });
  }

  #saw(size: bigint): void {
    if (size > this.#knownSize) this.#knownSize = size;
  }
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** An ephemeral node is fixed by the leaves it covers, [begin, end). */
function foldKey(element: ProofElement): string {
  return foldKeyOf(nodeCoverage(element[0]!).begin, nodeCoverage(element[element.length - 1]!).end);
}

function foldKeyOf(begin: bigint | number, end: bigint | number): string {
  return `${begin}-${end}`;
}

function parse(value: Uint64Like, what: string): bigint {
  try {
    return toUint64(value, 'INVALID_SIZE', what);
  } catch (err) {
    throw new LogError('INVALID_ARGUMENT', `${what} must be an unsigned 64-bit integer`, {
      cause: err,
    });
  }
}

function checkItem(item: LogItem): LogItem {
  if (typeof item !== 'object' || item === null) {
    throw new LogError('INVALID_ARGUMENT', 'an item must be an object');
  }
  if (
    item.identity !== undefined &&
    (!(item.identity instanceof Uint8Array) || item.identity.length === 0)
  ) {
    throw new LogError('INVALID_ARGUMENT', 'identity must be non-empty bytes (or absent)');
  }
  if (!(item.leafData instanceof Uint8Array))
    throw new LogError('INVALID_ARGUMENT', 'leafData must be bytes');
  if (item.extra != null && !(item.extra instanceof Uint8Array)) {
    throw new LogError('INVALID_ARGUMENT', 'extra must be bytes or null');
  }
  return item;
}
