// The CLI's plumbing against the built `sahel`: output reaches a pipe whole, usage errors are
// sentences with exit 2, data from outside is printed harmless, the data dir is private.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SUMMARY } from '../../../../src-main/shells/cli/commands/summaries.js';
import { runCli } from '../../../support/cli.js';
import { SAHEL_BIN } from '../../../support/sahel-process.js';
import { tempDir } from '../../../support/tmp.js';

const PASS = 'violet harbour sings 19 lanterns';

/** `sahel … | node -e <reader>`: the reader starts late, so the pipe fills before it drains. */
function piped(args: string[], env: Record<string, string>): { code: number | null; out: string } {
  const reader =
    "setTimeout(()=>{let s='';process.stdin.setEncoding('utf8').on('data',d=>s+=d).on('end',()=>{" +
    'const v=JSON.parse(s);process.stdout.write(JSON.stringify({bytes:Buffer.byteLength(s),items:v.items.length}))})},500)';
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const cmd = `${[process.execPath, SAHEL_BIN, ...args].map(quote).join(' ')} | ${quote(process.execPath)} -e ${quote(reader)}`;
  const r = spawnSync('sh', ['-c', cmd], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
  });
  return { code: r.status, out: r.stdout + r.stderr };
}

describe('sahel output', () => {
  it('a --json result larger than a pipe buffer reaches the reader whole', { timeout: 300_000 }, async () => {
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
    expect((await runCli(['vault', 'init'], { dataDir, env: env, timeoutMs: 60_000 })).code).toBe(0);
    const add = await runCli(['--json', 'vault', 'add', files, ...tags], {
      dataDir: dataDir,
      env: env,
      timeoutMs: 120_000,
    });
    expect(add.code, add.stderr).toBe(0);

    const r = piped(['--data-dir', dataDir, '--json', 'vault', 'list', '--all'], env);
    expect(r.code, r.out).toBe(0);
    const got = JSON.parse(r.out) as { bytes: number; items: number };
    expect(got.bytes).toBeGreaterThan(140 * 1024);
    expect(got.items).toBe(61);

    // The same vault serves the checks below (an Argon2id unlock per command is costly).
    const sahel = (args: string[], input?: string) =>
      runCli(args, {
        dataDir: dataDir,
        env: env,
        timeoutMs: 60_000,
        ...(input === undefined ? {} : { input }),
      });

    // A field the API refuses: one sentence naming it, exit 2 (not zod's text with exit 1).
    const long = await sahel(['vault', 'note', 'n'.repeat(300)], 'text');
    expect(long.code, long.stderr).toBe(2);
    expect(long.stderr.trim()).toBe('sahel: Invalid name: too long, at most 255 characters.');

    // A name with a right-to-left override and an escape sequence prints visibly, never raw.
    const evil = 'invoice\u202Efdp.exe\u001b[2J';
    expect((await sahel(['vault', 'note', evil], 'the secret word banana is here')).code).toBe(0);
    const human = await sahel(['vault', 'list']);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toContain('invoice<U+202E>fdp.exe');
    expect(['\u202e', '\u001b'].some((c) => human.stdout.includes(c))).toBe(false);
    const listed = await sahel(['--json', 'vault', 'list']);
    expect(['\u202e', '\u001b'].some((c) => listed.stdout.includes(c))).toBe(false);
    const names = (JSON.parse(listed.stdout) as { items: Array<{ name: string }> }).items.map((i) => i.name);
    expect(names).toContain(evil);

    // Search results for scripts: plain text and match ranges, no control-character marks.
    const found = await sahel(['--json', 'vault', 'search', 'banana']);
    expect(found.code, found.stderr).toBe(0);
    expect(found.stdout).not.toMatch(/\\u000[23]/);
    const hit = (
      JSON.parse(found.stdout) as { hits: Array<{ snippet: string; snippetHighlights: [number, number][] }> }
    ).hits[0];
    expect(hit?.snippet).toContain('the secret word banana is here');
    const [start, end] = hit?.snippetHighlights[0] ?? [0, 0];
    expect([...(hit?.snippet ?? '')].slice(start, end).join('')).toBe('banana');
    const terminal = await sahel(['vault', 'search', 'banana']);
    expect(terminal.stdout).toContain('«banana»');
  });
});

describe('sahel help', () => {
  it('names in each summary only subcommands that exist', async () => {
    for (const [group, summary] of Object.entries(SUMMARY)) {
      const help = await runCli([group, '--help']);
      expect(help.code, help.stderr).toBe(0);
      // Summaries like "the vault: init, add, …" list subcommands; others are prose.
      const words = /^[^:]+: (.*)$/.exec(summary)?.[1]?.split(', ') ?? [];
      const listed = words.every((w) => /^[a-z-]+$/.test(w)) ? words : [];
      const commands = help.stdout.slice(help.stdout.indexOf('Commands:'));
      for (const name of listed)
        expect(commands, `${group} ${name}`).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
    }
  });
});

describe('sahel data dir', () => {
  it('refuses an empty --data-dir instead of using the default', async () => {
    const r = await runCli(['--data-dir', '', 'vault', 'status']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--data-dir is empty');
  });

  it('makes an existing 0755 data dir private, and says so in the log', async () => {
    const dataDir = join(tempDir(), 'data');
    mkdirSync(dataDir, { mode: 0o755 });
    chmodSync(dataDir, 0o755);
    expect((await runCli(['models', 'list'], { dataDir })).code).toBe(0);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(readFileSync(join(dataDir, 'logs', 'sahel.log'), 'utf8')).toContain('made it 0700');
  });
});
