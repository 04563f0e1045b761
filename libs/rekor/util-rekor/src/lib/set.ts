// SignedEntryTimestamp (rekor pkg/api/entries.go signEntry): the log's signature over the RFC 8785
// JSON of {body, integratedTime, logID, logIndex}.
import { canonicalJson } from './canonical.js';

export interface SetPayload {
  /** Base64 of the canonical body. */
  readonly body: string;
  /** Unix seconds. */
  readonly integratedTime: number;
  /** Hex SHA-256 of the log key's SPKI. */
  readonly logID: string;
  readonly logIndex: number;
}

export function setPayload(p: SetPayload): Buffer {
  return canonicalJson({
    body: p.body,
    integratedTime: p.integratedTime,
    logID: p.logID,
    logIndex: p.logIndex,
  });
}
