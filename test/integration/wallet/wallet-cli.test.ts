// `sahel wallet …` against the built CLI, owning a real data dir for the length of each command (the
// vault at its real Argon2id floor, so unlocks are few), plus the interactive backup at a terminal
// (under `script`, which gives the CLI a TTY).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptKeystore } from '../../../src-main/wallet/keystore.js';
import type { WalletAccount, WalletStatus } from '../../../src-shared/domain/wallet.js';
import { SCRIPT } from '../../support/age-cli.js';
import { type CliResult, runCli } from '../../support/cli.js';
import { ROOT, SAHEL_BIN } from '../../support/sahel-process.js';

// Each command pays a real Argon2id unlock; on a loaded two-core machine a test of five commands takes minutes.
const SLOW = 300_000;
const PASS = 'wallet cli 64 amber owls';
const KEY_9 = '0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6';
const ADDR_9 = '0xa0Ee7A142d267C1f36714E4a8F75612F20a79720';
/** The address of the Web3 Secret Storage test key (7a28b5…). */
const WEB3_ADDR = '0x008AeEda4D805471dF9b2A5B0f38A0C3bCBA786b';
const ANVIL_WORDS = 'test test test test test test test test test test test junk';
const ANVIL_0 = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
const ANVIL_1 = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const VECTORS = join(ROOT, 'test/fixtures/keystore/v3_test_vector.json');

let dir: string;
const path = (...p: string[]) => join(dir, ...p);

