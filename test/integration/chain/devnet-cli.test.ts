import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Devnet, devnetFiles } from '../../../src-main/chain/devnet/devnet.js';
import { grantPrompt } from '../../../src-main/market/demo/demo-content.js';
import { jsonField, runCli, succeeded } from '../../support/cli.js';
import { silentLogger } from '../../support/logger.js';
import { SAHEL_BIN } from '../../support/sahel-process.js';
import { cast, fileTempDir, until } from './devnet-helpers.js';

const root = fileTempDir('sahel-devnet-cli-');
const alice = join(root, 'alice');
const bob = join(root, 'bob');
let child: ChildProcess | undefined;
afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
});

const json = async (args: string[]) => {
  const r = await runCli(['--json', ...args], { timeoutMs: 60_000 });
  if (r.code !== 0) throw new Error(`sahel ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as Record<string, unknown>;
};

// Every CLI run is a fresh node process opening a data dir: seconds each on a busy machine.
const SLOW = 240_000;

describe('sahel devnet and sahel network', () => {
  let started: { rpcUrl: string; chainId: number; contracts: Record<string, string>; networkFile: string };

  it(
    '`devnet start` runs in the foreground, prints the RPC URL and writes the network file',
    async () => {
      child = spawn(process.execPath, [SAHEL_BIN, '--json', '--data-dir', alice, 'devnet', 'start'], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' },
      });
      let out = '';
      child.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
      });
      await until(() => out.includes('\n') || child?.exitCode !== null, 60_000);
      started = JSON.parse(out.split('\n')[0]!);
      expect(started.chainId).toBe(31337);
      expect(cast('chain-id', '--rpc-url', started.rpcUrl)).toBe('31337');
      expect(started.networkFile).toBe(devnetFiles(join(alice, 'devnet')).network);
      const status = await json(['--data-dir', alice, 'devnet', 'status']);
      expect(status).toMatchObject({
        running: true,
        healthy: true,
        standalone: true,
        rpcUrl: started.rpcUrl,
      });
    },
    SLOW,
  );

  it(
    'another data dir joins it with `network add --contracts <network file>` and `network use`',
    async () => {
      const added = await json([
        '--data-dir',
        bob,
        'network',
        'add',
        'alice',
        '--contracts',
        started.networkFile,
      ]);
      expect(added).toMatchObject({
        name: 'alice',
        chainId: 31337,
        rpcUrl: started.rpcUrl,
        contracts: started.contracts,
      });
      await json(['--data-dir', bob, 'network', 'use', 'alice']);
      const list = (await json(['--data-dir', bob, 'network', 'list'])) as {
        networks: { name: string; active: boolean }[];
      };
      expect(list.networks.map((n) => [n.name, n.active])).toEqual([
        ['devnet', false],
        ['alice', true],
      ]);
      const status = await json(['--data-dir', bob, 'network', 'status']);
      expect(status).toMatchObject({ name: 'alice', healthy: true, contracts: started.contracts });
      // A wrong chain id is refused by the RPC check, with exit 1 and one line on stderr.
      const wrong = await runCli(['network', 'add', 'x', '--rpc', started.rpcUrl, '--chain-id', '5'], {
        dataDir: bob,
      });
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toMatch(/serves chain 31337, not the configured chain 5/);
      const bad = await runCli(['network', 'add', 'y', '--rpc', 'file:///etc/passwd', '--chain-id', '1'], {
        dataDir: bob,
      });
      // The URL fails the API's input schema: a usage error (exit 2) in a sentence naming the field.
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/Invalid rpcUrl: an http\(s\):\/\/ or ws\(s\):\/\//);
    },
    SLOW,
  );

  it(
    "a data dir on it buys a demo offer: the demo seller in `devnet start`'s process delivers, the asset lands in its vault",
    async () => {
      const pass = join(root, 'pass');
      writeFileSync(pass, 'bob demo passphrase, long enough\n', { mode: 0o600 });
      const bobCli = (args: string[]) =>
        runCli(args, { dataDir: bob, env: { SAHEL_PASSPHRASE_FILE: pass }, timeoutMs: 120_000 });
      succeeded(await bobCli(['vault', 'init']));
      succeeded(await bobCli(['wallet', 'create']));
      // Chosen again now that there is an account: the joined devnet's faucet funds it.
      succeeded(await bobCli(['network', 'use', 'alice']));
      const bought = succeeded(await bobCli(['--json', 'market', 'buy', '4', '--yes'])).stdout;
      expect(jsonField(bought, 'state')).toBe('received');
      const file = join(root, 'prompt.md');
      succeeded(await bobCli(['vault', 'get', jsonField(bought, 'itemId'), '-o', file]));
      expect(readFileSync(file).equals(grantPrompt())).toBe(true);
    },
    SLOW,
  );

  it(
    "the app's devnet for the same data dir joins the stand-alone one instead of starting a second anvil",
    async () => {
      const embedded = new Devnet({ dir: join(alice, 'devnet'), log: silentLogger(), accounts: () => [] });
      const run = await embedded.ensureRunning();
      expect(run.rpcUrl).toBe(started.rpcUrl);
      expect(run.contracts).toEqual(started.contracts);
      await embedded.stop();
      // Stopping the joiner leaves the stand-alone devnet running.
      expect(cast('chain-id', '--rpc-url', started.rpcUrl)).toBe('31337');
    },
    SLOW,
  );

  it('`devnet stop` stops it cleanly: the foreground process exits 0 and the state is on disk', async () => {
    const exited = new Promise<number | null>((r) => child?.once('exit', (code) => r(code)));
    const stopped = await json(['--data-dir', alice, 'devnet', 'stop']);
    expect(stopped).toMatchObject({ stopped: true });
    expect(await exited).toBe(0);
    const files = devnetFiles(join(alice, 'devnet'));
    expect(existsSync(files.state)).toBe(true);
    expect(existsSync(files.network)).toBe(false);
    expect(await json(['--data-dir', alice, 'devnet', 'status'])).toMatchObject({ running: false });
  });
});
