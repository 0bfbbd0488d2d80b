import { z } from 'zod';
import { AssetKind } from './asset-metadata.js';
import { Address, BaseUnits } from './tx.js';

/**
 * What the market's read side shows. Every string that came from the chain or from an asset's metadata
 * is already neutralised by the owner (src-shared/untrusted-text.ts: printable, length-capped); the
 * renderer and the CLI still show it as plain text only.
 */

/** A token id on chain (asset, offer, licence): a decimal uint256. */
export const ChainId = z.string().regex(/^[1-9][0-9]{0,77}$/, 'an id (a positive whole number)');

export const LICENSE_FILTERS = ['commercial', 'derivatives', 'perpetual'] as const;
export const LicenseFilter = z.enum(LICENSE_FILTERS);
export const MARKET_SORTS = ['newest', 'price', 'sold'] as const;
export const MarketSort = z.enum(MARKET_SORTS);
export type MarketSort = z.infer<typeof MarketSort>;

/** How the metadata read: `legacy` is the devnet's old demo form; `unreadable` carries the reason. */
export const MetadataNote = z.object({
  state: z.enum(['ok', 'legacy', 'unreadable']),
  problem: z.string().optional(),
  /** Set when the metadata claims another kind than the chain's (the chain's is the one shown). */
  kindClaimed: AssetKind.optional(),
});
export type MetadataNote = z.infer<typeof MetadataNote>;

export const OfferTerms = z.object({
  token: Address,
  /** The token's symbol as its contract reports it (printable, ≤ 16 characters). */
  symbol: z.string(),
  decimals: z.number().int().min(0).max(36),
  price: BaseUnits,
  commercialUse: z.boolean(),
  derivativesAllowed: z.boolean(),
  /** Licence length in seconds; "0": perpetual. */
  duration: BaseUnits,
  /** 0: no seat cap. */
  maxLicenses: z.number().int().nonnegative(),
});
export type OfferTerms = z.infer<typeof OfferTerms>;

export const MarketListing = z.object({
  offerId: ChainId,
  assetId: ChainId,
  seller: Address,
  /** The chain's kind. */
  kind: AssetKind,
  title: z.string(),
  /** The description's start, for a list row. */
  summary: z.string(),
  tags: z.array(z.string()),
  terms: OfferTerms,
  sold: z.number().int().nonnegative(),
  /** Unix seconds; "0": the offer does not expire. */
  expiresAt: BaseUnits,
  live: z.boolean(),
  metadata: MetadataNote,
});
export type MarketListing = z.infer<typeof MarketListing>;

export const AssetRef = z.object({ assetId: ChainId, kind: AssetKind, title: z.string() });
export type AssetRef = z.infer<typeof AssetRef>;

export const SplitRole = z.enum(['fee', 'parent', 'contributor', 'seller', 'unexplained']);
export const SplitRecipient = z.object({
  account: Address,
  amount: BaseUnits,
  role: SplitRole,
  /** One sentence: why this account is paid this much. */
  why: z.string(),
});
export type SplitRecipient = z.infer<typeof SplitRecipient>;

export const PurchaseSplit = OfferTerms.pick({
  token: true,
  symbol: true,
  decimals: true,
  price: true,
}).extend({
  offerId: ChainId,
  feeBps: z.number().int().nonnegative(),
  /** From the contract's quoteSplit, in payout order; the amounts sum to the price. */
  recipients: z.array(SplitRecipient),
});
export type PurchaseSplit = z.infer<typeof PurchaseSplit>;

export const AssetPage = z.object({
  assetId: ChainId,
  kind: AssetKind,
  owner: Address,
  registrant: Address,
  title: z.string(),
  description: z.string(),
  tags: z.array(z.string()),
  licenseText: z.string(),
  metadataURI: z.string(),
  metadata: MetadataNote,
  /** sha256 of the plaintext, from the chain. */
  contentHash: z.string(),
  content: z.object({ size: z.number(), format: z.string(), name: z.string().optional() }).optional(),
  /** The ciphertext as the metadata describes it (the seller's claim, checked by a buyer on download). */
  ciphertext: z
    .object({
      sha256: z.string(),
      size: z.number(),
      locations: z.array(z.object({ kind: z.enum(['peer', 'url', 'ipfs', 'inline']), where: z.string() })),
    })
    .optional(),
  contributors: z.array(z.object({ account: Address, bps: z.number().int() })),
  parents: z.array(AssetRef.extend({ bps: z.number().int() })),
  derived: z.array(AssetRef),
  offers: z.array(MarketListing),
  licenses: z.object({
    sold: z.number().int(),
    escrowed: z.number().int(),
    delivered: z.number().int(),
    refunded: z.number().int(),
  }),
  /** The owner's other assets. */
  sellerOther: z.array(AssetRef),
  /** One purchase of the newest live offer, split as the contract would pay it; absent: no live offer. */
  split: PurchaseSplit.optional(),
  /** Why the split could not be quoted (the RPC did not answer), when it could not. */
  splitProblem: z.string().optional(),
});
export type AssetPage = z.infer<typeof AssetPage>;
