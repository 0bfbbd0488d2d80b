import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { type HDAccount, mnemonicToAccount } from 'viem/accounts';

const ROOT = join(import.meta.dirname, '..', '..');
export const ANVIL_BIN = join(ROOT, 'node_modules', '@foundry-rs', 'anvil-linux-amd64', 'bin', 'anvil');
export const CAST_BIN = join(ROOT, 'node_modules', '@foundry-rs', 'cast-linux-amd64', 'bin', 'cast');
export const ANVIL_MNEMONIC = 'test test test test test test test test test test test junk';
export const ANVIL_CHAIN_ID = 31337;

export interface Anvil {
  rpcUrl: string;
  port: number;
  /** The first `accounts` accounts of anvil's default mnemonic (m/44'/60'/0'/0/i), each funded by anvil. */
  accounts: HDAccount[];
  stop(): Promise<void>;
}

/** A port that was free on 127.0.0.1 a moment ago. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function chainIdAt(rpcUrl: string): Promise<number | undefined> {
  try {
    const res = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      signal: AbortSignal.timeout(1_000),
    });
    const body = (await res.json()) as { result?: string };
    return body.result === undefined ? undefined : Number(body.result);
  } catch {
    return undefined;
  }
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function tryStart(
  port: number,
  accounts: number,
  timeoutMs: number,
  chainId: number,
): Promise<ChildProcess | undefined> {
  const child = spawn(
    ANVIL_BIN,
    [
      ...['--host', '127.0.0.1', '--port', String(port), '--accounts', String(accounts), '--silent'],
      ...['--chain-id', String(chainId)],
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  const rpcUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited) {
      // Most likely the port was taken between freePort() and the bind: the caller retries.
      if (/in use|address already/i.test(stderr)) return undefined;
      throw new Error(`anvil exited early: ${stderr.trim()}`);
    }
    if ((await chainIdAt(rpcUrl)) === chainId) return child;
    await new Promise((r) => setTimeout(r, 50));
  }
  await stopProcess(child);
  throw new Error(`anvil did not answer eth_chainId on ${rpcUrl} within ${timeoutMs} ms: ${stderr.trim()}`);
}

/**
 * Starts anvil (chain id 31337 unless told) on a free loopback port (retrying on a port collision) and waits until it answers
 * eth_chainId. Call stop() (in afterAll) to end it.
 */
export async function startAnvil(
  options: { accounts?: number; timeoutMs?: number; chainId?: number } = {},
): Promise<Anvil> {
  const count = options.accounts ?? 10;
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const child = await tryStart(port, count, options.timeoutMs ?? 15_000, options.chainId ?? ANVIL_CHAIN_ID);
    if (!child) continue;
    return {
      rpcUrl: `http://127.0.0.1:${port}`,
      port,
      accounts: Array.from({ length: count }, (_, i) =>
        mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex: i }),
      ),
      stop: () => stopProcess(child),
    };
  }
  throw new Error('could not start anvil: no free port after 5 attempts');
}
