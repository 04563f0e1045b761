import { hash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Signer } from '@sigstead/data-access-keys';
import {
  CtError,
  SCT_VERSION_V1,
  decodeDigitallySigned,
  encodeCertificateChain,
  encodeDigitallySigned,
  encodeMerkleTreeLeaf,
  encodePrecertChainEntry,
  hasPoison,
  isPrecertSigningCertificate,
  issuerKeyHash,
  logIdFromSpki,
  precertTbsForSct,
  signSct,
  signSth,
  toAddChainResponse,
  type AddChainResponse,
  type CtSigner,
  type SignedCertificateTimestamp,
  type SignedEntry,
} from '@sigstead/util-ct';
import { isStdBase64 } from '@sigstead/util-encoding';
import { ChainPolicy, decodeChain } from './chain-policy.js';
import { CtLogError } from './error.js';
import {
  CT_LOG_SETTINGS,
  CT_LOG_SIGNER,
  CT_LOG_STORE,
  type CtLogSettings,
  type CtLogStore,
} from './ports.js';

const MAX_ENTRIES = 1000n;
/** Domain tags of the dedup identity (what makes a precertificate and a certificate differ). */
const PRECERT_TAG = Buffer.from('precert\0');
const X509_TAG = Buffer.from('x509\0');

/** The RFC 6962 log: accepts (pre)certificate chains, issues SCTs, serves tree heads and proofs. */
@Injectable()
export class CtLogService {
  readonly logId: Buffer;
  private readonly ctSigner: CtSigner;
  private readonly chains: ChainPolicy;
  private readonly issuers = new Map<string, IssuerFacts>();
  private sth?: { size: bigint; at: number; json: SthJson };

  constructor(
    @Inject(CT_LOG_STORE) private readonly store: CtLogStore,
    @Inject(CT_LOG_SIGNER) private readonly signer: Signer,
    @Inject(CT_LOG_SETTINGS) private readonly settings: CtLogSettings,
  ) {
    this.logId = logIdFromSpki(signer.spki);
    this.ctSigner = { signatureAlgorithm: 'ecdsa', sign: (data) => signer.sign(data) };
    this.chains = new ChainPolicy(settings.roots);
  }

  /** `add-chain` (precert=false) and `add-pre-chain` (precert=true), RFC 6962 §4.1–4.2. */
  async addChain(body: unknown, precert: boolean): Promise<AddChainResponse> {
    return toAddChainResponse(await this.submit(decodeChain(body), precert));
  }

  /**
   * Logs a DER chain (leaf first) and returns its SCT. A resubmission of the same (pre)certificate gets
   * the SCT issued the first time: same timestamp, same signature. Also the in-process entry point.
   */
  async submit(
    chain: readonly Buffer[],
    precert: boolean,
    options: { leafSignedHere?: boolean } = {},
  ): Promise<SignedCertificateTimestamp> {
    const { ders } = await this.chains.validate(chain, options);
    const [leaf, issuer] = ders;
    if (!leaf) throw new CtLogError('BAD_REQUEST', 'empty chain');
    let entry: SignedEntry;
    if (!precert) {
      // ctfe refuses any poison on add-chain: a precertificate, or a malformed one.
      if (hasPoison(leaf)) {
        throw new CtLogError('WRONG_ENTRY_TYPE', 'certificate carries the poison extension');
      }
      entry = { type: 'x509', certificate: leaf };
    } else {
      if (!issuer) throw new CtLogError('UNTRUSTED_CHAIN', 'precertificate chain has no issuer');
      entry = this.precertEntry(leaf, issuer, ders[2]);
    }
    const timestamp = BigInt(Date.now());
    const extensions = Buffer.alloc(0);
    const sct = await signSct({ logId: this.logId, timestamp, entry, extensions }, this.ctSigner);
    const stored = await this.store.append({
      identity: identityOf(entry),
      leafInput: encodeMerkleTreeLeaf({ timestamp, entry, extensions }),
      extraData: precert
        ? encodePrecertChainEntry({ preCertificate: leaf, precertificateChain: ders.slice(1) })
        : encodeCertificateChain(ders.slice(1)),
      sctSignature: encodeDigitallySigned(sct.signature),
    });
    if (!stored.duplicate) return sct;
    return {
      version: SCT_VERSION_V1,
      logId: this.logId,
      timestamp: stored.leafInput.readBigUInt64BE(2),
      extensions,
      signature: decodeDigitallySigned(stored.sctSignature),
    };
  }

  /** `get-sth`: signed lazily, re-signed when the tree grew or the head is older than a second. */
  async getSth(): Promise<SthJson> {
    const head = await this.store.treeHead();
    const now = Date.now();
    if (this.sth && this.sth.size === head.size && now - this.sth.at < 1000) return this.sth.json;
    const signature = await signSth(
      { timestamp: BigInt(now), treeSize: head.size, rootHash: head.rootHash },
      this.ctSigner,
    );
    const json: SthJson = {
      tree_size: Number(head.size),
      timestamp: now,
      sha256_root_hash: head.rootHash.toString('base64'),
      tree_head_signature: encodeDigitallySigned(signature).toString('base64'),
    };
    this.sth = { size: head.size, at: now, json };
    return json;
  }

