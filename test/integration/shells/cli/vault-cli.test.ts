// `sahel vault …` against the built CLI: local mode (the command owns the data dir for its length)
// and a running `sahel serve` whose vault is unlocked once. Argon2id at its real floor costs ~1.7 s
// per unlock, so unlocks are few. Recovery goes through Debian's `age`: exports decrypt with
// `age -d`, the exported identity decrypts the vault's own blobs, `age -r` files import.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decrypt, ScryptIdentity } from '../../../../src-main/vault/age/index.js';
import type { VaultItem, VaultSearchHit } from '../../../../src-shared/domain/vault.js';
import { AGE, ageWithPassphrase, haveAge, KEYGEN, SCRIPT, sameBytes } from '../../../support/age-cli.js';
import { type CliResult, runCli } from '../../../support/cli.js';
import { type Served, startServe } from '../../../support/sahel-process.js';
import { tempDir } from '../../../support/tmp.js';

const SLOW = 120_000;

let dir: string;
let dataDir: string;
const path = (...p: string[]) => join(dir, ...p);

/** `sahel --data-dir <dataDir> …`, with the vault passphrase (if any) from SAHEL_PASSPHRASE_FILE. */
function sahel(
  args: string[],
  opts: { pass?: string; input?: string; cwd?: string } = {},
): Promise<CliResult> {
  const env: Record<string, string> = opts.pass ? { SAHEL_PASSPHRASE_FILE: opts.pass } : {};
  return runCli(args, {
    dataDir: dataDir,
    env: env,
    timeoutMs: 60_000,
    ...(opts.input === undefined ? {} : { input: opts.input }),
    ...(opts.cwd === undefined ? {} : { cwd: opts.cwd }),
  });
}

function ok(r: CliResult): CliResult {
  expect(r.stderr.includes('unexpected error'), r.stderr).toBe(false);
  expect(r.code, `exit ${r.code}; stderr: ${r.stderr}`).toBe(0);
  return r;
}

function json<T>(r: CliResult): T {
  return JSON.parse(ok(r).stdout) as T;
}

/** Exit 1 with one line on stderr that says `message`. */
function failsWith(r: CliResult, message: string | RegExp): void {
  expect(r.code, r.stderr).toBe(1);
  expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
  expect(r.stderr).toMatch(message);
}

function age(args: string[]): Buffer {
  return execFileSync(AGE, args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000, maxBuffer: 1 << 26 });
}

const PASS = 'correct horse battery staple 42';
const NEW_PASS = 'a different passphrase 2 with 7 owls';
const EXPORT_PASS = 'export only, not the vault';
const big = randomBytes(200_003);
const single = randomBytes(70_000);
const fromAgeContent = randomBytes(66_000);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sahel-vault-cli-'));
  dataDir = path('data');
  writeFileSync(path('pass'), `${PASS}\n`, { mode: 0o600 });
  writeFileSync(path('new-pass'), `${NEW_PASS}\n`, { mode: 0o600 });
  writeFileSync(path('wrong-pass'), 'not the passphrase\n', { mode: 0o600 });
  writeFileSync(path('weak-pass'), 'short\n', { mode: 0o600 });
  writeFileSync(path('export-pass'), `${EXPORT_PASS}\n`, { mode: 0o600 });
  mkdirSync(path('in', 'photos'), { recursive: true });
  writeFileSync(path('in', 'notes.txt'), 'field notes about papyrus and reed boats\n');
  writeFileSync(path('in', 'photos', 'big.bin'), big);
  writeFileSync(path('in', 'photos', 'small.txt'), 'a small text\n');
  writeFileSync(path('single.bin'), single);
  mkdirSync(path('out'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sahel vault: usage', { timeout: SLOW }, () => {
  const id = 'a'.repeat(32);

  it('exits 2 on usage errors, before touching the data dir', async () => {
    const cases = [
      ['vault', 'frobnicate'],
      ['vault', 'get', 'not-an-id', '-o', path('out', 'x')],
      ['vault', 'get', id],
      // Standard output is not a place the owner can write to: said, rather than a file named "-".
      ['vault', 'get', id, '-o', '-'],
      ['vault', 'export', id, '--recipient', 'age1nope', '-o', '-'],
      ['vault', 'export', id, '-o', path('out', 'x')],
      ['vault', 'export', id, '--recipient', 'age1nope', '-o', path('out', 'x')],
      ['vault', 'export', id, '--recipient', 'age1x', '--export-passphrase-file', path('pass'), '-o', 'x'],
      ['vault', 'rm', id],
      ['vault', 'search', 'x', '--limit', '0'],
      ['vault', 'list', '--bogus'],
    ];
    for (const args of cases) {
      const r = await sahel(args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr, args.join(' ')).not.toBe('');
    }
    expect((await sahel(['vault', 'rm', id])).stderr).toContain('--yes');
    expect(existsSync(dataDir)).toBe(false);
  });

  it('lists the vault commands in help', async () => {
    const help = ok(await runCli(['vault', '--help'])).stdout;
    for (const cmd of ['init', 'unlock', 'lock', 'add', 'list', 'get', 'rm', 'search', 'export', 'passwd']) {
      expect(help).toContain(cmd);
    }
    expect(ok(await runCli(['vault', 'export', '--help'])).stdout).toContain('--export-passphrase-file');
  });
});

