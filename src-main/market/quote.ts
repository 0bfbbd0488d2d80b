import type { Address } from 'viem';
import type { MarketListing, PurchaseSplit } from '../../src-shared/domain/market.js';
import type { ActiveNetwork, CachedAsset } from '../chain/index.js';
import { abis, clientFor } from '../chain/index.js';
import { expectedSplit, explainSplit } from './split.js';

const lineage = (a: CachedAsset | undefined) =>
  (a?.contributors ?? []).map((account, i) => ({ account, bps: a?.bps[i] ?? 0 }));

/**
 * One purchase of `offer`, split by the contract itself (Marketplace.quoteSplit, a read call at the
 * current fee), each recipient explained from the cached lineage.
 */
export async function quotePurchase(
  network: ActiveNetwork,
  offer: MarketListing,
  asset: CachedAsset,
  assets: ReadonlyMap<string, CachedAsset>,
): Promise<PurchaseSplit> {
  const client = clientFor(network);
  const market = { address: network.contracts.marketplace as Address, abi: abis.marketplace() };
  const price = BigInt(offer.terms.price);
  const [quote, feeBps, feeRecipient] = await Promise.all([
    client.readContract({
      ...market,
      functionName: 'quoteSplit',
      args: [BigInt(asset.assetId), price, offer.seller],
    }),
    client.readContract({ ...market, functionName: 'feeBps' }),
    client.readContract({ ...market, functionName: 'feeRecipient' }),
  ]);
  const [accounts, amounts] = quote as readonly [readonly string[], readonly bigint[]];
  const expected = expectedSplit({
    price,
    feeBps: Number(feeBps),
    feeRecipient: String(feeRecipient),
    seller: offer.seller,
    contributors: lineage(asset),
    parents: asset.parents.map((id, i) => ({
      assetId: id,
      bps: asset.parentBps[i] ?? 0,
      contributors: lineage(assets.get(id)),
    })),
  });
  return {
    offerId: offer.offerId,
    token: offer.terms.token,
    symbol: offer.terms.symbol,
    decimals: offer.terms.decimals,
    price: offer.terms.price,
    feeBps: Number(feeBps),
    recipients: explainSplit(accounts, amounts, expected),
  };
}
