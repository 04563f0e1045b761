#!/usr/bin/env node
// Launcher for the compiled CLI (`npm run build` produces ../dist).
import('../dist/main.js').catch((err) => {
  console.error(err?.code === 'ERR_MODULE_NOT_FOUND' ? 'sigstead: run `npm run build` first' : err);
  process.exit(1);
});
