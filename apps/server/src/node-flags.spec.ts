import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SERVER_NODE_FLAGS } from './node-flags.js';

const ROOT = join(import.meta.dirname, '../../..');

describe('SERVER_NODE_FLAGS', () => {
  it('are what the image’s entrypoint runs the server with', () => {
    const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
    const entrypoint = /^ENTRYPOINT (\[.*\])$/m.exec(dockerfile)?.[1];
    expect(JSON.parse(entrypoint ?? 'null')).toEqual([
      'node',
      ...SERVER_NODE_FLAGS,
      'apps/server/dist/main.js',
    ]);
  });

  it('are what `npm start` runs the server with', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts['start']).toBe(
      ['node', ...SERVER_NODE_FLAGS, 'scripts/start.mjs'].join(' '),
    );
  });

  it('are accepted by this node, on the command line', () => {
    const run = spawnSync(process.execPath, [...SERVER_NODE_FLAGS, '-e', '0'], {
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
