import { type Address, encodeFunctionData, erc20Abi, getAddress, zeroAddress } from 'viem';
import { parseAmount } from '../../../src-shared/domain/amount.js';
import { SahelError } from '../../../src-shared/errors.js';
import { tokenMeta } from '../reads/token-meta.js';
import type { TxIntent } from './pipeline.js';
import type { ActiveNetwork } from './ports.js';
import { clientFor, rpcCall } from './rpc.js';

export interface TransferRequest {
  from: string;
  to: string;
  /** Whole units, as the app shows them: `1,000.5`, `.5`. */
  amount: string;
  /** An ERC-20 address, or the payment token's symbol; absent: the native coin. */
  token?: string | undefined;
  /** The sender said, in so many words, that the zero address is meant. */
  toZeroAddress?: boolean | undefined;
}

/**
 * An address typed or pasted by someone, checked as MetaMask checks it: all-lowercase or
 * all-uppercase hex carries no checksum and is taken as it is; mixed case is an EIP-55 checksum and
 * must match, because a mistyped character is what it exists to catch (re-checksumming it would
 * send to the mistyped address).
 */
export function checkedAddress(text: string, role: string): Address {
  if (!/^0x[0-9a-fA-F]{40}$/.test(text)) {
    throw new SahelError('BAD_INPUT', `The ${role} address must be 0x and 40 hexadecimal digits`);
  }
  const hex = text.slice(2);
  const unchecked = hex === hex.toLowerCase() || hex === hex.toUpperCase();
  const address = getAddress(`0x${hex.toLowerCase()}`);
  if (!unchecked && address !== text) {
    throw new SahelError(
      'BAD_INPUT',
      `The ${role} address ${text} fails its checksum (the mix of upper- and lower-case letters does ` +
        'not match it), so a character is probably wrong: copy it again from where it came from',
    );
  }
  return address;
}

/**
 * Turns "send 1.5 SAHT to 0x…" into a transaction: the native coin as value, or an ERC-20
 * `transfer` call with the amount in the token's own decimals (read from the token).
 */
export async function transferIntent(network: ActiveNetwork, req: TransferRequest): Promise<TxIntent> {
  const from = checkedAddress(req.from, 'sending');
  const to = checkedAddress(req.to, 'recipient');
  if (to === zeroAddress && req.toZeroAddress !== true) {
    throw new SahelError(
      'BAD_INPUT',
      'That is the zero address: whatever is sent there is lost for good. Confirm it explicitly ' +
        '(sahel wallet send --to-zero-address, or the box in the send form) if that is what you mean',
    );
  }
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

export async function resolveToken(network: ActiveNetwork, token: string): Promise<Address> {
  if (token.startsWith('0x')) return checkedAddress(token, 'token');
  const payment = getAddress(network.contracts.paymentToken);
  const meta = await rpcCall(() => tokenMeta(clientFor(network), network.chainId, payment));
  if (meta.symbol.toLowerCase() === token.toLowerCase()) return payment;
  throw new SahelError('BAD_INPUT', `Unknown token ${JSON.stringify(token.slice(0, 64))}: give its address`);
}

function units(amount: string, decimals: number): bigint {
  const parsed = parseAmount(amount, decimals);
  if (!parsed.ok) throw new SahelError('BAD_INPUT', parsed.problem);
  if (parsed.value <= 0n) throw new SahelError('BAD_INPUT', 'The amount must be more than zero');
  return parsed.value;
}
