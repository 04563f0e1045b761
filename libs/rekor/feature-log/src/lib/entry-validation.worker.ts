// The worker thread behind `startEntryValidator`: validates proposed entries, blocking on signature
// checks (this thread exists to block; a hop to libuv's pool would only add work).
import { canonicalizeProposedEntry } from '@sigstead/util-rekor';
import { serveBatches } from '@sigstead/worker-pool';

serveBatches((proposed: unknown) => canonicalizeProposedEntry(proposed, { blocking: true }));
