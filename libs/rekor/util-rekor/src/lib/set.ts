// SignedEntryTimestamp (rekor pkg/api/entries.go signEntry): the log's signature over the RFC 8785
// JSON of {body, integratedTime, logID, logIndex}.

export interface SetPayload {
  /** Base64 of the canonical body. */
  readonly body: string;
  /** Unix seconds. */
  readonly integratedTime: number;
  /** Hex SHA-256 of the log key's SPKI. */
  readonly logID: string;
  readonly logIndex: number;
}

/**
 * The payload's RFC 8785 text, written directly: the members in JCS order (code-unit order of the
 * keys), integers as JavaScript prints them, and strings as `JSON.stringify` escapes them, which is
 * JCS's escaping. Every log entry's seal goes through here, so it skips the generic canonicaliser.
 */
export function setPayload(p: SetPayload): Buffer {
  if (!Number.isSafeInteger(p.integratedTime) || !Number.isSafeInteger(p.logIndex)) {
    throw new RangeError('integratedTime and logIndex must be safe integers');
  }
  return Buffer.from(
    `{"body":${JSON.stringify(p.body)},"integratedTime":${p.integratedTime},` +
      `"logID":${JSON.stringify(p.logID)},"logIndex":${p.logIndex}}`,
    'utf8',
  );
}
