import {
  type Address,
  decodeFunctionData,
  erc20Abi,
  getAddress,
  type Hex,
  type PublicClient,
  parseAbi,
} from 'viem';
import type { TxEffects, TxOutflow } from '../../../src-shared/domain/tx.js';
import { abis } from '../contracts/artifacts.js';
import { tokenMeta } from '../reads/token-meta.js';

/** The calls whose token movements Sahel can name before signing. */
export const KNOWN_CALLS = [
  ...erc20Abi.filter((f) => f.type === 'function' && (f.name === 'transfer' || f.name === 'approve')),
  ...parseAbi(['function buy(uint256 offerId, uint256 maxPrice, address token, bytes32 buyerPubKey)']),
] as const;

export interface EffectInput {
  chainId: number;
  to: Address;
  value: bigint;
  data: Hex;
  gasLimit: bigint;
  maxFeePerGas: bigint;
  nativeSymbol: string;
}

/**
 * What a transaction makes leave the wallet, from its own fields and its decoded call: the native
 * value; an ERC-20 transfer's amount; an approval's allowance (marked as such); a marketplace buy's
 * maximum price. A call Sahel cannot decode shows its name as unknown; the simulation still ran.
 */
export async function describeEffects(client: PublicClient, input: EffectInput): Promise<TxEffects> {
  const outflows: TxOutflow[] = [];
  if (input.value > 0n) {
    outflows.push({
      token: null,
      symbol: input.nativeSymbol,
      decimals: 18,
      amount: input.value.toString(),
      to: getAddress(input.to),
      approval: false,
    });
  }
  let call: string | null = null;
  if (input.data !== '0x') {
    call = 'unknown call';
    const decoded = tryDecode(input.data);
    if (decoded) {
      call = decoded.functionName;
      const token = await tokenOutflow(client, input, decoded);
      if (token) outflows.push(token);
    }
  }
  return {
    outflows,
    to: getAddress(input.to),
    call,
    gasLimit: input.gasLimit.toString(),
    maxFeePerGas: input.maxFeePerGas.toString(),
    maxFee: (input.gasLimit * input.maxFeePerGas).toString(),
  };
}

type Decoded = { functionName: string; args: readonly unknown[] };

/**
 * The calls moving nothing out of the wallet that Sahel itself sends to the market contracts: named in a
 * review and the history (a withdraw, a delivery, a publish) instead of "unknown call".
 */
const MARKET_CALLS = new Set([
  'register',
  'createOffer',
  'updateOffer',
  'cancelOffer',
  'deliverKey',
  'refund',
  'withdraw',
]);

function tryDecode(data: Hex): Decoded | undefined {
  try {
    const d = decodeFunctionData({ abi: KNOWN_CALLS, data });
    return { functionName: d.functionName, args: (d.args ?? []) as readonly unknown[] };
  } catch {
    // Not a call with outflows: perhaps one of the market's own.
  }
  for (const abi of [abis.marketplace(), abis.assetRegistry()]) {
    try {
      const d = decodeFunctionData({ abi, data });
      if (MARKET_CALLS.has(d.functionName)) return { functionName: d.functionName, args: d.args ?? [] };
    } catch {
      // The next contract's, or none.
    }
  }
  return undefined;
}

async function tokenOutflow(
  client: PublicClient,
  input: EffectInput,
  d: Decoded,
): Promise<TxOutflow | undefined> {
  const [a0, a1, a2] = d.args;
  let token: Address;
  let to: Address;
  let amount: bigint;
  let approval = false;
  if (d.functionName === 'transfer' || d.functionName === 'approve') {
    token = input.to;
    to = a0 as Address;
    amount = a1 as bigint;
    approval = d.functionName === 'approve';
  } else if (d.functionName === 'buy') {
    token = a2 as Address;
    to = input.to;
    amount = a1 as bigint;
  } else {
    return undefined;
  }
  const meta = await tokenMeta(client, input.chainId, token).catch(() => ({
    token: getAddress(token),
    symbol: '?',
    decimals: 18,
  }));
  return {
    token: meta.token,
    symbol: meta.symbol,
    decimals: meta.decimals,
    amount: amount.toString(),
    to: getAddress(to),
    approval,
  };
}
