// `npm run bench`: builds, then prints throughput and latency numbers. Targets live here, not in tests.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const build = spawnSync(join(root, 'node_modules', '.bin', 'tsc'), ['-b', 'tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit',
});
if (build.status !== 0) process.exit(build.status ?? 1);
process.chdir(root);
const only = process.argv[2];
const { benchIssuance } = await import('../bench/issuance.mjs');
if (!only || only === 'issuance') await benchIssuance();
const { benchRekor } = await import('../bench/rekor.mjs');
if (!only || only === 'rekor') await benchRekor();
const { benchRekorScale } = await import('../bench/rekor-scale.mjs');
if (!only || only === 'rekor-scale') await benchRekorScale();
const { benchStartup } = await import('../bench/startup.mjs');
if (!only || only === 'startup') await benchStartup();
