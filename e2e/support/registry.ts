/**
 * A local OCI registry for the image tests: Debian's `docker-registry` (distribution 2.8) on a free
 * loopback port, filesystem storage in a temporary directory, stopped and removed at the end. The
 * binary comes from SIGSTEAD_DOCKER_REGISTRY, else PATH; without it the image tests skip locally,
 * and in CI (`CI=true`) that is an error, as with the other clients.
 *
 * Clients reach it as `localhost:<port>`: go-containerregistry (cosign) speaks plain HTTP to
 * `localhost:*` and `127.0.0.1*` registries without any insecure flag, and the client sandbox keeps
 * both names out of its proxy.
 *
 * `pushImage` uploads a minimal OCI image (config, one empty gzip'd tar layer, manifest) over the
 * Distribution API, so no container runtime is needed; `copyManifest` re-tags a manifest (how the
 * tests move a signature onto another image).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { isExecutable } from './clients.js';
import { freePorts } from './stack.js';

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
const OCI_LAYER = 'application/vnd.oci.image.layer.v1.tar+gzip';

/** The `docker-registry` binary, or undefined (an error in CI). */
export function locateDockerRegistry(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = env['SIGSTEAD_DOCKER_REGISTRY']
    ? [env['SIGSTEAD_DOCKER_REGISTRY']]
    : (env['PATH'] ?? '').split(delimiter).map((dir) => join(dir, 'docker-registry'));
  const found = candidates.find(isExecutable);
  if (!found && env['CI'] === 'true') {
    throw new Error('docker-registry missing in CI (apt-get install docker-registry)');
  }
  return found;
}

export interface PushedImage {
  /** `localhost:<port>/<name>` */
  readonly repository: string;
  /** `sha256:<hex>` of the manifest. */
  readonly digest: string;
  /** `<repository>@<digest>`: what to sign and verify. */
  readonly ref: string;
}

export class LocalRegistry {
  private output = '';