  /**
   * The signed entry of a precertificate issued by `issuer`. When that is a Precertificate Signing
   * Certificate (RFC 6962 §3.1), the final certificate's issuer is the one above it: its key hash
   * goes in the entry, and the TBS takes the final issuer's name and key identifier.
   */
  private precertEntry(leaf: Buffer, issuer: Buffer, above: Buffer | undefined): SignedEntry {
    const facts = this.issuerFacts(issuer);
    facts.precertSigning ??= isPrecertSigningCertificate(issuer);
    if (!facts.precertSigning) {
      return { type: 'precert', issuerKeyHash: facts.keyHash, tbsCertificate: precertTbs(leaf) };
    }
    if (!above) {
      throw new CtLogError(
        'UNTRUSTED_CHAIN',
        'a precertificate signing certificate needs its issuer in the chain',
      );
    }
    return {
      type: 'precert',
      issuerKeyHash: this.issuerFacts(above).keyHash,
      tbsCertificate: precertTbs(leaf, issuer),
    };
  }

  /**
   * Issuers repeat on every request (Fulcio's intermediate): their key hashes, and whether they are
   * Precertificate Signing Certificates, are remembered.
   */
  private issuerFacts(issuer: Buffer): IssuerFacts {
    const key = issuer.toString('base64');
    let facts = this.issuers.get(key);
    if (!facts) {
      if (this.issuers.size >= 64) this.issuers.clear();
      facts = { keyHash: issuerKeyHash(issuer) };
      this.issuers.set(key, facts);
    }
    return facts;
  }

  /** `get-sth-consistency`: as ctfe, a proof from size 0 is empty whatever the second size. */
  async getSthConsistency(first: unknown, second: unknown): Promise<{ consistency: string[] }> {
    const a = requiredInt(first, 'first');
    const b = requiredInt(second, 'second');
    if (a < 0n || b < 0n)
      throw new CtLogError('BAD_REQUEST', `first and second params cannot be <0: ${a} ${b}`);
    if (b < a) throw new CtLogError('BAD_REQUEST', `invalid first, second params: ${a} ${b}`);
    if (a === 0n) return { consistency: [] };
    const { size } = await this.store.treeHead();
    if (b > size)
      throw new CtLogError('BAD_REQUEST', `need tree size: ${b} for proof but only got: ${size}`);
    const proof = a === b ? [] : await this.store.consistencyProof(a, b);
    return { consistency: proof.map((h) => h.toString('base64')) };
  }

  /** `get-proof-by-hash`: a tree size the log has not reached yet is not found (404), as in ctfe. */
  async getProofByHash(
    hash: unknown,
    treeSize: unknown,
  ): Promise<{ leaf_index: number; audit_path: string[] }> {
    const text = firstValue(hash);
    if (!text)
      throw new CtLogError('BAD_REQUEST', 'missing / empty hash param for get-proof-by-hash');
    if (!isStdBase64(text)) throw new CtLogError('BAD_REQUEST', 'invalid base64 hash');
    const leafHash = Buffer.from(text, 'base64');
    if (leafHash.length !== 32)
      throw new CtLogError('BAD_REQUEST', 'hash must be base64 of 32 bytes');
    const size = goInt(treeSize);
    if (size === undefined || size < 1n) {
      throw new CtLogError(
        'BAD_REQUEST',
        `missing or invalid tree_size: ${firstValue(treeSize) ?? ''}`,
      );
    }
    const { size: current } = await this.store.treeHead();
    if (size > current) {
      throw new CtLogError(
        'NOT_FOUND',
        `log returned tree size: ${current} but we expected: ${size}`,
      );
    }
    const { index, path } = await this.store.inclusionProofByLeafHash(leafHash, size);
    return { leaf_index: Number(index), audit_path: path.map((h) => h.toString('base64')) };
  }

  /**
   * `get-entries`, as ctfe answers it: at most 1,000 entries, and a request for that many or more
   * is cut at the next multiple of 1,000, so monitors paging through the log ask for the same
   * ranges (and caches can share them). `partial`: fewer entries than the range asked for, because
   * the tree ends inside it.
   */
  async getEntries(
    start: unknown,
    end: unknown,
  ): Promise<{ entries: { leaf_input: string; extra_data: string }[]; partial: boolean }> {
    const s = requiredInt(start, 'start', false);
    let e = requiredInt(end, 'end', false);
    if (s < 0n || e < 0n) {
      throw new CtLogError('BAD_REQUEST', `start (${s}) and end (${e}) parameters must be >= 0`);
    }
    if (s > e)
      throw new CtLogError('BAD_REQUEST', `start (${s}) and end (${e}) is not a valid range`);
    const count = e - s + 1n;
    if (count > MAX_ENTRIES) e = s + MAX_ENTRIES - 1n;
    if (count >= MAX_ENTRIES) e -= (e + 1n) % MAX_ENTRIES;
    const { size } = await this.store.treeHead();
    if (s >= size) {
      throw new CtLogError(
        'BAD_REQUEST',
        `need tree size: ${s + 1n} to get leaves but only got: ${size}`,
      );
    }
    const last = e < size ? e : size - 1n;
    const rows = await this.store.entries(s, last + 1n);
    return {
      entries: rows.map((r) => ({
        leaf_input: r.leafInput.toString('base64'),
        extra_data: r.extraData.toString('base64'),
      })),
      partial: BigInt(rows.length) < e - s + 1n,
    };
  }

