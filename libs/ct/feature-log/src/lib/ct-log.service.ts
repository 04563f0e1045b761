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
  hasCriticalPoison,
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
  private readonly issuerKeyHashes = new Map<string, Buffer>();
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
      if (hasCriticalPoison(leaf)) {
        throw new CtLogError('WRONG_ENTRY_TYPE', 'certificate carries the poison extension');
      }
      entry = { type: 'x509', certificate: leaf };
    } else {
      if (!issuer) throw new CtLogError('UNTRUSTED_CHAIN', 'precertificate chain has no issuer');
      entry = {
        type: 'precert',
        issuerKeyHash: this.issuerKeyHash(issuer),
        tbsCertificate: precertTbs(leaf),
      };
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

  /** Issuers repeat on every request (Fulcio's intermediate): their key hashes are remembered. */
  private issuerKeyHash(issuer: Buffer): Buffer {
    const key = issuer.toString('base64');
    let hash = this.issuerKeyHashes.get(key);
    if (!hash) {
      if (this.issuerKeyHashes.size >= 64) this.issuerKeyHashes.clear();
      hash = issuerKeyHash(issuer);
      this.issuerKeyHashes.set(key, hash);
    }
    return hash;
  }

  async getSthConsistency(first: unknown, second: unknown): Promise<{ consistency: string[] }> {
    const a = parseSize(first, 'first');
    const b = parseSize(second, 'second');
    const { size } = await this.store.treeHead();
    if (a > b || b > size)
      throw new CtLogError('BAD_REQUEST', 'need 0 <= first <= second <= tree size');
    const proof = a === 0n || a === b ? [] : await this.store.consistencyProof(a, b);
    return { consistency: proof.map((h) => h.toString('base64')) };
  }

  async getProofByHash(
    hash: unknown,
    treeSize: unknown,
  ): Promise<{ leaf_index: number; audit_path: string[] }> {
    if (typeof hash !== 'string') throw new CtLogError('BAD_REQUEST', 'missing hash');
    const leafHash = Buffer.from(hash, 'base64');
    if (leafHash.length !== 32)
      throw new CtLogError('BAD_REQUEST', 'hash must be base64 of 32 bytes');
    const size = parseSize(treeSize, 'tree_size');
    const { size: current } = await this.store.treeHead();
    if (size < 1n || size > current) throw new CtLogError('BAD_REQUEST', 'tree_size out of range');
    const { index, path } = await this.store.inclusionProofByLeafHash(leafHash, size);
    return { leaf_index: Number(index), audit_path: path.map((h) => h.toString('base64')) };
  }

  async getEntries(
    start: unknown,
    end: unknown,
  ): Promise<{ entries: { leaf_input: string; extra_data: string }[] }> {
    const s = parseSize(start, 'start');
    let e = parseSize(end, 'end');
    if (e < s) throw new CtLogError('BAD_REQUEST', 'end must not be below start');
    const { size } = await this.store.treeHead();
    if (s >= size) throw new CtLogError('BAD_REQUEST', 'start is beyond the tree size');
    if (e >= size) e = size - 1n;
    if (e - s + 1n > MAX_ENTRIES) e = s + MAX_ENTRIES - 1n;
    const rows = await this.store.entries(s, e + 1n);
    return {
      entries: rows.map((r) => ({
        leaf_input: r.leafInput.toString('base64'),
        extra_data: r.extraData.toString('base64'),
      })),
    };
  }

  async getEntryAndProof(leafIndex: unknown, treeSize: unknown) {
    const index = parseSize(leafIndex, 'leaf_index');
    const size = parseSize(treeSize, 'tree_size');
    const { size: current } = await this.store.treeHead();
    if (index >= size || size > current)
      throw new CtLogError('BAD_REQUEST', 'leaf_index/tree_size out of range');
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
 * The precertificate's TBS minus poison, from one parse; a missing, non-critical or non-NULL poison
 * (or an embedded SCT list) makes it the wrong entry type for add-pre-chain.
 */
function precertTbs(leaf: Buffer): Buffer {
  try {
    return precertTbsForSct(leaf);
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

function parseSize(v: unknown, name: string): bigint {
  if (typeof v !== 'string' || !/^\d{1,19}$/.test(v)) {
    throw new CtLogError('BAD_REQUEST', `${name} must be a non-negative integer`);
  }
  return BigInt(v);
}

export interface SthJson {
  tree_size: number;
  timestamp: number;
  sha256_root_hash: string;
  tree_head_signature: string;
}
