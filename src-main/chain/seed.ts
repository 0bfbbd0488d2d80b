import { type Address, encodeFunctionData, type LocalAccount, type PublicClient, parseEther } from 'viem';
import type { ContractAddresses } from '../../src-shared/domain/network.js';
import { abis } from './contracts/artifacts.js';
import { txBatch } from './contracts/batch.js';

/** What a user address is topped up to on the devnet, and the level below which it is topped up. */
export const FAUCET = {
  tokens: parseEther('1000'),
  tokensBelow: parseEther('100'),
  ether: parseEther('10'),
  etherBelow: parseEther('1'),
} as const;

export interface DevChain {
  name: string;
  rpcUrl: string;
  chainId: number;
  pub: PublicClient;
}

/**
 * Tops up each address that is low on the payment token (minted by the faucet role) or on ether
 * (sent from the faucet account). Idempotent: a funded address gets nothing, so restarts do not
 * print money. Returns the addresses that received something.
 */
export async function fundAccounts(
  chain: DevChain,
  faucet: LocalAccount,
  contracts: ContractAddresses,
  addresses: readonly Address[],
): Promise<Address[]> {
  const token = contracts.paymentToken as Address;
  const balances = await Promise.all(
    addresses.map((address) =>
      Promise.all([
        chain.pub.readContract({
          address: token,
          abi: abis.paymentToken(),
          functionName: 'balanceOf',
          args: [address],
        }) as Promise<bigint>,
        chain.pub.getBalance({ address }),
      ]),
    ),
  );
  const low = addresses
    .map((address, i) => ({ address, tokens: balances[i]![0], ether: balances[i]![1] }))
    .filter((a) => a.tokens < FAUCET.tokensBelow || a.ether < FAUCET.etherBelow);
  if (low.length === 0) return [];
  const batch = await txBatch(chain.pub, faucet, chain.chainId);
  for (const { address, tokens, ether } of low) {
    if (tokens < FAUCET.tokensBelow) {
      const data = encodeFunctionData({
        abi: abis.paymentToken(),
        functionName: 'mint',
        args: [address, FAUCET.tokens - tokens],
      });
      await batch.send({ to: token, data, gas: 120_000n });
    }
    if (ether < FAUCET.etherBelow)
      await batch.send({ to: address, value: FAUCET.ether - ether, gas: 21_000n });
  }
  await batch.confirm('Funding the wallet on the devnet');
  return low.map((a) => a.address);
}