  async getEntryAndProof(leafIndex: unknown, treeSize: unknown) {
    const index = requiredInt(leafIndex, 'leaf_index', false);
    const size = requiredInt(treeSize, 'tree_size', false);
    if (size <= 0n) throw new CtLogError('BAD_REQUEST', `tree_size must be > 0, got: ${size}`);
    if (index < 0n) throw new CtLogError('BAD_REQUEST', `leaf_index must be >= 0, got: ${index}`);
    if (index >= size) {
      throw new CtLogError(
        'BAD_REQUEST',
        `leaf_index ${index} out of range for tree of size ${size}`,
      );
    }
    const { size: current } = await this.store.treeHead();
    if (size > current) {
      throw new CtLogError(
        'BAD_REQUEST',
        `need tree size: ${size} for proof but only got: ${current}`,
      );
    }
    const [row] = await this.store.entries(index, index + 1n);
    if (!row) throw new CtLogError('NOT_FOUND', `no entry at leaf_index ${index}`);
    const path = await this.store.inclusionProof(index, size);
    return {
      leaf_input: row.leafInput.toString('base64'),
      extra_data: row.extraData.toString('base64'),
      audit_path: path.map((h) => h.toString('base64')),
    };
  }

  getRoots(): { certificates: string[] } {
    return { certificates: this.settings.roots.map((r) => r.toString('base64')) };
  }

  /** A CT log list v3 style description, so operators and tests can learn the key and log ID. */
  metadata() {
    return {
      description: this.settings.description,
      log_id: this.logId.toString('base64'),
      key: this.signer.spki.toString('base64'),
      url: `${this.settings.url}/`,
      mmd: 0,
    };
  }
}

/**
 * The precertificate's TBS minus poison (and, under a pre-issuer, with the final issuer's name and
 * key identifier); a missing, non-critical or non-NULL poison (or an embedded SCT list) makes it
 * the wrong entry type for add-pre-chain.
 */
function precertTbs(leaf: Buffer, preIssuer?: Buffer): Buffer {
  try {
    return precertTbsForSct(leaf, preIssuer);
  } catch (err) {
    if (err instanceof CtError)
      throw new CtLogError('WRONG_ENTRY_TYPE', err.message, { cause: err });
    throw err;
  }
}

function identityOf(entry: SignedEntry): Buffer {
  const parts =
    entry.type === 'precert'
      ? [PRECERT_TAG, entry.issuerKeyHash, entry.tbsCertificate]
      : [X509_TAG, entry.certificate];
  return hash('sha256', Buffer.concat(parts), 'buffer');
}

const INT64_MAX = 2n ** 63n - 1n;

/** A query parameter as Go's `FormValue` reads it: the first of repeated values. */
function firstValue(v: unknown): string | undefined {
  const first: unknown = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' ? first : undefined;
}

/** `strconv.ParseInt(v, 10, 64)`: an optional sign, decimal digits, within int64; else undefined. */
function goInt(v: unknown): bigint | undefined {
  const text = firstValue(v);
  if (text === undefined || !/^[+-]?\d+$/.test(text)) return undefined;
  const n = BigInt(text);
  return n > INT64_MAX || n < -INT64_MAX - 1n ? undefined : n;
}

/**
 * A required integer parameter, as ctfe parses it: `named` messages say which parameter is missing
 * or malformed (get-sth-consistency); otherwise the parse error alone (get-entries).
 */
function requiredInt(v: unknown, name: string, named = true): bigint {
  const text = firstValue(v);
  if (!text && named) throw new CtLogError('BAD_REQUEST', `parameter '${name}' is required`);
  const n = goInt(v);
  if (n === undefined) {
    throw new CtLogError(
      'BAD_REQUEST',
      named ? `parameter '${name}' is malformed` : `${name}: invalid syntax: "${text ?? ''}"`,
    );
  }
  return n;
}

/** What a precertificate's entry needs to know of a certificate in the issuer's place. */
interface IssuerFacts {
  readonly keyHash: Buffer;
  /** Learnt the first time the certificate issues a precertificate. */
  precertSigning?: boolean;
}

export interface SthJson {
  tree_size: number;
  timestamp: number;
  sha256_root_hash: string;
  tree_head_signature: string;
}