describe('sahel vault: local mode (no Sahel running)', { timeout: SLOW }, () => {
  it('init refuses a weak passphrase, creates the vault once, and unlock says it makes no sense', async () => {
    expect(
      json<{ state: string; running: boolean }>(await sahel(['--json', 'vault', 'status'])),
    ).toMatchObject({
      state: 'uninitialised',
      running: false,
    });
    failsWith(await sahel(['vault', 'init', '--passphrase-file', path('weak-pass')]), /too weak/);
    // Long enough for a length rule, but the app's strength rule refuses it, and so does the owner.
    writeFileSync(path('common-pass'), 'password2024\n');
    failsWith(await sahel(['vault', 'init', '--passphrase-file', path('common-pass')]), /too weak/);
    failsWith(await sahel(['vault', 'init']), /passphrase is needed/);

    const created = ok(await sahel(['vault', 'init'], { pass: path('pass') }));
    expect(created.stdout).toMatch(/recipient: age1[0-9a-z]+/);
    failsWith(await sahel(['vault', 'init'], { pass: path('pass') }), /already exists/);

    failsWith(await sahel(['vault', 'unlock'], { pass: path('pass') }), /not running/);
    expect(ok(await sahel(['vault', 'lock'])).stdout).toContain('locked');
    const status = json<{ state: string; recipient: string }>(await sahel(['--json', 'vault', 'status']));
    expect(status.state).toBe('locked');
    expect(status.recipient).toMatch(/^age1/);
  });

  it('asks for the passphrase and fails with one line on a wrong one', async () => {
    failsWith(await sahel(['vault', 'list']), /passphrase is needed/);
    failsWith(
      await sahel(['vault', 'list', '--passphrase-file', path('wrong-pass')]),
      /^sahel: Wrong passphrase$/m,
    );
  });

  it('adds files and a folder with tags, paths relative to the working directory', async () => {
    const r = json<{ items: VaultItem[] }>(
      await sahel(['--json', 'vault', 'add', 'in', 'single.bin', '--tag', 'trip', '-t', '2024'], {
        pass: path('pass'),
        cwd: dir,
      }),
    );
    const names = r.items.map((i) => i.name).sort();
    expect(names).toEqual(['big.bin', 'in', 'notes.txt', 'photos', 'single.bin', 'small.txt']);
    for (const item of r.items) expect(item.tags).toEqual(['trip', '2024']);
    const folder = r.items.find((i) => i.name === 'photos');
    expect(folder?.kind).toBe('folder');
    expect(r.items.find((i) => i.name === 'big.bin')).toMatchObject({
      parentId: folder?.id,
      size: big.length,
    });
  });
});

