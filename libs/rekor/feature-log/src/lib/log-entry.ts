/** Rekor v1 `LogEntry`: a map from the 80-hex entry ID to the entry. */
export type LogEntryJson = Record<string, EntryJson>;

interface EntryJson {
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
