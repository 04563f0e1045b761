// `npm start`: builds what changed (tsc -b is incremental), then runs the all-in-one server in this
// process, under the node flags package.json starts it with (apps/server/src/node-flags.ts).
// Without --config (or SIGSTEAD_CONFIG) it uses config/sigstead.yaml: the embedded quick start.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const args = process.argv.slice(2);
if (!args.includes('--config') && !args.includes('-c') && !process.env.SIGSTEAD_CONFIG) {
  args.push('--config', join(root, 'config', 'sigstead.yaml'));
}
const build = spawnSync(join(root, 'node_modules', '.bin', 'tsc'), ['-b', 'tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit',
});
if (build.status !== 0) process.exit(build.status ?? 1);
process.argv = [process.argv[0], join(root, 'apps/server/dist/main.js'), ...args];
await import('../apps/server/dist/main.js');
