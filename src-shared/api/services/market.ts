import { z } from 'zod';
import { AssetKind } from '../../domain/asset-metadata.js';
import { AssetPage, ChainId, LicenseFilter, MarketListing, MarketSort } from '../../domain/market.js';
import { Address } from '../../domain/tx.js';
import { procedure } from '../define.js';
import { Amount } from './tx.js';

// Read procedures (browse, search, the asset page); the publish side appends its own below.
export const marketService = {
  search: procedure(
    z.strictObject({
      /** Words looked for in the title, description and tags (all must appear). */
      text: z.string().max(200).optional(),
      kind: AssetKind.optional(),
      /** In whole token units ("12.5"), read with each listing's token decimals. */
      maxPrice: Amount.optional(),
      token: Address.optional(),
      seller: Address.optional(),
      /** Terms every result must grant: commercial use, derivatives, a perpetual licence. */
      license: z.array(LicenseFilter).max(3).optional(),
      sort: MarketSort.default('newest'),
      cursor: z
        .string()
        .regex(/^[0-9]{1,9}$/, 'a cursor from a previous answer')
        .optional(),
      limit: z.number().int().min(1).max(200).default(50),
    }),
    z.object({
      listings: z.array(MarketListing),
      /** Results matching, all pages together. */
      total: z.number().int(),
      nextCursor: z.string().optional(),
      /** The cache's last block. */
      syncedTo: z.number().int(),
      /** Set when the chain did not answer: these are the cached listings as of `syncedTo`. */
      stale: z.string().optional(),
    }),
    'Live listings on the active network from the chain cache, filtered and sorted, with their metadata.',
  ),
  show: procedure(
    z.strictObject({ assetId: ChainId }),
    AssetPage,
    "An asset's page: provenance, licence terms, hashes, licences sold, the owner's other assets and the split of one purchase (quoteSplit).",
  ),
} as const;
