import type { Address } from 'viem';
import type { ContractAddresses } from '../../src-shared/domain/network.js';
import { DEVNET_CHAIN_ID, devAccount } from './devnet/devnet.js';
import { checkChainId, publicClientFor } from './networks-rpc.js';
import { fundAccounts } from './seed.js';

/** A network added from another data dir's devnet network file, as the networks table holds it. */
export interface JoinedNetwork {
  name: string;
  chainId: number;
  rpcUrl: string;
  contracts: ContractAddresses | null;
  /** The network file said `kind: devnet` (stored only for chain id 31337). */
  devnet: boolean;
}

/**
 * Tops up the wallet's addresses on a devnet this data dir joined, as the embedded devnet does for its
 * own. The faucet is anvil's development account 0 (from the public `test … junk` mnemonic every anvil
 * starts with), which deployed the devnet's token and holds its minter role: nothing secret travels in
 * the network file, and the joiner does not need the hosting owner to be up and to answer. That key is
 * public, so it may sign only where it is worthless: a network file is untrusted, so its `kind: devnet`
 * counts only when the chain id is the devnet's in the table and in the RPC's answer just now, and the
 * transactions are signed for chain id 31337 (EIP-155), so no other chain would accept them anyway.
 * Returns the addresses that received something; [] when the network is not a joined devnet.
 */
export async function fundJoinedDevnet(
  net: JoinedNetwork,
  addresses: readonly Address[],
): Promise<Address[]> {
  if (!net.devnet || net.chainId !== DEVNET_CHAIN_ID || !net.contracts || addresses.length === 0) return [];
  await checkChainId(net.rpcUrl, DEVNET_CHAIN_ID);
  const chain = {
    name: net.name,
    rpcUrl: net.rpcUrl,
    chainId: DEVNET_CHAIN_ID,
    pub: publicClientFor(net.name, DEVNET_CHAIN_ID, net.rpcUrl),
  };
  return fundAccounts(chain, devAccount(0), net.contracts, addresses);
}
