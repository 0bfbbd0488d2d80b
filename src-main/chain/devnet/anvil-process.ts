import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { SahelError } from '../../../src-shared/errors.js';

export const DEVNET_CHAIN_ID = 31337;
/** Anvil's well-known development mnemonic: its accounts are public, which is the point of a devnet. */
export const DEVNET_MNEMONIC = 'test test test test test test test test test test test junk';

export interface AnvilProcess {
  readonly child: ChildProcess;
  readonly port: number;
  readonly rpcUrl: string;
}

/** A port that was free on 127.0.0.1 a moment ago. */
export function freePort(): Promise<number> {
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

/** One JSON-RPC call over HTTP with a timeout; any failure or malformed answer is undefined. */
export async function rpcCall(rpcUrl: string, method: string, params: unknown[] = []): Promise<unknown> {
  try {
    const res = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
      signal: AbortSignal.timeout(5_000),
    });
    const body = (await res.json()) as { result?: unknown };
    return body.result;
  } catch {
    return undefined;
  }
}

/**
 * Starts anvil on loopback, loading `stateFile` when it exists, and waits until it answers with the
 * devnet chain id. Tries `preferredPort` first (so the RPC URL others joined stays the same across
 * restarts), then free ports. The Devnet saves the state atomically while it runs; anvil's own dump
 * on a clean exit goes to `exitDumpFile`, never over `stateFile` (it is not written atomically).
 */
export async function startAnvil(
  binary: string,
  stateFile: string,
  exitDumpFile: string,
  preferredPort?: number,
  timeoutMs = 20_000,
): Promise<AnvilProcess> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = attempt === 0 && preferredPort ? preferredPort : await freePort();
    const args = ['--host', '127.0.0.1', '--port', String(port), '--chain-id', String(DEVNET_CHAIN_ID)];
    args.push('--accounts', '10', '--mnemonic', DEVNET_MNEMONIC, '--silent');
    if (existsSync(stateFile)) args.push('--load-state', stateFile);
    args.push('--dump-state', exitDumpFile);
    const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    const started = await waitReady(child, `http://127.0.0.1:${port}`, timeoutMs);
    if (started === 'port-taken') continue;
    return { child, port, rpcUrl: `http://127.0.0.1:${port}` };
  }
  throw new SahelError('UNAVAILABLE', 'The devnet could not find a free port on 127.0.0.1');
}

async function waitReady(
  child: ChildProcess,
  rpcUrl: string,
  timeoutMs: number,
): Promise<'ok' | 'port-taken'> {
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    if (stderr.length < 4096) stderr += d.toString();
  });
  let failed: Error | undefined;
  child.once('error', (err) => {
    failed = err;
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (failed) throw new SahelError('UNAVAILABLE', `The devnet node could not start: ${failed.message}`);
    if (child.exitCode !== null || child.signalCode !== null) {
      if (/in use|address already/i.test(stderr)) return 'port-taken';
      throw new SahelError('UNAVAILABLE', `The devnet node exited at start: ${stderr.trim().split('\n')[0]}`);
    }
    if (Number(await rpcCall(rpcUrl, 'eth_chainId')) === DEVNET_CHAIN_ID) return 'ok';
    await new Promise((r) => setTimeout(r, 25));
  }
  await stopChild(child);
  throw new SahelError('UNAVAILABLE', `The devnet node did not answer within ${timeoutMs} ms`);
}

/** SIGTERM, then SIGKILL after 3 s; resolves once the process is gone. */
export function stopChild(child: ChildProcess): Promise<void> {
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

/**
 * The chain's whole state as the JSON `--load-state` reads (anvil_dumpState answers it gzipped, in
 * hex). Undefined when anvil does not answer or answers something that is not that.
 */
export async function dumpState(rpcUrl: string): Promise<string | undefined> {
  const hex = await rpcCall(rpcUrl, 'anvil_dumpState');
  if (typeof hex !== 'string' || !/^0x[0-9a-f]+$/i.test(hex)) return undefined;
  try {
    const json = gunzipSync(Buffer.from(hex.slice(2), 'hex')).toString('utf8');
    const parsed = JSON.parse(json) as { block?: unknown; accounts?: unknown };
    return parsed && typeof parsed === 'object' && 'accounts' in parsed ? json : undefined;
  } catch {
    return undefined;
  }
}
