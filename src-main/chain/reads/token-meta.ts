import { type Address, erc20Abi, getAddress, type PublicClient } from 'viem';
import { SahelError } from '../../../src-shared/errors.js';

export interface TokenMeta {
  token: Address;
  symbol: string;
  decimals: number;
}

const cache = new Map<string, TokenMeta>();

/**
 * An ERC-20's symbol and decimals, read from the contract, which anyone may have written: the symbol
 * is cut to 16 printable characters and the decimals must be 0–36, or the token is refused.
 */
export async function tokenMeta(client: PublicClient, chainId: number, token: Address): Promise<TokenMeta> {
  const address = getAddress(token);
  const key = `${chainId}:${address}`;
  const known = cache.get(key);
  if (known) return known;
  let symbol: unknown;
  let decimals: unknown;
  try {
    [symbol, decimals] = await Promise.all([
      client.readContract({ address, abi: erc20Abi, functionName: 'symbol' }),
      client.readContract({ address, abi: erc20Abi, functionName: 'decimals' }),
    ]);
  } catch {
    throw new SahelError('BAD_INPUT', `${address} does not answer as an ERC-20 token on this network`);
  }
  if (typeof decimals !== 'number' || !Number.isInteger(decimals) || decimals < 0 || decimals > 36) {
    throw new SahelError('BAD_INPUT', `${address} reports implausible decimals; it is not used`);
  }
  const clean =
    typeof symbol === 'string'
      ? symbol
          .replace(/[^\x20-\x7e]/g, '')
          .trim()
          .slice(0, 16)
      : '';
  const meta = { token: address, symbol: clean || '?', decimals };
  cache.set(key, meta);
  return meta;
}
