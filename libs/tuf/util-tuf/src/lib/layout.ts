import type { RoleName } from './metadata.js';

/** A request path of the mirror layout (spec tuf.md §1.1), or null for anything else (404). */
export type MirrorPath =
  /** `N.root.json`, `N.snapshot.json`, `N.targets.json`; or the latest (`root.json`, …, `timestamp.json`). */
  | { readonly kind: 'metadata'; readonly role: RoleName; readonly version?: number }
  /** `targets/<sha256>.<name>`; or `targets/<name>`, the latest version of the target. */
  | { readonly kind: 'target'; readonly name: string; readonly sha256?: string };

const TARGET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/;
const VERSIONED = /^([1-9][0-9]{0,9})\.(root|snapshot|targets)\.json$/;
const HASHED = /^([0-9a-f]{64})\.(.+)$/;

/**
 * Maps a URL path onto the layout. Repeated slashes collapse (sigstore-js and policy-controller build
 * `mirror + "/targets"` even when the mirror ends in `/`). Nothing here touches a file system: a
 * name is either one of the repository's own or not found, so traversal has nothing to reach.
 */
export function parseMirrorPath(rawPath: string): MirrorPath | null {
  const path = rawPath.replace(/\/{2,}/g, '/');
  if (!path.startsWith('/')) return null;
  const parts = path.slice(1).split('/');
  if (parts.length === 1) {
    const [file = ''] = parts;
    if (file === 'timestamp.json') return { kind: 'metadata', role: 'timestamp' };
    for (const role of ['root', 'snapshot', 'targets'] as const) {
      if (file === `${role}.json`) return { kind: 'metadata', role };
    }
    const m = VERSIONED.exec(file);
    if (!m) return null;
    const version = Number(m[1]);
    if (version > 2 ** 31 - 1) return null;
    return { kind: 'metadata', role: m[2] as RoleName, version };
  }
  if (parts.length === 2 && parts[0] === 'targets') {
    const file = parts[1] ?? '';
    const hashed = HASHED.exec(file);
    if (hashed && TARGET_NAME.test(hashed[2] ?? '')) {
      return { kind: 'target', sha256: hashed[1], name: hashed[2]! };
    }
    return TARGET_NAME.test(file) ? { kind: 'target', name: file } : null;
  }
  return null;
}
