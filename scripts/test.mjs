// `npm test`: the whole gate, as CI runs it. Static checks first (cheap), then build, then every
// project's tests (unit and e2e) in one vitest run. Prints a final "N passed, N failed" line.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const bin = (name) => join(process.cwd(), 'node_modules', '.bin', name);
const extra = process.argv.slice(2);
const report = join(mkdtempSync(join(tmpdir(), 'sigstead-test-')), 'vitest.json');

const steps = [
  ['project references', 'node', ['scripts/tsrefs.mjs', '--check']],
  ['format', bin('prettier'), ['--check', '.', '--log-level', 'warn']],
  ['project graph', bin('nx'), ['show', 'projects'], { quiet: true }],
  ['lint', bin('eslint'), ['.', '--max-warnings', '0']],
  ['build', bin('tsc'), ['-b', 'tsconfig.build.json']],
  ['typecheck tests', bin('tsc'), ['-p', 'tsconfig.spec.json', '--noEmit']],
  [
    'tests',
    bin('vitest'),
    ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extra],
  ],
];

for (const [name, cmd, args, opts = {}] of steps) {
  const started = Date.now();
  process.stdout.write(`\n== ${name}\n`);
  const res = spawnSync(cmd, args, { stdio: opts.quiet ? 'ignore' : 'inherit', env: process.env });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (res.status !== 0) {
    summarize();
    console.error(`\n${name} failed (${secs}s)`);
    process.exit(res.status ?? 1);
  }
  process.stdout.write(`== ${name} ok (${secs}s)\n`);
}
summarize();

function summarize() {
  let r;
  try {
    r = JSON.parse(readFileSync(report, 'utf8'));
  } catch {
    return;
  }
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`\n${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
}
