import type { PublicClient } from 'viem';
import type { AssetMetadata } from '../../../src-shared/domain/asset-metadata.js';
import { SahelError } from '../../../src-shared/errors.js';
import type { ActiveNetwork } from '../../chain/index.js';
import { readAsset } from '../buy/market-reads.js';
import { isDevnet } from '../market.js';
import type { MetadataResolver } from '../metadata/resolver.js';

/** Where the buy and receive sides read an asset's metadata: a narrow port core.ts wires. */
export interface AssetMetadataSource {
  metadataOf(assetId: bigint): Promise<AssetMetadata>;
}

/**
 * An asset's metadata as the buy and receive sides need it: its metadataURI read from the chain, then
 * fetched and validated by the read side's resolver (data:, http(s), ipfs:// through the gateway; private
 * addresses only on a devnet; cached), so that what is shown on the asset page is what a purchase uses.
 * Only a full v1 document will do: the devnet's early demo form names no content to receive.
 */
export function resolvedMetadata(
  client: () => Promise<{ client: PublicClient; network: ActiveNetwork }>,
  resolver: Pick<MetadataResolver, 'resolve'>,
): AssetMetadataSource {
  return {
    async metadataOf(assetId) {
      const { client: c, network } = await client();
      const { metadataURI } = await readAsset(c, network, assetId);
      const outcome = await resolver.resolve(metadataURI, isDevnet(network));
      if (outcome.state === 'ok') return outcome.metadata;
      throw new SahelError(
        'BAD_INPUT',
        outcome.state === 'legacy'
          ? `Asset #${assetId} has only demo metadata (a title and a description): it names no content to receive`
          : `Asset #${assetId}'s metadata could not be read: ${outcome.problem}`,
      );
    },
  };
}
