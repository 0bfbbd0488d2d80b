import { erc20Abi } from 'viem';
import { tokenMeta } from '../reads/token-meta.js';
import type { ActiveNetwork } from './ports.js';
import { gasLimitFor } from './records.js';
import { clientFor, rpcCall } from './rpc.js';
import { checkedAddress, resolveToken } from './transfer.js';

export interface MaxSendRequest {
  from: string;
  to?: string | undefined;
  token?: string | undefined;
}

export interface MaxSend {
  amount: bigint;
  decimals: number;
  symbol: string;
}

/**
 * The most a send can move (the send form's Max). A token: its whole balance (the fee is paid in the
 * native coin). The native coin: the balance minus the most fee the send may cost, figured as
 * prepareSend figures it (the gas estimate with its margin, times the current maximum fee per gas),
 * so a send of this amount passes its check unless fees rise in between. Never below zero.
 */
export async function maxSend(network: ActiveNetwork, req: MaxSendRequest): Promise<MaxSend> {
  const from = checkedAddress(req.from, 'sending');
  const client = clientFor(network);
  if (req.token !== undefined) {
    const token = await resolveToken(network, req.token);
    const [meta, balance] = await rpcCall(() =>
      Promise.all([
        tokenMeta(client, network.chainId, token),
        client.readContract({ address: token, abi: erc20Abi, functionName: 'balanceOf', args: [from] }),
      ]),
    );
    return { amount: balance, decimals: meta.decimals, symbol: meta.symbol };
  }
  const to = req.to === undefined ? from : checkedAddress(req.to, 'recipient');
  const [balance, fees, estimate] = await rpcCall(() =>
    Promise.all([
      client.getBalance({ address: from }),
      client.estimateFeesPerGas(),
      client.estimateGas({ account: from, to, value: 0n }),
    ]),
  );
  const fee = gasLimitFor(estimate) * fees.maxFeePerGas;
  return { amount: balance > fee ? balance - fee : 0n, decimals: 18, symbol: 'ETH' };
}
