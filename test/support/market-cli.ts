// What the CLI market tests share: two funded devnet keys (a seller and a buyer, imported into one
// wallet), a check that a command exited 0, and a field of a --json answer read by another process.
import { spawnSync } from 'node:child_process';
import { expect } from 'vitest';
import type { CliResult } from './cli.js';

export const SELLER_KEY = '0x8f2a55949038a9610f50fb23b5883af3b4ecb3c3bb792cbcefbd1542c692be63';
export const BUYER_KEY = '0x5b1c8a7e3d2f4c6b9a0e1d2c3b4a5f6e7d8c9b0a1f2e3d4c5b6a7f8e9d0c1b2a';

export function ok(r: CliResult): CliResult {
  expect(r.code, `exit ${r.code}; stderr: ${r.stderr}`).toBe(0);
  return r;
}

/** A field of a --json answer, read by a separate node process (a client no one here wrote). */
export function field(json: string, path: string): string {
  const r = spawnSync(
    process.execPath,
    [
      '-e',
      `const d=JSON.parse(require('fs').readFileSync(0,'utf8'));process.stdout.write(String(d.${path}))`,
    ],
    { input: json, encoding: 'utf8' },
  );
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}
