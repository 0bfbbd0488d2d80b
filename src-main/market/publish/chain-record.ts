import { type Address, getAddress, type Hex, type PublicClient } from 'viem';
import type { ActiveNetwork } from '../../chain/index.js';
import { abis, rpcCall } from '../../chain/index.js';

/** anvil's and hardhat's chain ids: chains that exist only on a developer's machine. */
const DEV_CHAIN_IDS = new Set([31337, 1337]);

/** Whether loopback and private addresses may appear in listings: only on a devnet. */
export function isDevnet(network: ActiveNetwork): boolean {
  return network.kind === 'devnet' || DEV_CHAIN_IDS.has(network.chainId);
}

/** The asset registered under a content hash, with who registered it; undefined when none is. */
export async function chainRecord(
  client: PublicClient,
  network: ActiveNetwork,
  contentHash: Hex,
): Promise<{ assetId: bigint; registrant: Address } | undefined> {
  const registry = getAddress(network.contracts.assetRegistry);
  const assetId = (await rpcCall(() =>
    client.readContract({
      address: registry,
      abi: abis.assetRegistry(),
      functionName: 'assetIdByContentHash',
      args: [contentHash],
    }),
  )) as bigint;
  if (assetId === 0n) return undefined;
  const asset = (await rpcCall(() =>
    client.readContract({
      address: registry,
      abi: abis.assetRegistry(),
      functionName: 'getAsset',
      args: [assetId],
    }),
  )) as { registrant: Address };
  return { assetId, registrant: asset.registrant };
}
