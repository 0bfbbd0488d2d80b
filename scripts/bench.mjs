#!/usr/bin/env node
// Runs every benchmark in test/bench (files named *.bench.ts), one after another so they do not
// compete for the two cores. Each benchmark writes its own section of docs/PERFORMANCE.md.
// Usage: npm run bench [-- name-filter]
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = 'test/bench';
const filter = process.argv[2] ?? '';
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts') && f.includes(filter))
  .sort();
let failed = 0;
for (const file of files) {
  console.log(`\n== ${file}`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(dir, file)], { stdio: 'inherit' });
  if (run.status !== 0) failed += 1;
}
console.log(`\nbench: ${files.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
