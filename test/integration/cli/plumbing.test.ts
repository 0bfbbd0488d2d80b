// The CLI's plumbing against the built `sahel`: output reaches a pipe whole, usage errors are
// sentences with exit 2, data from outside is printed harmless, the data dir is private.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runSahel } from '../../support/sahel-process.js';
import { tempDir } from '../../support/tmp.js';

const PASS = 'violet harbour sings 19 lanterns';
const BIN = join(ROOT, 'bin', 'sahel.js');

/** `sahel … | node -e <reader>`: the reader starts late, so the pipe fills before it drains. */
function piped(args: string[], env: Record<string, string>): { code: number | null; out: string } {
  const reader =
    "setTimeout(()=>{let s='';process.stdin.setEncoding('utf8').on('data',d=>s+=d).on('end',()=>{" +
    'const v=JSON.parse(s);process.stdout.write(JSON.stringify({bytes:Buffer.byteLength(s),items:v.items.length}))})},500)';
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const cmd = `${[process.execPath, BIN, ...args].map(quote).join(' ')} | ${quote(process.execPath)} -e ${quote(reader)}`;
  const r = spawnSync('sh', ['-c', cmd], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
  });
  return { code: r.status, out: r.stdout + r.stderr };
}

describe('sahel output', () => {
  it('a --json result larger than a pipe buffer reaches the reader whole', { timeout: 180_000 }, () => {
    const dir = tempDir();
    const dataDir = join(dir, 'data');
    const pass = join(dir, 'pass');
    writeFileSync(pass, `${PASS}\n`);
    const env = { SAHEL_PASSPHRASE_FILE: pass };
    // 60 items with 32 long tags each: ~150 KB of JSON, past the 64 KiB (or 128 KiB) a pipe holds.
    const files = join(dir, 'files');
    mkdirSync(files);
    for (let i = 0; i < 60; i++) writeFileSync(join(files, `file-${i}.txt`), `content ${i}`);
    const tags = Array.from({ length: 32 }, (_, i) => ['-t', `tag-${i}-${'x'.repeat(56)}`]).flat();
    expect(runSahel(['--data-dir', dataDir, 'vault', 'init'], env, { timeoutMs: 60_000 }).code).toBe(0);
    const add = runSahel(['--data-dir', dataDir, '--json', 'vault', 'add', files, ...tags], env, {
      timeoutMs: 120_000,
    });
    expect(add.code, add.stderr).toBe(0);

    const r = piped(['--data-dir', dataDir, '--json', 'vault', 'list', '--all'], env);
    expect(r.code, r.out).toBe(0);
    const got = JSON.parse(r.out) as { bytes: number; items: number };
    expect(got.bytes).toBeGreaterThan(140 * 1024);
    expect(got.items).toBe(61);
  });
});
