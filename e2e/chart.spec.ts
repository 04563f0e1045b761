/**
 * The Helm chart lints and renders with the pinned helm (scripts/install-clients.sh), and what it
 * renders runs each service from the same image with `--only`, keys from a Secret and the config
 * the server accepts.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { buildConfig } from '@sigstead/util-config';

const run = promisify(execFile);
const HELM_VERSION = 'v3.19.2';
const chart = join(import.meta.dirname, '..', 'charts', 'sigstead');

/** The parts of the rendered manifests these tests read. */
interface ManifestDoc {
  kind: string;
  metadata: { name: string };
  spec?: {
    replicas?: number;
    template: { spec: { containers: { args: string[]; env: { name: string }[] }[] } };
  };
  data?: Record<string, string>;
}

function locateHelm(): string | undefined {
  const cache = process.env['SIGSTEAD_CLIENTS_DIR'] || join(homedir(), '.cache/sigstead');
  const candidate = process.env['SIGSTEAD_HELM'] || join(cache, `bin/helm-${HELM_VERSION}`);
  try {
    accessSync(candidate, constants.X_OK);
    return candidate;
  } catch {
    if (process.env['CI'] === 'true')
      throw new Error(`helm ${HELM_VERSION} missing in CI: run scripts/install-clients.sh`);
    return undefined;
  }
}

const helm = locateHelm();

describe.skipIf(!helm)(`Helm chart (helm ${HELM_VERSION})`, () => {
  const env = {
    ...process.env,
    HELM_CACHE_HOME: '/tmp/helm-cache',
    HELM_CONFIG_HOME: '/tmp/helm-config',
  };

  it('passes helm lint', async () => {
    const { stdout } = await run(helm!, ['lint', chart, '--strict'], { env });
    expect(stdout).toContain('0 chart(s) failed');
  });

  it('renders a Deployment per service with a configuration the server accepts', async () => {
    const { stdout } = await run(
      helm!,
      [
        'template',
        'demo',
        chart,
        '--set',
        'fulcio.ingress.enabled=true',
        '--set',
        'fulcio.replicas=3',
        '--set',
        'rekor.maxQueueSize=4096',
      ],
      { env },
    );
    const docs = parseAllDocuments(stdout)
      .map((d) => d.toJS() as ManifestDoc)
      .filter(Boolean);
    const deployments = docs.filter((d) => d.kind === 'Deployment');
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual([
      'demo-sigstead-ctlog',
      'demo-sigstead-fulcio',
      'demo-sigstead-rekor',
      'demo-sigstead-tuf',
    ]);
    for (const d of deployments) {
      const [container] = d.spec!.template.spec.containers;
      expect(container!.args).toContain('--only');
      expect(container!.env.map((e: { name: string }) => e.name)).toEqual([
        'DATABASE_URL',
        'SIGSTEAD_KEY_PASSPHRASE',
      ]);
    }
    expect(deployments.find((d) => d.metadata.name.endsWith('fulcio'))!.spec!.replicas).toBe(3);
    expect(docs.filter((d) => d.kind === 'Ingress')).toHaveLength(1);
    const configMap = docs.find((d) => d.kind === 'ConfigMap')!;
    const config = buildConfig(parseAllDocuments(configMap.data!['config.yaml']!)[0]!.toJS());
    expect(config.fulcio.ctLogUrl).toBe('http://demo-sigstead-ctlog:6962/sigstead');
    expect(config.ctlog.rootsFile).toBe('/etc/sigstead/keys/root.crt.pem');
    expect(config.fulcio.ca.intermediateKeyFile).toBe('/etc/sigstead/keys/intermediate.key.pem');
    expect(config.rekor.keyFile).toBe('/etc/sigstead/keys/rekor.key.pem');
    expect(config.rekor.hostname).toBe('rekor.example.com');
    expect(config.rekor).toMatchObject({ maxQueueSize: 4096, maxBatchSize: 1024 });
    expect(config.tuf).toMatchObject({
      keys: 'offline',
      onlineKeyFile: '/etc/sigstead/keys/tuf-online.key.pem',
      publicUrl: 'https://tuf.example.com',
      port: 8080,
    });
    expect(config.tuf.expiry.timestamp).toBe(7 * 86400);
    const rekor = deployments.find((d) => d.metadata.name.endsWith('rekor'))!;
    expect(rekor.spec!.template.spec.containers[0]!.args).toEqual([
      '--config',
      '/etc/sigstead/config.yaml',
      '--only',
      'rekor',
    ]);
  });

  it('passes REDIS_URL to every service when a Redis Secret is named', async () => {
    const { stdout } = await run(
      helm!,
      ['template', 'demo', chart, '--set', 'redis.existingSecret=sigstead-redis'],
      { env },
    );
    const deployments = parseAllDocuments(stdout)
      .map((d) => d.toJS() as ManifestDoc)
      .filter((d) => d?.kind === 'Deployment');
    expect(deployments).toHaveLength(4);
    for (const d of deployments) {
      const vars = d.spec!.template.spec.containers[0]!.env as {
        name: string;
        valueFrom: { secretKeyRef: { name: string } };
      }[];
      expect(vars.find((e) => e.name === 'REDIS_URL')?.valueFrom.secretKeyRef.name).toBe(
        'sigstead-redis',
      );
    }
  });
});
