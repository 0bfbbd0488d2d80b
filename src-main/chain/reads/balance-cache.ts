import type { Address } from 'viem';
import type { AccountBalances } from '../../../src-shared/domain/tx.js';
import { SahelError } from '../../../src-shared/errors.js';
import type { BalancesRepo } from '../../store/index.js';
import type { ActiveNetworkSource } from '../tx/ports.js';
import { clientFor, rpcCall } from '../tx/rpc.js';
import { readBalances } from './balances.js';

export interface BalanceReading {
  network: string;
  chainId: number;
  accounts: AccountBalances[];
  /** The block the reading is from (at least), when it was taken, and whether the RPC was down. */
  asOf: { block: number; at: string; stale: boolean };
}

export interface BalanceSources {
  network: ActiveNetworkSource;
  /** The network as configured, without asking its RPC: where an outage's fallback is filed. */
  configured: () => { name: string; chainId: number };
  repo: BalancesRepo;
}

/**
 * Balances read fresh and kept in SQLite; when the RPC does not answer, the last reading of every
 * address comes back marked stale instead of an error, so the wallet still shows what it knew.
 */
export async function cachedBalances(
  s: BalanceSources,
  addresses: readonly Address[],
  tokens: readonly Address[],
): Promise<BalanceReading> {
  try {
    const network = await s.network();
    const block = Number(await rpcCall(() => clientFor(network).getBlockNumber()));
    const accounts = await readBalances(network, addresses, tokens);
    const at = new Date().toISOString();
    s.repo.save(scope(network), accounts, block, at);
    return { network: network.name, chainId: network.chainId, accounts, asOf: { block, at, stale: false } };
  } catch (err) {
    if (!(SahelError.is(err) && err.code === 'UNAVAILABLE')) throw err;
    const known = s.configured();
    const stored = s.repo.load(scope(known), addresses);
    if (!stored) throw err;
    return {
      network: known.name,
      chainId: known.chainId,
      accounts: stored.accounts,
      asOf: { block: stored.block, at: stored.at, stale: true },
    };
  }
}

const scope = (n: { name: string; chainId: number }) => `${n.chainId}:${n.name}`;
