// The embedded devnet's start: cold (a new data dir: anvil, deploy the three contracts, seed the demo
// market, fund one wallet address) and warm (anvil loads the saved state; nothing is redeployed or
// re-funded), beside the peer: a bare `anvil` started the same way and waited for in the same way,
// empty and with the same saved state. What Sahel adds over anvil itself is the difference.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, rpcCall, stopChild } from '../../src-main/chain/devnet/anvil-process.js';
import { anvilBinary } from '../../src-main/chain/devnet/binary.js';
import { Devnet, devAccount, devnetFiles } from '../../src-main/chain/devnet/devnet.js';
import { createLogger } from '../../src-main/platform/log.js';
import { machineLine, writeSection } from './support/report.js';

const RUNS = 3;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const log = createLogger({ level: 'error' });
const user = devAccount(7).address;

async function bareAnvil(loadState?: string): Promise<number> {
  const port = await freePort();
  const args = ['--host', '127.0.0.1', '--port', String(port), '--silent'];
  if (loadState) args.push('--load-state', loadState);
  const t0 = performance.now();
  const child: ChildProcess = spawn(anvilBinary(), args, { stdio: 'ignore' });
  while ((await rpcCall(`http://127.0.0.1:${port}`, 'eth_chainId')) === undefined) {
    await new Promise((r) => setTimeout(r, 25));
  }
  const ms = performance.now() - t0;
  await stopChild(child);
  return ms;
}

async function sahelStart(dir: string): Promise<number> {
  const devnet = new Devnet({ dir, log, accounts: () => [user] });
  const t0 = performance.now();
  await devnet.ensureRunning();
  const ms = performance.now() - t0;
  await devnet.stop();
  return ms;
}

const cold: number[] = [];
const warm: number[] = [];
const bare: number[] = [];
const bareState: number[] = [];
const dirs: string[] = [];
for (let i = 0; i < RUNS; i++) {
  const dir = mkdtempSync(join(tmpdir(), 'sahel-devnet-bench-'));
  dirs.push(dir);
  bare.push(await bareAnvil());
  cold.push(await sahelStart(dir));
  warm.push(await sahelStart(dir));
  bareState.push(await bareAnvil(devnetFiles(dir).state));
}
for (const dir of dirs) rmSync(dir, { recursive: true, force: true });

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const md = `### Devnet start (anvil 1.7.1; 4 deployment, 8 seed and 2 faucet transactions)

Measured ${machineLine()} (load average ${loadavg()[0]!.toFixed(1)} from other work while it ran); median
of ${RUNS}, interleaved so that load on the machine hits all rows alike.

| Start | Time |
| --- | ---: |
| Sahel devnet, cold: anvil + deploy + seed the demo market + fund one address | ${s(median(cold))} |
| Sahel devnet, warm: anvil loading the saved state, contracts checked (no redeploy, no re-funding) | ${s(median(warm))} |
| Peer: bare \`anvil\`, empty, until it answers \`eth_chainId\` | ${s(median(bare))} |
| Peer: bare \`anvil --load-state\` with the same saved state | ${s(median(bareState))} |

The devnet starts lazily (on the first call that needs the chain), so none of this is on the app's
start-up path; pages that show chain data show "starting" meanwhile. Cold start happens once per data
dir; afterwards the warm figure applies. Runs: cold ${cold.map((x) => s(x)).join(', ')}; warm
${warm.map((x) => s(x)).join(', ')}.`;
writeSection('devnet', md);
console.log(md);
