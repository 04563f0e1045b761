// A proposed entry (`POST /api/v1/log/entries` body): dispatched on kind and apiVersion to its type,
// which validates it (signatures included) and returns the canonical body that becomes the leaf.
import type { CanonicalEntry, CanonicalizeOptions } from './canonical-entry.js';
import { RekorError } from './error.js';
import { isObject } from './fields.js';
import { dsseV001 } from './types/dsse.js';
import { hashedRekordV001 } from './types/hashedrekord.js';
import { intotoV001, intotoV002 } from './types/intoto.js';
import { rekordV001 } from './types/rekord.js';

export type { CanonicalEntry, CanonicalizeOptions };

export type EntryType = (
  spec: Record<string, unknown>,
  options: CanonicalizeOptions,
) => CanonicalEntry | Promise<CanonicalEntry>;

const TYPES: Readonly<Record<string, Readonly<Record<string, EntryType>>>> = {
  hashedrekord: { '0.0.1': hashedRekordV001 },
  dsse: { '0.0.1': dsseV001 },
  intoto: { '0.0.1': intotoV001, '0.0.2': intotoV002 },
  rekord: { '0.0.1': rekordV001 },
};

/** The kinds and versions this log accepts. */
export const SUPPORTED_TYPES: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  Object.entries(TYPES).map(([kind, versions]) => [kind, Object.keys(versions)]),
);

/** Validates `proposed` (signature checks may run in the thread pool) and gives its canonical form. */
export async function canonicalizeProposedEntry(
  proposed: unknown,
  options: CanonicalizeOptions = {},
): Promise<CanonicalEntry> {
  if (!isObject(proposed)) throw new RekorError('INVALID_ENTRY', 'entry must be a JSON object');
  const { kind, apiVersion, spec } = proposed;
  if (typeof kind !== 'string' || kind === '')
    throw new RekorError('INVALID_ENTRY', 'kind is required');
  const versions = TYPES[kind];
  if (!versions) throw new RekorError('UNSUPPORTED_TYPE', `unsupported entry kind ${show(kind)}`);
  if (typeof apiVersion !== 'string')
    throw new RekorError('INVALID_ENTRY', 'apiVersion is required');
  const type = versions[apiVersion];
  if (!type) {
    throw new RekorError(
      'UNSUPPORTED_TYPE',
      `${kind} implementation for version '${show(apiVersion)}' not found`,
    );
  }
  if (!isObject(spec)) throw new RekorError('INVALID_ENTRY', 'spec must be a JSON object');
  return await type(spec, options);
}

/** Echoes short client strings only, so messages stay bounded. */
function show(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