describe('sahel vault: against a running sahel serve', { timeout: SLOW }, () => {
  let served: Served;
  let items: (VaultItem & { path: string })[];
  const byName = (name: string) => {
    const item = items.find((i) => i.name === name);
    if (!item) throw new Error(`no item ${name}`);
    return item;
  };

  beforeAll(async () => {
    served = await startServe(dataDir);
  });
  afterAll(async () => {
    await served?.stop();
  });

  it('unlocks the running vault once; later commands need no passphrase', async () => {
    failsWith(await sahel(['vault', 'list']), /passphrase is needed/);
    expect(ok(await sahel(['vault', 'unlock', '--passphrase-file', path('pass')])).stdout).toContain(
      'Unlocked',
    );
    expect(ok(await sahel(['vault', 'unlock'])).stdout).toContain('already unlocked');
    const status = json<{ state: string; running: boolean }>(await sahel(['--json', 'vault', 'status']));
    expect(status).toMatchObject({ state: 'unlocked', running: true });
  });

  it('lists items as a table, and every item with --all --json', async () => {
    items = json<{ items: (VaultItem & { path: string })[] }>(
      await sahel(['--json', 'vault', 'list', '--all']),
    ).items;
    expect(items.map((i) => i.path).sort()).toEqual([
      'in',
      'in/notes.txt',
      'in/photos',
      'in/photos/big.bin',
      'in/photos/small.txt',
      'single.bin',
    ]);
    const table = ok(await sahel(['vault', 'list']))
      .stdout.trim()
      .split('\n');
    expect(table[0]).toMatch(/^ID\s+KIND\s+SIZE\s+NAME\s+TAGS$/);
    expect(table).toHaveLength(3);
    expect(table.find((l) => l.includes('single.bin'))).toMatch(
      new RegExp(`^${byName('single.bin').id}\\s+file\\s+68 KiB\\s+single\\.bin\\s+trip,2024$`),
    );
  });

  it('searches names and text content', async () => {
    const { hits } = json<{ hits: VaultSearchHit[] }>(await sahel(['--json', 'vault', 'search', 'papyrus']));
    expect(hits.map((h) => h.id)).toEqual([byName('notes.txt').id]);
    expect(ok(await sahel(['vault', 'search', 'papyrus'])).stdout).toContain('notes.txt');
    expect(ok(await sahel(['vault', 'search', 'nothing-like-this'])).stdout).toContain('Nothing matches');
  });

  it('gets items back byte for byte, refusing to overwrite without --force', async () => {
    const bigId = byName('big.bin').id;
    ok(await sahel(['vault', 'get', bigId, '-o', 'out/big.bin'], { cwd: dir }));
    expect(sameBytes(readFileSync(path('out', 'big.bin')), big)).toBe(true);
    failsWith(await sahel(['vault', 'get', bigId, '-o', path('out', 'big.bin')]), /exists: pass --force/);
    ok(await sahel(['vault', 'get', byName('single.bin').id, '-o', path('out', 'big.bin'), '--force']));
    expect(sameBytes(readFileSync(path('out', 'big.bin')), single)).toBe(true);
    // -o naming a folder writes the item's name inside it.
    ok(await sahel(['vault', 'get', byName('notes.txt').id, '-o', path('out')]));
    expect(readFileSync(path('out', 'notes.txt'), 'utf8')).toContain('papyrus');
    failsWith(await sahel(['vault', 'get', 'f'.repeat(32), '-o', path('out', 'nope')]), /No such item/);
    failsWith(await sahel(['vault', 'get', byName('photos').id, '-o', path('out', 'photos')]), /is a folder/);
  });

  it.skipIf(!haveAge)('exports to an age recipient that `age -d -i` decrypts', async () => {
    execFileSync(KEYGEN, ['-o', path('key.txt')], { stdio: 'ignore' });
    const recipient = execFileSync(KEYGEN, ['-y', path('key.txt')], { encoding: 'utf8' }).trim();
    const r = ok(
      await sahel([
        'vault',
        'export',
        byName('big.bin').id,
        '--recipient',
        recipient,
        '-o',
        path('out', 'big.age'),
      ]),
    );
    expect(r.stdout).toContain(recipient);
    expect(sameBytes(age(['-d', '-i', path('key.txt'), path('out', 'big.age')]), big)).toBe(true);
    failsWith(
      await sahel([
        'vault',
        'export',
        byName('big.bin').id,
        '--recipient',
        recipient,
        '-o',
        path('out', 'big.age'),
      ]),
      /exists/,
    );
  });

  it('exports with an export passphrase (from a file) that `age -d` decrypts', async () => {
    ok(
      await sahel([
        'vault',
        'export',
        byName('single.bin').id,
        '--export-passphrase-file',
        path('export-pass'),
        '-o',
        path('out', 'single.age'),
      ]),
    );
    const file = readFileSync(path('out', 'single.age'));
    expect(file.subarray(0, 40).toString('latin1')).toMatch(/^age-encryption\.org\/v1\n-> scrypt /);
    if (haveAge && existsSync(SCRIPT)) {
      // age reads a passphrase only from a terminal: `script` provides one.
      await ageWithPassphrase(
        ['-d', '-o', path('out', 'single.dec'), path('out', 'single.age')],
        EXPORT_PASS,
      );
      expect(sameBytes(readFileSync(path('out', 'single.dec')), single)).toBe(true);
    } else {
      // Without age or script here, Sahel's own age module checks the file instead.
      expect(sameBytes(await decrypt([new ScryptIdentity(EXPORT_PASS)], file), single)).toBe(true);
    }
  });

  it.skipIf(!haveAge)(
    'identity export always asks the passphrase; `age -d -i` then reads the vault blobs without Sahel',
    async () => {
      failsWith(await sahel(['vault', 'identity', 'export']), /passphrase is needed/);
      failsWith(
        await sahel(['vault', 'identity', 'export'], { pass: path('wrong-pass') }),
        /Wrong passphrase/,
      );
      const r = ok(await sahel(['vault', 'identity', 'export'], { pass: path('pass') }));
      expect(r.stderr).toMatch(/secret key/);
      const recipient = json<{ recipient: string }>(await sahel(['--json', 'vault', 'status'])).recipient;
      expect(r.stdout).toContain(`# public key: ${recipient}\n`);
      expect(r.stdout.trim().split('\n').at(-1)).toMatch(/^AGE-SECRET-KEY-1[0-9A-Z]+$/);
      writeFileSync(path('identity.txt'), r.stdout, { mode: 0o600 });
      expect(execFileSync(KEYGEN, ['-y', path('identity.txt')], { encoding: 'utf8' }).trim()).toBe(recipient);

      const blobs = readdirSync(join(dataDir, 'vault', 'blobs')).filter((b) => b.endsWith('.age'));
      expect(blobs.length).toBeGreaterThanOrEqual(4);
      const contents = blobs.map((b) =>
        age(['-d', '-i', path('identity.txt'), join(dataDir, 'vault', 'blobs', b)]),
      );
      expect(contents.some((c) => sameBytes(c, big))).toBe(true);
      expect(contents.some((c) => sameBytes(c, single))).toBe(true);
    },
  );

  it.skipIf(!haveAge)('imports a file `age -r <vault recipient>` encrypted, with --from-age', async () => {
    const recipient = json<{ recipient: string }>(await sahel(['--json', 'vault', 'status'])).recipient;
    writeFileSync(path('gift.bin'), fromAgeContent);
    age(['-r', recipient, '-o', path('gift.bin.age'), path('gift.bin')]);
    const { items: added } = json<{ items: VaultItem[] }>(
      await sahel(['--json', 'vault', 'add', '--from-age', path('gift.bin.age'), '--tag', 'gift']),
    );
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ name: 'gift.bin', size: fromAgeContent.length, tags: ['gift'] });
    ok(await sahel(['vault', 'get', added[0]?.id ?? '', '-o', path('out', 'gift.bin')]));
    expect(sameBytes(readFileSync(path('out', 'gift.bin')), fromAgeContent)).toBe(true);
    // A plain file is not an age file for the vault.
    failsWith(await sahel(['vault', 'add', '--from-age', path('gift.bin')]), /vault's recipient/);
  });

  it('adds a note from stdin, found by search', async () => {
    const item = json<VaultItem>(
      await sahel(['--json', 'vault', 'note', 'harbour', '-t', 'log'], {
        input: 'the felucca left at dawn\n',
      }),
    );
    expect(item).toMatchObject({ kind: 'note', name: 'harbour', tags: ['log'] });
    const { hits } = json<{ hits: VaultSearchHit[] }>(await sahel(['--json', 'vault', 'search', 'felucca']));
    expect(hits.map((h) => h.id)).toEqual([item.id]);
    failsWith(await sahel(['vault', 'note', 'empty'], { input: '' }), /empty/);
  });

  it('removes an item, and a folder with everything in it', async () => {
    expect(
      json<{ removed: number }>(await sahel(['--json', 'vault', 'rm', byName('single.bin').id, '--yes'])),
    ).toEqual({
      removed: 1,
    });
    expect(ok(await sahel(['vault', 'rm', byName('in').id, '-y'])).stdout).toContain('Deleted 5 items');
    const left = json<{ items: VaultItem[] }>(await sahel(['--json', 'vault', 'list', '--all'])).items;
    expect(left.map((i) => i.name).sort()).toEqual(['gift.bin', 'harbour']);
    failsWith(await sahel(['vault', 'rm', byName('in').id, '--yes']), /No such item/);
  });

  it('locks; a command that unlocks the running vault for itself locks it again', async () => {
    ok(await sahel(['vault', 'lock']));
    expect(json<{ state: string }>(await sahel(['--json', 'vault', 'status'])).state).toBe('locked');
    failsWith(await sahel(['vault', 'list']), /passphrase is needed/);
    expect(ok(await sahel(['vault', 'list'], { pass: path('pass') })).stdout).toContain('harbour');
    expect(json<{ state: string }>(await sahel(['--json', 'vault', 'status'])).state).toBe('locked');
  });
});

