import { z } from 'zod';
import { AssetKind } from '../../domain/asset-metadata.js';
import { AssetPage, LicenseFilter, MarketListing, MarketSort } from '../../domain/market.js';
import {
  BoughtLicense,
  BuyInput,
  BuyPlan,
  BuyResult,
  MarketActivity,
  Sale,
} from '../../domain/market-buy.js';
import { Earnings, WithdrawInput, WithdrawPlan, WithdrawResult } from '../../domain/market-earnings.js';
import {
  ChainId,
  PublishedAsset,
  PublishInput,
  PublishPlan,
  PublishResult,
} from '../../domain/market-publish.js';
import { Address } from '../../domain/tx.js';
import { procedure } from '../define.js';
import { NoInput } from './app.js';
import { Amount } from './tx.js';

// The read side (browse, search, the asset page), then publishing and buying.
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

  // The publish side (issue 11). Publishing vault data is always two calls: the plan the user reviews,
  // then its confirmation; nothing goes on chain or to a host from the plan alone.
  publishPlan: procedure(
    PublishInput,
    PublishPlan,
    'Prepares publishing a vault item: encrypts it for hosting and returns every transaction (decoded, with fees), where the ciphertext will live and the metadata, for review.',
  ),
  publishConfirm: procedure(
    z.strictObject({ planId: z.string().min(1).max(64) }),
    PublishResult,
    'Runs a reviewed publish plan: checks uploaded copies, registers the asset and offers it; returns the asset and offer ids.',
  ),
  published: procedure(
    NoInput,
    z.object({ assets: z.array(PublishedAsset), hosting: z.object({ url: z.string().nullable() }) }),
    'What this Sahel published on the active network (including a version registered but not offered yet), and where its blob listener serves.',
  ),
  // The buy side (issue 11): a plan to review, then its confirmation; delivery and receipt run in the
  // background of the seller's and the buyer's owners.
  buyPlan: procedure(
    BuyInput,
    BuyPlan,
    "Prepares buying an offer: its price and terms, the split to every recipient (the contract's quoteSplit), the exact approval, the fees, and the licence's public key the asset will be sealed to.",
  ),
  buyConfirm: procedure(
    z.strictObject({ planId: z.string().min(1).max(64) }),
    BuyResult,
    'Runs a reviewed buy plan: approves exactly the price when the allowance is short, then buys with the quoted price as the maximum; returns the licence id.',
  ),
  licenses: procedure(
    NoInput,
    z.object({ licenses: z.array(BoughtLicense) }),
    'The licences this Sahel bought on the active network, and where each delivery stands.',
  ),
  activity: procedure(
    NoInput,
    MarketActivity,
    'What is in flight on the active network as of the last delivery round: licences bought and not yet in the vault, sales not yet delivered (zero before the chain is first used).',
  ),
  followLicense: procedure(
    z.strictObject({ licenseId: ChainId, waitMs: z.number().int().min(0).max(30_000) }),
    BoughtLicense,
    'Follows a licence this Sahel bought for up to waitMs: runs the delivery and receipt rounds now (also in an owner that does not stay up) and returns where it stands as soon as it is received into the vault, failed or refunded, or still escrowed when the time is up.',
  ),
  sales: procedure(
    NoInput,
    z.object({ sales: z.array(Sale) }),
    'The licences this Sahel sold on the active network, and where each delivery stands.',
  ),
  refund: procedure(
    z.strictObject({ licenseId: ChainId }),
    z.object({ tx: z.string() }),
    'Takes back the payment of a licence not delivered by its deadline (Marketplace.refund).',
  ),
  // Earnings (issue 11): what the marketplace owes each wallet account (read from the chain) and what
  // sales credited it, per asset and role; withdrawing is a plan to review, then its confirmation.
  earnings: procedure(
    NoInput,
    Earnings,
    "For each wallet account and token: the amount withdrawable now (the contract's owed), the total credited by sales, per asset with the account's roles, refunds and withdrawals.",
  ),
  withdrawPlan: procedure(
    WithdrawInput,
    WithdrawPlan,
    'Prepares withdrawing everything the marketplace owes an account in a token: the amount and the simulated fee, for review. Nothing owed is refused.',
  ),
  withdrawConfirm: procedure(
    z.strictObject({ planId: z.string().min(1).max(64) }),
    WithdrawResult,
    'Runs a reviewed withdraw plan (Marketplace.withdraw); returns the transaction and the amount sent to the wallet.',
  ),
} as const;
