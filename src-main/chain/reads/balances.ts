import { type Address, erc20Abi, getAddress } from 'viem';
import type { AccountBalances } from '../../../src-shared/domain/tx.js';
import type { ActiveNetwork } from '../tx/ports.js';
import { clientFor, rpcCall } from '../tx/rpc.js';
import { tokenMeta } from './token-meta.js';

/**
 * Native and ERC-20 balances of each address: the network's payment token first, then any other
 * token asked for (duplicates dropped). Read fresh from the RPC each time.
 */
export async function readBalances(
  network: ActiveNetwork,
  addresses: readonly Address[],
  extraTokens: readonly Address[] = [],
): Promise<AccountBalances[]> {
  const client = clientFor(network);
  const tokens = [...new Set([network.contracts.paymentToken, ...extraTokens].map((t) => getAddress(t)))];
  return rpcCall(async () => {
    const metas = await Promise.all(tokens.map((t) => tokenMeta(client, network.chainId, t)));
    return Promise.all(
      addresses.map(async (address) => {
        const [native, ...amounts] = await Promise.all([
          client.getBalance({ address }),
          ...metas.map((m) =>
            client.readContract({
              address: m.token,
              abi: erc20Abi,
              functionName: 'balanceOf',
              args: [address],
            }),
          ),
        ]);
        return {
          address: getAddress(address),
          native: native.toString(),
          tokens: metas.map((m, i) => ({
            token: m.token,
            symbol: m.symbol,
            decimals: m.decimals,
            balance: (amounts[i] as bigint).toString(),
          })),
        };
      }),
    );
  });
}
