import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lazyImports, packagesOf, staticLoad } from '../../../support/chunks.js';
import { ROOT } from '../../../support/sahel-process.js';

// The built CLI (node scripts/build.mjs) loads each command's code when the command runs. Layer faces
// must not change that: a face shared by two chunks would load all it re-exports into both.
const dir = join(ROOT, 'dist', 'main');
const read = (name: string) =>
  existsSync(join(dir, name)) ? readFileSync(join(dir, name), 'utf8') : undefined;
const chunk = (prefix: string) => {
  const name = readdirSync(dir).find((f) => f.startsWith(`cli-${prefix}-`) && f.endsWith('.mjs'));
  if (!name) throw new Error(`no cli-${prefix}-*.mjs in dist/main: run node scripts/build.mjs`);
  return name;
};
const HEAVY = ['better-sqlite3', 'node-llama-cpp', 'viem', 'viem/accounts', 'ws'];

describe('the CLI bundle', () => {
  it('starts (sahel --help) without SQLite, viem, the engine, ws or zod', () => {
    const pkgs = packagesOf(staticLoad(read, 'cli.mjs'));
    expect(pkgs).toContain('commander');
    expect(pkgs.filter((p) => [...HEAVY, 'zod'].includes(p))).toEqual([]);
  });

  it('registers each command group without SQLite, viem, the engine or ws', () => {
    for (const group of ['vault', 'wallet', 'models', 'chat', 'network', 'contracts', 'devnet']) {
      const pkgs = packagesOf(staticLoad(read, chunk(group)));
      expect(
        pkgs.filter((p) => HEAVY.includes(p)),
        `cli-${group}`,
      ).toEqual([]);
    }
  });

  it('asks a running Sahel for its status (sahel status) with the socket client only', () => {
    const status = chunk('status');
    const loaded = [status, ...lazyImports(read(status) ?? '')].map((f) => staticLoad(read, f)).join('\n');
    expect(loaded).toContain('connectSocket');
    expect(packagesOf(loaded).filter((p) => HEAVY.includes(p))).toEqual([]);
  });
});
