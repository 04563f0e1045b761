/** Rekor v1 `LogEntry`: a map from the 80-hex entry ID to the entry. */
export type LogEntryJson = Record<string, EntryJson>;

/**
 * One rendered entry with its ID beside it. Replies are built from these: an object keyed by the
 * entry ID (`keyed`) is made only where a reply goes through JSON.stringify, since every distinct
 * ID as a property name costs V8 a new hidden class (~1 µs and a map to collect, per read).
 */
export interface RenderedEntry {
  readonly id: string;
  readonly entry: EntryJson;
}

/** The wire shape of `rendered`. */
export function keyed(rendered: RenderedEntry): LogEntryJson {
  return { [rendered.id]: rendered.entry };
}

export interface EntryJson {
  body: string;
  integratedTime: number;
  logID: string;
  logIndex: number;
  verification: {
    inclusionProof: {
      checkpoint: string;
      hashes: string[];
      logIndex: number;
      rootHash: string;
      treeSize: number;
    };
    signedEntryTimestamp: string;
  };
}
