// Keeps TypeScript project references in step with the imports between workspace projects.
// `node scripts/tsrefs.mjs` rewrites them; `--check` fails when they are stale.
import { readFileSync, writeFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { join, relative, dirname } from 'node:path';

const root = dirname(dirname(new URL(import.meta.url).pathname));
const check = process.argv.includes('--check');

function projectDirs() {
  const dirs = [];
  for (const base of ['apps', 'libs']) {
    const walk = (d, depth) => {
      if (existsSync(join(d, 'project.json'))) return dirs.push(d);
      if (depth > 2) return;
      for (const e of readdirSync(d)) {
        const p = join(d, e);
        if (statSync(p).isDirectory() && e !== 'node_modules' && e !== 'dist') walk(p, depth + 1);
      }
    };
    if (existsSync(join(root, base))) walk(join(root, base), 0);
  }
  return dirs.sort();
}

function sources(d) {
  const out = [];
  const walk = (p) => {
    for (const e of readdirSync(p)) {
      const f = join(p, e);
      if (statSync(f).isDirectory()) walk(f);
      else if (f.endsWith('.ts') && !f.endsWith('.spec.ts')) out.push(f);
    }
  };
  walk(join(d, 'src'));
  return out;
}

const dirs = projectDirs();
const byName = new Map(
  dirs.map((d) => [JSON.parse(readFileSync(join(d, 'package.json'), 'utf8')).name, d]),
);
let stale = [];
for (const d of dirs) {
  const used = new Set();
  for (const f of sources(d)) {
    for (const m of readFileSync(f, 'utf8').matchAll(/from '(@sigstead\/[a-z0-9-]+)'/g)) {
      if (byName.has(m[1]) && byName.get(m[1]) !== d) used.add(byName.get(m[1]));
    }
  }
  const file = join(d, 'tsconfig.json');
  const cfg = JSON.parse(readFileSync(file, 'utf8'));
  const refs = [...used].sort().map((u) => ({ path: relative(d, u) }));
  if (JSON.stringify(cfg.references ?? []) !== JSON.stringify(refs)) {
    stale.push(relative(root, file));
    cfg.references = refs;
    if (!check) writeFileSync(file, JSON.stringify(cfg, null, 2) + '\n');
  }
}
const build = {
  files: [],
  references: dirs.map((d) => ({ path: './' + relative(root, d) })),
};
const buildFile = join(root, 'tsconfig.build.json');
const text = JSON.stringify(build, null, 2) + '\n';
if (!existsSync(buildFile) || readFileSync(buildFile, 'utf8') !== text) {
  stale.push('tsconfig.build.json');
  if (!check) writeFileSync(buildFile, text);
}
if (check && stale.length) {
  console.error(`project references are stale: ${stale.join(', ')} (run node scripts/tsrefs.mjs)`);
  process.exit(1);
}