  private constructor(
    private readonly child: ChildProcess,
    private readonly exited: Promise<void>,
    private readonly dir: string,
    /** `localhost:<port>`, the host part of image references. */
    readonly host: string,
  ) {
    for (const stream of [child.stdout, child.stderr]) {
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => (this.output = (this.output + chunk).slice(-20_000)));
    }
  }

  /** Starts `binary serve <config>` and waits until `/v2/` answers. */
  static async start(binary: string): Promise<LocalRegistry> {
    const dir = await mkdtemp(join(tmpdir(), 'sigstead-registry-'));
    const [port] = await freePorts(1);
    const config = join(dir, 'config.yml');
    await writeFile(
      config,
      [
        'version: 0.1',
        'log: { level: error }',
        `storage: { filesystem: { rootdirectory: ${join(dir, 'storage')} }, delete: { enabled: true } }`,
        `http: { addr: 127.0.0.1:${port} }`,
        '',
      ].join('\n'),
    );
    const child = spawn(binary, ['serve', config], { stdio: ['ignore', 'pipe', 'pipe'] });
    // A failed spawn ends in 'error' without 'exit'; the wait below then sees exitCode/timeout.
    child.once('error', () => undefined);
    const exited = new Promise<void>((done) => {
      child.once('exit', () => done());
      child.once('error', () => done());
    });
    const registry = new LocalRegistry(child, exited, dir, `localhost:${port}`);
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/v2/`);
        await res.body?.cancel();
        if (res.status === 200) return registry;
      } catch {
        // not listening yet
      }
      if (child.exitCode !== null || Date.now() > deadline) {
        const output = registry.output;
        await registry.stop();
        throw new Error(`docker-registry did not start:\n${output}`);
      }
      await new Promise((ok) => setTimeout(ok, 100));
    }
  }

  private get base(): string {
    return `http://${this.host.replace(/^localhost:/, '127.0.0.1:')}`;
  }

  /** Uploads a small OCI image to `name` (tagged `latest`); `label` makes its digest unique. */
  async pushImage(name: string, label: string): Promise<PushedImage> {
    const emptyTar = Buffer.alloc(1024);
    const layer = gzipSync(emptyTar);
    const config = Buffer.from(
      JSON.stringify({
        architecture: 'amd64',
        os: 'linux',
        config: { Labels: { 'dev.sigstead.e2e': label } },
        rootfs: { type: 'layers', diff_ids: [sha256(emptyTar)] },
      }),
    );
    await this.pushBlob(name, config);
    await this.pushBlob(name, layer);
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: OCI_MANIFEST,
        config: { mediaType: OCI_CONFIG, digest: sha256(config), size: config.length },
        layers: [{ mediaType: OCI_LAYER, digest: sha256(layer), size: layer.length }],
      }),
    );
    const digest = await this.putManifest(name, 'latest', manifest, OCI_MANIFEST);
    const repository = `${this.host}/${name}`;
    return { repository, digest, ref: `${repository}@${digest}` };
  }

  /** `GET /v2/<name>/manifests/<reference>`: the exact bytes and media type, or undefined on 404. */
  async getManifest(
    name: string,
    reference: string,
  ): Promise<{ body: Buffer; mediaType: string } | undefined> {
    const res = await fetch(`${this.base}/v2/${name}/manifests/${reference}`, {
      headers: {
        accept: [
          OCI_MANIFEST,
          'application/vnd.oci.image.index.v1+json',
          'application/vnd.docker.distribution.manifest.v2+json',
        ].join(', '),
      },
    });
    if (res.status === 404) return undefined;
    if (res.status !== 200) throw new Error(`GET manifest ${name}:${reference}: ${res.status}`);
    return {
      body: Buffer.from(await res.arrayBuffer()),
      mediaType: res.headers.get('content-type') ?? '',
    };
  }

  /** `PUT /v2/<name>/manifests/<reference>`; returns the registry's digest of the manifest. */
  async putManifest(
    name: string,
    reference: string,
    body: Buffer,
    mediaType: string,
  ): Promise<string> {
    const res = await fetch(`${this.base}/v2/${name}/manifests/${reference}`, {
      method: 'PUT',
      headers: { 'content-type': mediaType },
      body,
    });
    if (res.status !== 201) {
      throw new Error(`PUT manifest ${name}:${reference}: ${res.status} ${await res.text()}`);
    }
    await res.body?.cancel();
    const digest = res.headers.get('docker-content-digest');
    if (digest !== sha256(body)) throw new Error(`manifest digest ${digest} != ${sha256(body)}`);
    return digest;
  }

  /** Puts the manifest tagged `from` under the tag `to` as well (byte for byte). */
  async copyManifest(name: string, from: string, to: string): Promise<void> {
    const manifest = await this.getManifest(name, from);
    if (!manifest) throw new Error(`${name}:${from} does not exist`);
    await this.putManifest(name, to, manifest.body, manifest.mediaType);
  }

  /** Monolithic upload: `POST /v2/<name>/blobs/uploads/`, then `PUT <location>?digest=`. */
  private async pushBlob(name: string, blob: Buffer): Promise<void> {
    const start = await fetch(`${this.base}/v2/${name}/blobs/uploads/`, { method: 'POST' });
    await start.body?.cancel();
    const location = start.headers.get('location');
    if (start.status !== 202 || !location) {
      throw new Error(`starting a blob upload to ${name}: ${start.status}`);
    }
    const url = new URL(location, this.base);
    url.searchParams.set('digest', sha256(blob));
    const put = await fetch(url, {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream' },
      body: blob,
    });
    if (put.status !== 201) throw new Error(`uploading a blob to ${name}: ${put.status}`);
    await put.body?.cancel();
  }

  /** The registry's recent output, for failure messages. */
  logs(): string {
    return this.output;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
      await this.exited;
      clearTimeout(timer);
    }
    await rm(this.dir, { recursive: true, force: true });
  }
}

function sha256(data: Buffer): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}
