// Two Sahel owners (seller and buyer, two data dirs, two `sahel serve`) joined to one stand-alone devnet
// (`sahel devnet start --dir …`), as the two-owners CLI test sets them up, for the market benchmarks.
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Address } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { runCli } from '../../support/cli.js';
import { presetBlobPort } from '../../support/market-host.js';
import { SAHEL_BIN, type Served, sahelEnv, startServe } from '../../support/sahel-process.js';

export interface DevnetRun {
  rpcUrl: string;
  contracts: { paymentToken: Address; assetRegistry: Address; marketplace: Address };
  networkFile: string;
  child: ChildProcess;
}

export interface Owner {
  dataDir: string;
  address: Address;
  served: Served;
  /** `sahel --data-dir <this> …`; throws with stderr unless it exits 0. */
  sahel(args: string[]): Promise<string>;
}

/** `sahel devnet start --dir <dir>/devnet --no-seed` in the background; resolves on its JSON line. */
export async function startStandaloneDevnet(dir: string): Promise<DevnetRun> {
  const child = spawn(
    process.execPath,
    [
      SAHEL_BIN,
      '--json',
      '--data-dir',
      join(dir, 'devnet-home'),
      'devnet',
      'start',
      '--dir',
      join(dir, 'devnet'),
      '--no-seed',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: sahelEnv() },
  );
  let err = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    err += d;
  });
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the devnet did not start: ${err}`)), 120_000);
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (out.includes('\n')) {
        clearTimeout(timer);
        resolve(out.slice(0, out.indexOf('\n')));
      }
    });
    child.once('exit', (code) => reject(new Error(`the devnet exited with ${code}: ${err}`)));
  });
  return { ...(JSON.parse(line) as Omit<DevnetRun, 'child'>), child };
}

/** Stops the stand-alone devnet as Ctrl-C would (its state saved). */
export function stopDevnet(run: DevnetRun): Promise<void> {
  if (run.child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    run.child.once('exit', () => resolve());
    run.child.kill('SIGTERM');
  });
}

/**
 * A fresh data dir with a vault (unlocked), one imported key of its own, the devnet joined through its
 * network file (the joined devnet's faucet funds the key) and `sahel serve` running. A seller's blob
 * listener gets a port free now, not the default one another Sahel on this machine may hold.
 */
export async function startOwner(dir: string, name: string, devnet: DevnetRun): Promise<Owner> {
  const dataDir = join(dir, `${name}-data`);
  const key = generatePrivateKey();
  writeFileSync(join(dir, `${name}.key`), `${key}\n`, { mode: 0o600 });
  writeFileSync(join(dir, `${name}.pass`), `${name} benchmark passphrase, long enough\n`, { mode: 0o600 });
  const sahel = async (args: string[]) => {
    const r = await runCli(args, {
      dataDir,
      env: { SAHEL_PASSPHRASE_FILE: join(dir, `${name}.pass`) },
      timeoutMs: 600_000,
    });
    if (r.code !== 0) throw new Error(`sahel ${args.join(' ')} (${name}) exited ${r.code}: ${r.stderr}`);
    return r.stdout;
  };
  await sahel(['vault', 'init']);
  await sahel(['wallet', 'import', '--private-key-file', join(dir, `${name}.key`), '--name', name]);
  await sahel(['network', 'add', 'shared', '--contracts', devnet.networkFile]);
  await presetBlobPort(dataDir);
  const served = await startServe(dataDir);
  await sahel(['network', 'use', 'shared']);
  await sahel(['vault', 'unlock']);
  return { dataDir, address: privateKeyToAccount(key).address, served, sahel };
}
