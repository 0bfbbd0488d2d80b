import { type Address, encodeFunctionData, erc20Abi, getAddress, isAddress, parseUnits } from 'viem';
import { SahelError } from '../../../src-shared/errors.js';
import { tokenMeta } from '../reads/token-meta.js';
import type { TxIntent } from './pipeline.js';
import type { ActiveNetwork } from './ports.js';
import { clientFor, rpcCall } from './rpc.js';

export interface TransferRequest {
  from: string;
  to: string;
  /** Whole units, as typed: `1.5`. */
  amount: string;
  /** An ERC-20 address, or the payment token's symbol; absent: the native coin. */
  token?: string | undefined;
}

/**
 * Turns "send 1.5 SAHT to 0x…" into a transaction: the native coin as value, or an ERC-20
 * `transfer` call with the amount in the token's own decimals (read from the token).
 */
export async function transferIntent(network: ActiveNetwork, req: TransferRequest): Promise<TxIntent> {
  if (!isAddress(req.from, { strict: false }) || !isAddress(req.to, { strict: false })) {
    throw new SahelError('BAD_INPUT', 'from and to must be addresses');
  }
  const from = getAddress(req.from);
  const to = getAddress(req.to);
  if (req.token === undefined) return { from, to, value: units(req.amount, 18) };
  const token = await resolveToken(network, req.token);
  const meta = await rpcCall(() => tokenMeta(clientFor(network), network.chainId, token));
  const amount = units(req.amount, meta.decimals);
  return {
    from,
    to: token,
    data: encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [to, amount] }),
  };
}

async function resolveToken(network: ActiveNetwork, token: string): Promise<Address> {
  if (isAddress(token, { strict: false })) return getAddress(token);
  const payment = getAddress(network.contracts.paymentToken);
  const meta = await rpcCall(() => tokenMeta(clientFor(network), network.chainId, payment));
  if (meta.symbol.toLowerCase() === token.toLowerCase()) return payment;
  throw new SahelError('BAD_INPUT', `Unknown token ${JSON.stringify(token.slice(0, 64))}: give its address`);
}

function units(amount: string, decimals: number): bigint {
  const [, frac = ''] = amount.split('.');
  if (!/^[0-9]+(\.[0-9]+)?$/.test(amount) || frac.length > decimals) {
    throw new SahelError('BAD_INPUT', `${amount} is not an amount with at most ${decimals} decimals`);
  }
  const value = parseUnits(amount, decimals);
  if (value <= 0n) throw new SahelError('BAD_INPUT', 'The amount must be more than zero');
  return value;
}
