import { z } from 'zod';
import { BoughtLicense, BuyInput, BuyPlan, BuyResult, Sale } from '../../domain/market-buy.js';
import {
  ChainId,
  PublishedAsset,
  PublishInput,
  PublishPlan,
  PublishResult,
} from '../../domain/market-publish.js';
import { procedure } from '../define.js';
import { NoInput } from './app.js';

export const marketService = {
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
} as const;