function sahel(dataDir: string, args: string[], input?: string): Promise<CliResult> {
  return runCli(args, {
    dataDir: dataDir,
    env: { SAHEL_PASSPHRASE_FILE: path('pass') },
    timeoutMs: 90_000,
    ...(input === undefined ? {} : { input }),
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

function failsWith(r: CliResult, code: number, message: RegExp): void {
  expect(r.code, r.stderr).toBe(code);
  // Usage errors from commander add a hint line; failures are one line.
  if (code === 1) expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
  expect(r.stderr).toMatch(message);
}

async function newDataDir(name: string): Promise<string> {
  const dataDir = path(name);
  ok(await sahel(dataDir, ['vault', 'init']));
  return dataDir;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sahel-wallet-cli-'));
  writeFileSync(path('pass'), `${PASS}\n`, { mode: 0o600 });
  const vectors = JSON.parse(readFileSync(VECTORS, 'utf8'));
  writeFileSync(path('pbkdf2.json'), JSON.stringify(vectors.wikipage_test_vector_pbkdf2.json));
  writeFileSync(path('keystore-pass'), 'testpassword\n');
  writeFileSync(path('wrong-pass'), 'not it\n');
  writeFileSync(path('key'), `${KEY_9}\n`, { mode: 0o600 });
  writeFileSync(path('export-pass'), 'exported file password\n');
  writeFileSync(path('junk.json'), '{"version": 3, "crypto": {"cipher": "aes-128-ctr"}}');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sahel wallet (the command owns the data dir)', () => {
  it(
    'create --json prints the words once; status, address and accounts answer with the vault locked',
    async () => {
      const dataDir = await newDataDir('scripted');
      const created = json<{ address: string; words: string[]; backup: string }>(
        await sahel(dataDir, ['--json', 'wallet', 'create', '--words', '24']),
      );
      expect(created.words).toHaveLength(24);
      expect(created.backup).toBe('pending');
      expect(json<WalletStatus>(await sahel(dataDir, ['--json', 'wallet', 'status']))).toEqual({
        exists: true,
        seed: true,
        backup: 'pending',
        locked: true,
        accounts: 1,
      });
      expect(ok(await sahel(dataDir, ['wallet', 'address'])).stdout.trim()).toBe(created.address);
      const { accounts } = json<{ accounts: WalletAccount[] }>(
        await sahel(dataDir, ['--json', 'wallet', 'accounts']),
      );
      expect(accounts).toEqual([expect.objectContaining({ address: created.address, name: null, index: 0 })]);
      failsWith(await sahel(dataDir, ['wallet', 'create']), 1, /already has a recovery phrase/);
      failsWith(await sahel(dataDir, ['wallet', 'address', '--account', '3']), 1, /no account #3/);
      failsWith(await sahel(dataDir, ['wallet', 'create', '--words', '13']), 2, /words/);
    },
    SLOW,
  );

  it(
    'imports a key file and the Web3 PBKDF2 keystore vector; exports a keystore other wallets read',
    async () => {
      const dataDir = await newDataDir('imports');
      const key = json<WalletAccount>(
        await sahel(dataDir, [
          '--json',
          'wallet',
          'import',
          '--private-key-file',
          path('key'),
          '--name',
          'Hot',
        ]),
      );
      expect(key).toMatchObject({ address: ADDR_9, name: 'Hot', source: 'imported' });
      const fromFile = json<WalletAccount>(
        await sahel(dataDir, [
          '--json',
          'wallet',
          'import',
          '--keystore',
          path('pbkdf2.json'),
          '--password-file',
          path('keystore-pass'),
        ]),
      );
      expect(fromFile.address).toBe(WEB3_ADDR);

      ok(
        await sahel(dataDir, [
          'wallet',
          'export',
          '--address',
          ADDR_9.toLowerCase(),
          '--out',
          path('exported.json'),
          '--password-file',
          path('export-pass'),
        ]),
      );
      expect(statSync(path('exported.json')).mode & 0o777).toBe(0o600);
      const exported = readFileSync(path('exported.json'), 'utf8');
      expect(exported).not.toContain(KEY_9.slice(2));
      expect(await decryptKeystore(exported, 'exported file password')).toBe(KEY_9);
      failsWith(
        await sahel(dataDir, [
          'wallet',
          'export',
          '--address',
          ADDR_9,
          '--out',
          path('exported.json'),
          '--password-file',
          path('export-pass'),
        ]),
        1,
        /exists: pass --force/,
      );
    },
    SLOW,
  );

  it(
    'numbers accounts as the app does (#n is account n of the phrase, imported keys aside); reveal warns in whole sentences',
    async () => {
      const dataDir = await newDataDir('numbers');
      writeFileSync(path('anvil-words'), `${ANVIL_WORDS}\n`, { mode: 0o600 });
      ok(await sahel(dataDir, ['wallet', 'import', '--mnemonic-file', path('anvil-words')]));
      ok(await sahel(dataDir, ['wallet', 'import', '--private-key-file', path('key')]));
      ok(await sahel(dataDir, ['wallet', 'account', 'add', 'Second']));
      // The app shows m/44'/60'/0'/0/1 as "account #2"; --account 2 must name the same one, whatever
      // was imported in between.
      expect(ok(await sahel(dataDir, ['wallet', 'address', '--account', '1'])).stdout.trim()).toBe(ANVIL_0);
      expect(ok(await sahel(dataDir, ['wallet', 'address', '--account', '2'])).stdout.trim()).toBe(ANVIL_1);
      failsWith(await sahel(dataDir, ['wallet', 'address', '--account', '0']), 2, /account number/);
      const rows = ok(await sahel(dataDir, ['wallet', 'accounts']))
        .stdout.trim()
        .split('\n')
        .slice(1);
      expect(rows.map((r) => r.split(/\s+/).slice(0, 2))).toEqual([
        ['1', ANVIL_0],
        ['-', ADDR_9],
        ['2', ANVIL_1],
      ]);
      const reveal = ok(await sahel(dataDir, ['wallet', 'reveal'])).stdout;
      const warning = reveal.slice(0, reveal.indexOf('\n\n'));
      expect(warning).toMatch(/nobody can restore it\.$/);
      expect(reveal).toMatch(/1\. test/);
    },
    SLOW,
  );

  it(
    'refuses bad imports with one clear line and changes nothing',
    async () => {
      const dataDir = await newDataDir('bad-imports');
      failsWith(await sahel(dataDir, ['wallet', 'import']), 2, /Name one of/);
      failsWith(
        await sahel(dataDir, [
          'wallet',
          'import',
          '--private-key-file',
          path('key'),
          '--keystore',
          path('junk.json'),
        ]),
        2,
        /Name one of/,
      );
      failsWith(
        await sahel(dataDir, [
          'wallet',
          'import',
          '--keystore',
          path('pbkdf2.json'),
          '--password-file',
          path('wrong-pass'),
        ]),
        1,
        /keystore password is wrong/,
      );
      failsWith(
        await sahel(dataDir, [
          'wallet',
          'import',
          '--keystore',
          path('junk.json'),
          '--password-file',
          path('wrong-pass'),
        ]),
        1,
        /Not a usable keystore file/,
      );
      failsWith(
        await sahel(dataDir, ['wallet', 'import', '--mnemonic-file', path('junk.json')]),
        1,
        /recovery phrase/,
      );
      // No terminal and no file: the secret is not read from anywhere else.
      failsWith(await sahel(dataDir, ['wallet', 'import', '--private-key'], KEY_9), 1, /run in a terminal/);
      expect(json<WalletStatus>(await sahel(dataDir, ['--json', 'wallet', 'status'])).exists).toBe(false);
    },
    SLOW,
  );
});

describe('sahel wallet create at a terminal', () => {
  it.skipIf(!existsSync(SCRIPT))(
    'shows the words, clears the screen after Enter, and confirms three words typed back',
    async () => {
      const dataDir = await newDataDir('interactive');
      const output = await underTerminal(dataDir, ['wallet', 'create']);
      expect(output).toMatch(/Backup confirmed\. Account: 0x[0-9a-fA-F]{40}/);
      expect(output).toContain('\x1b[2J');
      expect(json<WalletStatus>(await sahel(dataDir, ['--json', 'wallet', 'status'])).backup).toBe(
        'confirmed',
      );
      failsWith(await sahel(dataDir, ['wallet', 'backup']), 1, /already confirmed/);
    },
    SLOW,
  );
});

/**
 * Runs a sahel command under `script` (a pseudo-terminal) and answers its prompts as a person would:
 * Enter after the words, then each asked word from the grid it printed.
 */
function underTerminal(dataDir: string, args: string[]): Promise<string> {
  const command = [process.execPath, SAHEL_BIN, '--data-dir', dataDir, ...args]
    .map((a) => `'${a}'`)
    .join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn(SCRIPT, ['-q', '-e', '-c', command, '/dev/null'], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        SAHEL_PASSPHRASE_FILE: path('pass'),
      },
    });
    let out = '';
    let pressed = false;
    const answered = new Set<number>();
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (!pressed && out.includes('Press Enter')) {
        pressed = true;
        child.stdin.write('\r');
      }
      const words = new Map([...out.matchAll(/(\d+)\. ([a-z]+)/g)].map((m) => [Number(m[1]), m[2]!]));
      for (const m of out.matchAll(/word #(\d+): /g)) {
        const n = Number(m[1]);
        if (!answered.has(n)) {
          answered.add(n);
          child.stdin.write(`${words.get(n)}\r`);
        }
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('close', (code) => {
      clearTimeout(timer);
      child.stdin.destroy();
      if (code === 0) resolve(out);
      else reject(new Error(`exit ${code}: ${out}`));
    });
  });
}
