#!/usr/bin/env node
// The `sahel` command: runs the bundle that `npm ci` (prepare) and `npm run build` write to dist/.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/main/cli.mjs', import.meta.url);
if (!existsSync(entry)) {
  console.error('sahel: not built yet. Run `npm run build` (npm ci does it for you), then try again.');
  process.exit(1);
}
await import(entry.href);
