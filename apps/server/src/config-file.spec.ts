import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfigFromArgs } from './config-file.js';

describe('loadConfigFromArgs', () => {
  let dir: string;
  const saved = process.env['SIGSTEAD_CONFIG'];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sigstead-config-'));
    await writeFile(join(dir, 'a.yaml'), 'rekor: { port: 4001 }\n');
    await writeFile(join(dir, 'b.yaml'), 'rekor: { port: 4002 }\n');
  });
  afterEach(() => {
    if (saved === undefined) delete process.env['SIGSTEAD_CONFIG'];
    else process.env['SIGSTEAD_CONFIG'] = saved;
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads --config, else SIGSTEAD_CONFIG, else takes every default', async () => {
    delete process.env['SIGSTEAD_CONFIG'];
    const defaults = await loadConfigFromArgs([]);
    process.env['SIGSTEAD_CONFIG'] = join(dir, 'b.yaml');
    expect((await loadConfigFromArgs([])).rekor.port).toBe(4002);
    expect((await loadConfigFromArgs(['--config', join(dir, 'a.yaml')])).rekor.port).toBe(4001);
    expect(defaults.rekor.port).not.toBe(4002);
  });

  it('runs only the services --only names, and refuses an unknown one', async () => {
    const config = await loadConfigFromArgs([
      '--config',
      join(dir, 'a.yaml'),
      '--only',
      'rekor,tuf',
    ]);
    expect([config.fulcio, config.ctlog, config.rekor, config.tuf].map((s) => s.enabled)).toEqual([
      false,
      false,
      true,
      true,
    ]);
    await expect(loadConfigFromArgs(['--only', 'nope'])).rejects.toThrow(/unknown service nope/);
  });
});
