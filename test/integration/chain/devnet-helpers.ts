// Shared by the devnet and networks tests: a devnet directory per file, cast for independent checks.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { CAST_BIN } from '../../support/anvil.js';

/** A temp dir for the whole file (removed after all its tests), unlike tempDir() which is per test. */
export function fileTempDir(prefix = 'sahel-devnet-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Runs cast (Foundry's own client, not Sahel's code) and returns its trimmed output. */
export function cast(...args: string[]): string {
  return execFileSync(CAST_BIN, args, { encoding: 'utf8', timeout: 20_000 }).trim();
}

/** Waits until `check` holds, polling; fails after `timeoutMs`. */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
