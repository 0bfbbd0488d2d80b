import { z } from 'zod';
import { ChainId } from './market-publish.js';
import { Address, BaseUnits, TxHash, TxReview } from './tx.js';

/**
 * Why an account was paid from a sale, from the chain's records: 'seller' (the offer's; paid the
 * rounding remainder), 'contributor' (of the asset sold), 'parent' (a contributor of a parent asset:
 * its royalty), 'fee' (the marketplace's fee recipient).
 */
export const PayoutRole = z.enum(['seller', 'contributor', 'parent', 'fee']);
export type PayoutRole = z.infer<typeof PayoutRole>;

/** What one account was credited from the sales of one asset. */
export const AssetEarning = z.object({
  assetId: ChainId,
  credited: BaseUnits,
  /** Licences sold that paid this account. */
  licences: z.number().int(),
  /** Every role the account holds for this asset (one credit cannot tell a contributor-seller's parts apart). */
  roles: z.array(PayoutRole),
});
export type AssetEarning = z.infer<typeof AssetEarning>;

/** One wallet account's balance on the marketplace in one token. */
/** Points of an earnings history at most (the chart's resolution; each is one block's time to read). */
export const EARNINGS_HISTORY_POINTS = 200;

export const Earning = z.object({
  account: Address,
  token: Address,
  symbol: z.string(),
  decimals: z.number().int(),
  /** The contract's `owed`, read from the chain now: what `withdraw` would send. */
  withdrawable: BaseUnits,
  /** Everything ever credited by sales (PayoutCredited in the event cache). */
  credited: BaseUnits,
  /** Payments of undelivered licences credited back to this account as the buyer (Refunded). */
  refunded: BaseUnits,
  /** Everything this account withdrew (Withdrawn). */
  withdrawn: BaseUnits,
  /** `credited`, asset by asset; the amounts add up to it. */
  assets: z.array(AssetEarning),
  /**
   * `credited` over time: the running total after each block that credited this account, by the
   * block's time; at most EARNINGS_HISTORY_POINTS (the oldest folded into the first).
   */
  history: z.array(z.object({ at: z.string(), credited: BaseUnits })).max(200),
});
export type Earning = z.infer<typeof Earning>;

export const Earnings = z.object({
  network: z.string(),
  chainId: z.number().int(),
  earnings: z.array(Earning),
  /** The event cache's last block: the credited totals are as of it. */
  syncedTo: z.number().int(),
  /** Set when the chain could not be read to the head: the totals are the cached ones. */
  stale: z.string().optional(),
});
export type Earnings = z.infer<typeof Earnings>;

export const WithdrawInput = z.strictObject({
  /** The token to withdraw (default: the network's payment token). */
  token: Address.optional(),
  /** Which wallet account withdraws (default: the first). */
  from: Address.optional(),
});
export type WithdrawInput = z.infer<typeof WithdrawInput>;

export const WithdrawPlan = z.object({
  planId: z.string(),
  expiresAt: z.string(),
  network: z.string(),
  chainId: z.number().int(),
  from: Address,
  token: Address,
  symbol: z.string(),
  decimals: z.number().int(),
  /** The contract's `owed` when planned; the withdrawal sends whatever is owed when it is mined. */
  amount: BaseUnits,
  review: TxReview,
  maxFee: BaseUnits,
});
export type WithdrawPlan = z.infer<typeof WithdrawPlan>;

export const WithdrawResult = z.object({
  tx: TxHash,
  from: Address,
  token: Address,
  /** What was sent to the wallet, from the receipt's Withdrawn event. */
  amount: BaseUnits,
});
export type WithdrawResult = z.infer<typeof WithdrawResult>;
