import { canonicalize } from '@tufjs/canonical-json';

/**
 * OLPC canonical JSON, the bytes TUF signatures cover: sorted keys, no whitespace, integers only,
 * only `\` and `"` escaped. Not RFC 8785 (spec tuf.md §2).
 */
export function canonicalBytes(value: unknown): Buffer {
  return Buffer.from(canonicalize(value as Parameters<typeof canonicalize>[0]), 'utf8');
}

/**
 * The bytes we publish: indented JSON with sorted keys, so a file reads the same whoever wrote it.
 * Clients re-serialize what they parse before checking signatures, so layout does not matter to them.
 */
export function publishedBytes(value: unknown): Buffer {
  return Buffer.from(`${JSON.stringify(sortKeys(value), null, 2)}\n`, 'utf8');
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === 'object' && value !== null && !Buffer.isBuffer(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      out[key] = sortKeys((value as Record<string, unknown>)[key]);
    }
    return out;
  }
  return value;
}

/**
 * TUF `expires`: exactly `YYYY-MM-DDTHH:MM:SSZ`. python-tuf rejects fractions and go-tuf v2 re-serializes
 * the time without them before verifying, so `.000Z` would break its signature check (spec tuf.md rule 4).
 */
export function tufTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** RFC 3339 time for protobuf JSON (trusted root `validFor`), whole seconds. */
export const rfc3339 = tufTime;
