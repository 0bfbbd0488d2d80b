// Untrusted inputs at the vault command line: secret files that are devices or pipes, destinations
// that are not regular files, trees with entries the vault does not take, and a damaged database.
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, runCli } from '../../../support/cli.js';
import { SAHEL_BIN } from '../../../support/sahel-process.js';
import { tempDir } from '../../../support/tmp.js';

const PASS = 'inputs test 61 quiet larches';

function sahel(
  dataDir: string,
  args: string[],
  opts: { pass?: string; input?: string } = {},
): Promise<CliResult> {
  const env: Record<string, string> = opts.pass ? { SAHEL_PASSPHRASE_FILE: opts.pass } : {};
  return runCli(args, {
    dataDir: dataDir,
    env: env,
    timeoutMs: 60_000,
    ...(opts.input === undefined ? {} : { input: opts.input }),
  });
}

/** Exit 1 with one line on stderr that says `message`, and no raw error. */
function failsWith(r: CliResult, message: string | RegExp): void {
  expect(r.code, r.stderr).toBe(1);
  expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
  expect(r.stderr).not.toContain('unexpected error');
  expect(r.stderr).toMatch(message);
}

function fifo(path: string): string {
  execFileSync('mkfifo', [path]);
  return path;
}

describe('secret files (--passphrase-file and the other --*-file flags)', () => {
  it('refuses a device, gives up on a pipe that sends nothing, caps size, and still reads stdin', async () => {
    const dir = tempDir();
    const dataDir = join(dir, 'data');
    failsWith(
      await sahel(dataDir, ['vault', 'init', '--passphrase-file', '/dev/zero']),
      /not a regular file or a pipe/,
    );
    failsWith(
      await sahel(dataDir, ['vault', 'init', '--passphrase-file', fifo(join(dir, 'p'))]),
      /sent nothing within/,
    );
    const big = join(dir, 'big');
    writeFileSync(big, 'x'.repeat(64 * 1024 + 1));
    failsWith(await sahel(dataDir, ['vault', 'init', '--passphrase-file', big]), /too large/);
    expect(existsSync(join(dataDir, 'vault', 'keyslots.json'))).toBe(false);
    // The wallet's secret files go through the same reader.
    failsWith(
      await sahel(dataDir, ['wallet', 'import', '--mnemonic-file', '/dev/zero']),
      /not a regular file or a pipe/,
    );
    const piped = await sahel(dataDir, ['vault', 'init', '--passphrase-file', '/dev/stdin'], {
      input: `${PASS}\n`,
    });
    expect(piped.code, piped.stderr).toBe(0);
    expect(existsSync(join(dataDir, 'vault', 'keyslots.json'))).toBe(true);
    // Above, standard input as Node hands it to a child (a socket); here as a shell pipe hands it.
    const script = `printf '%s\\n' "$P" | "$NODE" "$BIN" --data-dir "$D" vault identity export --passphrase-file /dev/stdin`;
    const out = execFileSync('sh', ['-c', script], {
      env: { PATH: process.env.PATH ?? '', P: PASS, NODE: process.execPath, BIN: SAHEL_BIN, D: dataDir },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(out).toMatch(/AGE-SECRET-KEY-1/);
  }, 120_000);
});

describe('vault get, vault add and a damaged database', () => {
  let dir: string;
  let dataDir: string;
  let pass: string;
  let id: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sahel-inputs-'));
    dataDir = join(dir, 'data');
    pass = join(dir, 'pass');
    writeFileSync(pass, PASS);
    expect((await sahel(dataDir, ['vault', 'init'], { pass })).code).toBe(0);
    writeFileSync(join(dir, 'one.txt'), 'one');
    const added = await sahel(dataDir, ['--json', 'vault', 'add', join(dir, 'one.txt')], { pass });
    expect(added.code, added.stderr).toBe(0);
    id = (JSON.parse(added.stdout) as { items: { id: string }[] }).items[0]!.id;
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('get --force writes only over regular files: not a pipe, a device or a link', async () => {
    const pipe = fifo(join(dir, 'out.fifo'));
    const target = join(dir, 'target.txt');
    writeFileSync(target, 'keep me');
    const link = join(dir, 'link.txt');
    symlinkSync(target, link);
    for (const out of [pipe, '/dev/null', link]) {
      failsWith(
        await sahel(dataDir, ['vault', 'get', id, '-o', out, '--force'], { pass }),
        /not a regular file/,
      );
    }
    expect(lstatSync(pipe).isFIFO()).toBe(true);
    expect(lstatSync('/dev/null').isCharacterDevice()).toBe(true);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('keep me');
    const ok = await sahel(dataDir, ['vault', 'get', id, '-o', target, '--force'], { pass });
    expect(ok.code, ok.stderr).toBe(0);
    expect(readFileSync(target, 'utf8')).toBe('one');
  }, 120_000);

  it('add names what it skips, fails when nothing is left, and imports nothing of a tree with a bad entry', async () => {
    const tree = join(dir, 'tree');
    mkdirSync(tree);
    for (let i = 0; i < 5; i++) writeFileSync(join(tree, `f${i}.txt`), `file ${i}`);
    const pipe = fifo(join(tree, 'pipe'));
    symlinkSync('/etc/passwd', join(tree, 'passwd-link'));
    const listed = async () =>
      (
        JSON.parse((await sahel(dataDir, ['--json', 'vault', 'list', '--all'], { pass })).stdout) as {
          items: unknown[];
        }
      ).items.length;

    failsWith(await sahel(dataDir, ['vault', 'add', pipe], { pass }), /Nothing was added: .*pipe is a pipe/);
    failsWith(
      await sahel(dataDir, ['vault', 'add', '/dev/null'], { pass }),
      /Nothing was added: \/dev\/null is a device/,
    );
    const before = await listed();

    const r = await sahel(dataDir, ['vault', 'add', tree], { pass });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Skipped ${pipe}: a pipe.`);
    expect(r.stdout).toContain(`Skipped ${join(tree, 'passwd-link')}: a symbolic link.`);
    expect(r.stdout).toContain('Added 5 files in 1 folder.');
    expect(await listed()).toBe(before + 6);

    // A name the vault cannot hold deep in a second tree: refused before the first file goes in.
    const bad = join(dir, 'bad');
    mkdirSync(join(bad, 'deep'), { recursive: true });
    for (let i = 0; i < 18; i++) writeFileSync(join(bad, `a${String(i).padStart(2, '0')}.txt`), 'x');
    writeFileSync(Buffer.concat([Buffer.from(join(bad, 'deep', 'latin1-')), Buffer.from([0xe9, 0x2e])]), 'x');
    failsWith(
      await sahel(dataDir, ['vault', 'add', bad], { pass }),
      /Nothing was imported: .*not valid UTF-8/,
    );
    expect(await listed()).toBe(before + 6);
  }, 180_000);

  it('says in a sentence that a damaged sahel.db is damaged', async () => {
    const other = join(dir, 'other');
    mkdirSync(other, { mode: 0o700 });
    writeFileSync(join(other, 'sahel.db'), Buffer.alloc(8192, 0x41));
    // `vault status` no longer opens the database (test/integration/shells/cli/vault-status.test.ts); a
    // command that needs it does.
    failsWith(
      await sahel(other, ['vault', 'list']),
      /The database .*sahel\.db is damaged or is not a Sahel database: restore it from a backup/,
    );
  });
});
