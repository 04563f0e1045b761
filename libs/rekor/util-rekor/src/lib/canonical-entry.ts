// What an entry type makes of a proposed entry: the leaf the log stores and its search keys.
export interface CanonicalEntry {
  readonly kind: string;
  readonly apiVersion: string;
  /** RFC 8785 JSON of `{apiVersion, kind, spec}`: the Merkle leaf and the entry's `body`. */
  readonly body: Buffer;
  /** Search-index keys, lower-cased (digests as `<alg>:<hex>`, SANs, key fingerprints). */
  readonly indexKeys: readonly string[];
}

export interface CanonicalizeOptions {
  /**
   * Check signatures on the calling thread instead of libuv's pool: for worker threads, which
   * exist to block, where the hop to the pool only adds work.
   */
  readonly blocking?: boolean;
}
