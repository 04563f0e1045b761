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
// `npm run bench -- rekor issuance` runs those sections only, in the order below.
const only = process.argv.slice(2);
const sections = {
  issuance: async () => (await import('../bench/issuance.mjs')).benchIssuance(),
  rekor: async () => (await import('../bench/rekor.mjs')).benchRekor(),
  'rekor-scale': async () => (await import('../bench/rekor-scale.mjs')).benchRekorScale(),
  startup: async () => (await import('../bench/startup.mjs')).benchStartup(),
};
const unknown = only.filter((name) => !(name in sections));
if (unknown.length > 0) {
  console.error(`unknown bench ${unknown.join(', ')}: one of ${Object.keys(sections).join(', ')}`);
  process.exit(2);
}
// The machine's speed drifts within minutes, so it is measured before each section and at the end.
const { benchMachine } = await import('../bench/machine.mjs');
for (const [name, run] of Object.entries(sections)) {
  if (only.length > 0 && !only.includes(name)) continue;
  benchMachine(`before ${name}`);
  await run();
}
benchMachine('at the end');