describe('sahel vault passwd (local mode)', { timeout: SLOW }, () => {
  it('rewraps under the new passphrase; the old one stops working', async () => {
    failsWith(
      await sahel([
        'vault',
        'passwd',
        '--passphrase-file',
        path('pass'),
        '--new-passphrase-file',
        path('weak-pass'),
      ]),
      /too weak/,
    );
    failsWith(await sahel(['vault', 'passwd', '--passphrase-file', path('pass')]), /needed/);
    ok(
      await sahel([
        'vault',
        'passwd',
        '--passphrase-file',
        path('pass'),
        '--new-passphrase-file',
        path('new-pass'),
      ]),
    );
    failsWith(await sahel(['vault', 'list'], { pass: path('pass') }), /Wrong passphrase/);
    expect(ok(await sahel(['vault', 'list', '--all'], { pass: path('new-pass') })).stdout).toContain(
      'gift.bin',
    );
  });

  it('refuses vault commands on a data dir without a vault, and does not create it', async () => {
    const empty = tempDir();
    const r = await runCli(['vault', 'list'], {
      dataDir: join(empty, 'none'),
      env: { SAHEL_PASSPHRASE_FILE: path('pass') },
    });
    failsWith(r, /no vault/);
    expect(existsSync(join(empty, 'none'))).toBe(false);
  });
});
