import { z } from 'zod';
import { MAX_DECIMALS, parseAmount } from './amount.js';
import { AssetMetadata } from './asset-metadata.js';
import { ChainId } from './market-publish.js';
import { Address, BaseUnits, TxHash, TxReview } from './tx.js';

export const BuyInput = z.strictObject({
  offerId: ChainId,
  /** The most the buyer accepts, in whole units of the offer's token; the plan refuses a higher price. */
  maxPrice: z
    .string()
    .max(100)
    .refine((t) => parseAmount(t, MAX_DECIMALS).ok, 'a decimal amount like 25 or 0.5')
    .optional(),
  /** Which wallet account buys (default: the first). */
  from: Address.optional(),
});
export type BuyInput = z.infer<typeof BuyInput>;

/** One recipient of a purchase's payment, as the contract's quoteSplit computes it. */
export const SplitShare = z.object({
  account: Address,
  /** 'fee': the platform's; 'share': a contributor's, a parent owner's or the seller's remainder. */
  role: z.enum(['fee', 'share']),
  amount: BaseUnits,
});

export const BuyStep = z.object({
  step: z.enum(['approve', 'buy']),
  to: Address,
  args: z.record(z.string(), z.string()),
  /** The pipeline's simulation; null for a buy that needs the approval first (its fee is estimated). */
  review: TxReview.nullable(),
  maxFee: BaseUnits,
  estimated: z.boolean(),
});
export type BuyStep = z.infer<typeof BuyStep>;

export const BuyPlan = z.object({
  planId: z.string(),
  expiresAt: z.string(),
  network: z.string(),
  chainId: z.number().int(),
  from: Address,
  offerId: ChainId,
  assetId: ChainId,
  seller: Address,
  token: Address,
  symbol: z.string(),
  decimals: z.number().int(),
  price: BaseUnits,
  split: z.array(SplitShare),
  terms: z.object({
    commercialUse: z.boolean(),
    derivativesAllowed: z.boolean(),
    durationSeconds: z.number().int(),
    seats: z.number().int(),
    sold: z.number().int(),
  }),
  /** The allowance the approve step sets: the price exactly (never unlimited); null when it is enough already. */
  approval: BaseUnits.nullable(),
  /** The per-licence X25519 public key (hex) the seller will seal the asset's key to. */
  buyerPubKey: z.string().regex(/^0x[0-9a-f]{64}$/),
  metadata: AssetMetadata.nullable(),
  steps: z.array(BuyStep),
});
export type BuyPlan = z.infer<typeof BuyPlan>;

export const BuyResult = z.object({ licenseId: ChainId, buyTx: TxHash, approveTx: TxHash.nullable() });
export type BuyResult = z.infer<typeof BuyResult>;

export const LicenseState = z.enum(['buying', 'escrowed', 'received', 'failed', 'refunded']);
export type LicenseState = z.infer<typeof LicenseState>;

/** A licence this Sahel bought, and where its delivery stands. */
export const BoughtLicense = z.object({
  licenseId: ChainId,
  offerId: ChainId,
  assetId: ChainId,
  seller: Address,
  token: Address,
  price: BaseUnits,
  deliveryDeadline: z.string(),
  expiresAt: z.string().nullable(),
  state: LicenseState,
  /** Why a delivery failed, as a sentence. */
  reason: z.string().nullable(),
  /** The vault item holding the asset once received. */
  itemId: z.string().nullable(),
  /** Past the deadline without delivery: `market refund` takes the payment back. */
  refundable: z.boolean(),
});
export type BoughtLicense = z.infer<typeof BoughtLicense>;

/** What is in flight on the active network: licences bought and not yet in the vault, sales not yet delivered. */
export const MarketActivity = z.object({
  incoming: z.number().int().nonnegative(),
  outgoing: z.number().int().nonnegative(),
});
export type MarketActivity = z.infer<typeof MarketActivity>;

export const DeliveryState = z.enum(['pending', 'sent', 'delivered', 'failed']);
export type DeliveryState = z.infer<typeof DeliveryState>;

/** A licence sold by this Sahel, and where its delivery stands. */
export const Sale = z.object({
  licenseId: ChainId,
  assetId: ChainId,
  buyer: Address,
  state: DeliveryState,
  tx: TxHash.nullable(),
  reason: z.string().nullable(),
  updatedAt: z.string(),
});
export type Sale = z.infer<typeof Sale>;
