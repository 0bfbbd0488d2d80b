// Shared setup for the transaction-pipeline and event-cache tests: a real SQLite file, the pipeline
// signing with anvil's dev keys against a harness deployment, `cast` for independent checks, and a
// loopback JSON-RPC proxy that can drop or falsify chosen methods (an RPC outage or a lying node).
import { execFileSync } from 'node:child_process';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Address, LocalAccount } from 'viem';
import { TxPipeline } from '../../../src-main/chain/tx/pipeline.js';
import type {
  ActiveNetwork,
  GuardRequest,
  TxGuard,
  WalletSigners,
} from '../../../src-main/chain/tx/ports.js';
import { type Db, openDatabase } from '../../../src-main/store/database.js';
import { TxRepo } from '../../../src-main/store/tx-repo.js';
import { CAST_BIN } from '../../support/anvil.js';
import type { Chain } from '../contracts/harness.js';

export function networkOf(c: Chain, rpcUrl = c.anvil.rpcUrl): ActiveNetwork {
  return {
    name: 'test',
    kind: 'rpc',
    chainId: c.chainId,
    rpcUrl,
    contracts: { paymentToken: c.token, assetRegistry: c.registry, marketplace: c.market },
  };
}

/** anvil's dev accounts `indexes` as the wallet. */
export function devSigners(c: Chain, indexes: number[]): WalletSigners {
  const accounts = indexes.map((i) => c.accounts[i]!);
  return {
    signer: (address: Address) => {
      const a = accounts.find((x) => x.address.toLowerCase() === address.toLowerCase());
      if (!a) throw new Error('not ours');
      return a as LocalAccount;
    },
    addresses: () => accounts.map((a) => a.address),
  };
}

export interface World {
  db: Db;
  repo: TxRepo;
  pipeline: TxPipeline;
  network: ActiveNetwork;
  guarded: GuardRequest[];
  close(): void;
}

export function world(
  c: Chain,
  dir: string,
  o: { rpcUrl?: string; wallet?: number[]; guard?: TxGuard; network?: () => ActiveNetwork } = {},
): World {
  const db = openDatabase(join(dir, 'sahel.db'));
  const repo = new TxRepo(db);
  const network = networkOf(c, o.rpcUrl);
  const guarded: GuardRequest[] = [];
  const pipeline = new TxPipeline({
    repo,
    signers: devSigners(c, o.wallet ?? [1, 2]),
    network: async () => (o.network ? o.network() : network),
    guard: async (req) => {
      guarded.push(req);
      await o.guard?.(req);
    },
    pollMs: 50,
  });
  return {
    db,
    repo,
    pipeline,
    network,
    guarded,
    close: () => {
      pipeline.tracker.stop();
      db.close();
    },
  };
}

/** `cast`, a client no one here wrote; returns the first word of its answer (cast adds `[1e18]`). */
export function cast(rpcUrl: string, ...args: string[]): string {
  const out = execFileSync(CAST_BIN, [...args, '--rpc-url', rpcUrl], { encoding: 'utf8' }).trim();
  return out.split(/\s/)[0]!;
}

/**
 * Per JSON-RPC method: pass it on, drop the connection, answer it, or `lose` it: pass it on and drop
 * the connection instead of answering (the node acted on it; the caller cannot know).
 */
export type ProxyRule = (method: string) => 'pass' | 'drop' | 'lose' | { result: unknown };

export interface RpcProxy {
  url: string;
  rule: ProxyRule;
  /** Methods seen, in order. */
  seen: string[];
  close(): Promise<void>;
}

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let s = '';
    req.on('data', (d: Buffer) => {
      s += d.toString();
    });
    req.on('end', () => resolve(s));
  });
}

/** A loopback proxy in front of `target`: `rule` decides per JSON-RPC method (see ProxyRule). */
export async function rpcProxy(target: string): Promise<RpcProxy> {
  const proxy: RpcProxy = { url: '', rule: () => 'pass', seen: [], close: async () => {} };
  const server = createServer(async (req, res) => {
    const text = await body(req);
    let msg: { id?: unknown; method?: string };
    try {
      msg = JSON.parse(text) as typeof msg;
    } catch {
      req.socket.destroy();
      return;
    }
    const method = String(msg.method);
    proxy.seen.push(method);
    const verdict = proxy.rule(method);
    if (verdict === 'drop') {
      req.socket.destroy();
      return;
    }
    if (typeof verdict === 'object') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ jsonrpc: '2.0', id: msg.id, result: verdict.result }));
      return;
    }
    const upstream = await fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: text,
    });
    if (verdict === 'lose') {
      await upstream.text();
      req.socket.destroy();
      return;
    }
    res.writeHead(upstream.status, { 'content-type': 'application/json' });
    res.end(await upstream.text());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}
