import { describe, expect, it } from 'vitest';
import { buildConfig, parseConfigText } from './config.js';

const ISSUE_EXAMPLE = `
dataDir: /var/lib/sigstead
fulcio:
  port: 5555
  config:                      # Fulcio's own config, verbatim
    oidc-issuers:
      https://keycloak.corp.example/realms/dev:
        issuer-url: https://keycloak.corp.example/realms/dev
        client-id: sigstore
        type: email
ctlog: { port: 6962 }
rekor: { port: 3000 }
tuf:   { port: 8080 }
`;

describe('parseConfigText', () => {
  it('accepts the documented example and fills defaults', () => {
    const config = parseConfigText(ISSUE_EXAMPLE, { DATABASE_URL: 'postgres://db/sigstead' });
    expect(config.dataDir).toBe('/var/lib/sigstead');
    expect(config.fulcio.port).toBe(5555);
    expect(config.fulcio.issuers).toHaveProperty(['oidc-issuers']);
    expect(config.fulcio.ctLogUrl).toBeUndefined();
    expect(config.fulcio.ca.keyType).toBe('ecdsa-p256');
    expect(config.ctlog.publicUrl).toBe('http://localhost:6962');
    expect(config.database.url).toBe('postgres://db/sigstead');
    expect(config.devIssuer.enabled).toBe(false);
    expect(config.rekor.port).toBe(3000);
    expect(config.rekor.enabled).toBe(true);
    expect(config.rekor.hostname).toBe('localhost');
    expect(config.rekor.treeId).toBeUndefined();
    expect(config.rekor.validationThreads).toBeUndefined();
    expect(config.fulcio.validationThreads).toBeUndefined();
  });

  it('reads rekor’s batch and queue bounds, and refuses ones out of range', () => {
    expect(parseConfigText('{}').rekor).toMatchObject({ maxBatchSize: 1024, maxQueueSize: 16384 });
    const rekor = parseConfigText('rekor: { maxBatchSize: 64, maxQueueSize: 512 }').rekor;
    expect(rekor).toMatchObject({ maxBatchSize: 64, maxQueueSize: 512 });
    expect(() => parseConfigText('rekor: { maxQueueSize: 0 }')).toThrow(/rekor\.maxQueueSize/);
    expect(() => parseConfigText('rekor: { maxBatchSize: 64, maxQueueSize: 63 }')).toThrow(
      /rekor\.maxQueueSize.*at least rekor\.maxBatchSize \(64\)/,
    );
    // An unset queue bound follows a batch size above its default.
    expect(parseConfigText('rekor: { maxBatchSize: 32768 }').rekor.maxQueueSize).toBe(32768);
    expect(() => parseConfigText('rekor: { maxBatchSize: 1.5 }')).toThrow(/rekor\.maxBatchSize/);
  });

  it('reads the rekor and fulcio validation threads, 0 meaning the event loop', () => {
    expect(parseConfigText('rekor: { validationThreads: 0 }').rekor.validationThreads).toBe(0);
    expect(parseConfigText('rekor: { validationThreads: 3 }').rekor.validationThreads).toBe(3);
    const fulcio = parseConfigText('fulcio: { validationThreads: 2 }').fulcio;
    expect(fulcio.validationThreads).toBe(2);
    // Unset: picked from the CPU count with PostgreSQL, none on the embedded database.
    const production = parseConfigText('{}', { DATABASE_URL: 'postgres://db/sigstead' });
    expect(production.fulcio.validationThreads).toBeUndefined();
    expect(production.rekor.validationThreads).toBeUndefined();
    expect(parseConfigText('{}').fulcio.validationThreads).toBe(0);
    expect(parseConfigText('{}').rekor.validationThreads).toBe(0);
  });

  it('reads the rekor tree ID as a 64-bit integer and the origin host', () => {
    const config = parseConfigText(
      'rekor: { treeId: "9223372036854775807", publicUrl: "https://rekor.corp.example" }',
    );
    expect(config.rekor.treeId).toBe(9223372036854775807n);
    expect(config.rekor.hostname).toBe('rekor.corp.example');
  });

  it('reads the tuf section: offline keys in production, durations in seconds or with a unit', () => {
    const production = parseConfigText(ISSUE_EXAMPLE, { DATABASE_URL: 'postgres://db/sigstead' });
    expect(production.tuf).toMatchObject({ enabled: true, port: 8080, keys: 'offline' });
    expect(production.tuf.expiry).toEqual({
      root: 365 * 86400,
      targets: 365 * 86400,
      snapshot: 30 * 86400,
      timestamp: 7 * 86400,
    });
    expect(production.tuf.timestampRefresh).toBe(86400);
    const embedded = parseConfigText(
      'tuf: { expiry: { timestamp: 30s }, checkInterval: 1, rotationGrace: 0 }',
    );
    expect(embedded.tuf).toMatchObject({
      keys: 'generated',
      timestampRefresh: 15,
      checkInterval: 1,
      rotationGrace: 0,
    });
    expect(() => parseConfigText('tuf: { expiry: { timestamp: 7w } }')).toThrow(
      /tuf\.expiry\.timestamp: must be a duration/,
    );
    expect(() =>
      parseConfigText('tuf: { expiry: { timestamp: 1h }, timestampRefresh: 2h }'),
    ).toThrow(/timestampRefresh/);
    expect(() => parseConfigText('tuf: { keys: hsm }')).toThrow(/tuf\.keys/);
  });

  it('accepts JSON, which is YAML too', () => {
    const config = parseConfigText(
      JSON.stringify({
        fulcio: { port: 1234, ctLogUrl: 'https://ct.example/2026/' },
        ctlog: { prefix: 'x' },
      }),
    );
    expect(config.fulcio.port).toBe(1234);
    expect(config.fulcio.ctLogUrl).toBe('https://ct.example/2026');
    expect(config.ctlog.prefix).toBe('x');
  });

  it('gives every section its default when the file is empty', () => {
    const config = parseConfigText('');
    expect(config.fulcio.enabled).toBe(true);
    expect(config.ctlog.prefix).toBe('sigstead');
  });

  it.each([
    ['an unknown section', 'bogus: {}', 'config bogus: unknown key'],
    ['an unknown key in a section', 'ctlog: { prot: 1 }', 'config ctlog.prot: unknown key'],
    ['a port out of range', 'fulcio: { port: 70000 }', 'config fulcio.port: must be an integer'],
    [
      'a bad CA key type',
      'fulcio: { ca: { keyType: rsa } }',
      'config fulcio.ca.keyType: must be one of',
    ],
    ['a zero tree ID', 'rekor: { treeId: 0 }', 'config rekor.treeId: must be a positive'],
    ['a tree ID over 2^63-1', 'rekor: { treeId: "9223372036854775808" }', 'rekor.treeId'],
    ['a hostname with a port', 'rekor: { hostname: "a:1" }', 'config rekor.hostname'],
    ['negative validation threads', 'rekor: { validationThreads: -1 }', 'rekor.validationThreads'],
    ['fractional validation threads', 'rekor: { validationThreads: 1.5 }', 'between 0 and 64'],
    ['too many key-proof threads', 'fulcio: { validationThreads: 65 }', 'fulcio.validationThreads'],
    ['half of the CA material', 'fulcio: { ca: { rootCertFile: /a } }', 'go together'],
    ['a prefix with a slash', 'ctlog: { prefix: a/b }', 'config ctlog.prefix'],
    ['a non-http public URL', 'ctlog: { publicUrl: "ftp://x" }', 'must be an http(s) URL'],
    ['broken YAML', 'fulcio: [', 'not valid YAML'],
    ['a list at the top', '- a', 'must be a mapping'],
  ])('rejects %s', (_name, text, message) => {
    expect(() => parseConfigText(text)).toThrow(message);
  });

  it('runs several workers only on PostgreSQL', () => {
    expect(parseConfigText('workers: 2', { DATABASE_URL: 'postgres://db/x' }).workers).toBe(2);
    expect(() => parseConfigText('workers: 2')).toThrow(
      'config workers: more than one worker needs PostgreSQL',
    );
  });

  it('does not read the database URL from the file', () => {
    expect(() => buildConfig({ database: { url: 'postgres://x' } })).toThrow('database.url');
  });
});
