import { Inject, Injectable } from '@nestjs/common';
import {
  parseEnvelope,
  parseMirrorPath,
  sha256Hex,
  type MirrorPath,
  type RoleName,
  type TargetsSigned,
} from '@sigstead/util-tuf';
import { TufServiceError } from './error.js';
import { TUF_STORE, type TufStore } from './ports.js';
import { TufRepositoryService } from './repository.service.js';

export interface ServedFile {
  readonly body: Buffer;
  readonly contentType: string;
  readonly cacheControl: string;
  readonly etag: string;
}

const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Newest-version aliases may change at any moment: revalidate (ETag) every time. */
const ALIAS = 'no-cache';
const MAX_CACHED_FILES = 512;
const LATEST_TTL_MS = 1000;

/**
 * Serves the mirror layout from the database: exact bytes, 404 for anything not published.
 * Versioned and hashed files never change, so they are cached without expiry; the newest version of
 * each role is re-read at most once a second.
 */
@Injectable()
export class MirrorService {
  private readonly immutable = new Map<string, ServedFile>();
  private readonly latest = new Map<RoleName, { at: number; file: ServedFile | null }>();
  /** The newest targets, parsed once per version for `targets/<name>` lookups. */
  private targetsIndex?: { readonly body: Buffer; readonly signed: TargetsSigned };

  constructor(
    @Inject(TUF_STORE) private readonly store: TufStore,
    private readonly repository: TufRepositoryService,
  ) {}

  async read(path: string): Promise<ServedFile> {
    const p = parseMirrorPath(path);
    const file = p ? await this.lookup(p) : null;
    if (!file) throw new TufServiceError('NOT_FOUND', 'not found');
    return file;
  }

  metrics(): Promise<string> {
    return this.repository.metrics();
  }

  private async lookup(p: MirrorPath): Promise<ServedFile | null> {
    if (p.kind === 'metadata') {
      if (p.version === undefined) return this.newest(p.role);
      return this.cached(`${p.version}.${p.role}.json`, () => this.store.get(p.role, p.version!));
    }
    const sha256 = p.sha256 ?? (await this.currentTargetHash(p.name));
    if (!sha256) return null;
    const file = await this.cached(`targets/${sha256}.${p.name}`, () =>
      this.store.targetFile(p.name, sha256),
    );
    return file && p.sha256 === undefined ? { ...file, cacheControl: ALIAS } : file;
  }

  private async newest(role: RoleName): Promise<ServedFile | null> {
    const hit = this.latest.get(role);
    if (hit && Date.now() - hit.at < LATEST_TTL_MS) return hit.file;
    const row = await this.store.latest(role);
    const file = row ? served(row.body, '.json', role === 'timestamp' ? 'no-store' : ALIAS) : null;
    this.latest.set(role, { at: Date.now(), file });
    return file;
  }

  private async currentTargetHash(name: string): Promise<string | undefined> {
    const targets = await this.newest('targets');
    if (!targets) return undefined;
    if (!this.targetsIndex?.body.equals(targets.body)) {
      this.targetsIndex = {
        body: targets.body,
        signed: parseEnvelope('targets', targets.body).signed,
      };
    }
    return this.targetsIndex.signed.targets[name]?.hashes.sha256;
  }

  private async cached(
    key: string,
    load: () => Promise<Buffer | null>,
  ): Promise<ServedFile | null> {
    const hit = this.immutable.get(key);
    if (hit) return hit;
    const body = await load();
    if (!body) return null;
    const file = served(body, key, IMMUTABLE);
    if (this.immutable.size >= MAX_CACHED_FILES) {
      this.immutable.delete(this.immutable.keys().next().value!);
    }
    this.immutable.set(key, file);
    return file;
  }
}

function served(body: Buffer, name: string, cacheControl: string): ServedFile {
  return {
    body,
    contentType: name.endsWith('.json') ? 'application/json' : 'application/octet-stream',
    cacheControl,
    etag: `"${sha256Hex(body)}"`,
  };
}
