import { randomUUID } from 'node:crypto';
import { type Address, getAddress, type Hex, parseEventLogs } from 'viem';
import { formatUnits, MAX_DECIMALS, parseAmount } from '../../../src-shared/domain/amount.js';
import type {
  BoughtLicense,
  BuyInput,
  BuyPlan,
  BuyResult,
  BuyStep,
} from '../../../src-shared/domain/market-buy.js';
import { SahelError } from '../../../src-shared/errors.js';
import type { ActiveNetworkSource, TxOrigin, TxPipeline } from '../../chain/index.js';
import { abis, clientFor, rpcCall, tokenMeta } from '../../chain/index.js';
import type { MarketTradesRepo } from '../../store/index.js';
import { vaultCall } from '../../vault/index.js';
import { deliveriesIn, type MarketEvents } from '../deliver/events.js';
import type { AssetMetadataSource } from '../receive/metadata-source.js';
import { takePlan } from '../take-plan.js';
import { failedAfterApprove } from './allowance-reset.js';
import { approveCall, buyCall, refundCall } from './buy-calls.js';
import type { LicenceKeys } from './licence-keys.js';
import { licenceView, waitMined, walletAccount } from './licence-view.js';
import { allowance, feeRecipient, quoteSplit, readOffer, tokenBalance } from './market-reads.js';

/** Gas a buy takes at most on Sahel's Marketplace, for the estimate shown while the approval is pending. */
const BUY_GAS = 400_000n;

export interface BuyerOptions {
  repo: MarketTradesRepo;
  keys: LicenceKeys;
  pipeline: Pick<TxPipeline, 'prepare' | 'confirm' | 'waitFor'>;
  network: ActiveNetworkSource;
  signers: { addresses(): Address[] };
  metadata: AssetMetadataSource;
  /** A licence was bought: its delivery is to be received from now on (the owner's trade loop runs). */
  bought?: () => void;
  /** The event cache: a licence whose key it saw delivered is not refundable (the contract refuses). */
  events?: MarketEvents;
  now?: () => number;
}

interface StoredPlan {
  chainId: number;
  from: Address;
  offerId: bigint;
  token: Address;
  price: bigint;
  approval: bigint | null;
  approveReview: string | null;
  rowId: string;
  pubKey: Hex;
  sealed: Buffer;
  expires: number;
  seller: Address;
  assetId: bigint;
}

/**
 * Buying a licence: `plan` reads the offer, quotes the split, makes the licence's key and simulates
 * the transactions for review; `confirm` approves exactly the price (only when the allowance is short)
 * and buys with the quoted price as maxPrice. The licence's row (with its sealed key) is written before
 * the buy is sent, so a crash after broadcast still finds the purchase (by its public key) and its key.
 */
export class Buyer {
  private readonly plans = new Map<string, StoredPlan>();
  private readonly now: () => number;

  constructor(private readonly o: BuyerOptions) {
    this.now = o.now ?? Date.now;
  }

  plan(input: BuyInput): Promise<BuyPlan> {
    return vaultCall(() => this.makePlan(input));
  }

  /** `origin`: who asks (the pipeline's guard decides on it): the user, or the agent under its policy. */
  confirm(planId: string, origin: TxOrigin = 'user'): Promise<BuyResult> {
    return vaultCall(() => this.runPlan(planId, origin));
  }

  private async makePlan(input: BuyInput): Promise<BuyPlan> {
    const network = await this.o.network();
    const client = clientFor(network);
    const from = walletAccount(this.o.signers, input.from);
    const market = getAddress(network.contracts.marketplace);
    const offerId = BigInt(input.offerId);
    const { offer, live } = await readOffer(client, network, offerId);
    if (!live)
      throw new SahelError(
        'CONFLICT',
        `Offer #${offerId} cannot be bought now (inactive, expired or sold out)`,
      );
    if (getAddress(offer.seller) === from) throw new SahelError('BAD_INPUT', 'This is your own offer');
    const token = getAddress(offer.terms.token);
    const price = offer.terms.price;
    const tm = await rpcCall(() => tokenMeta(client, network.chainId, token));
    if (input.maxPrice !== undefined) {
      const max = parseAmount(input.maxPrice, Math.min(tm.decimals, MAX_DECIMALS));
      if (!max.ok) throw new SahelError('BAD_INPUT', max.problem);
      if (price > max.value) {
        throw new SahelError(
          'CONFLICT',
          `Offer #${offerId} costs ${formatUnits(price, tm.decimals)} ${tm.symbol}, more than your maximum ${input.maxPrice}`,
        );
      }
    }
    const [split, fee, allowed, balance] = await Promise.all([
      quoteSplit(client, network, offer.assetId, price, offer.seller),
      feeRecipient(client, network),
      allowance(client, token, from, market),
      tokenBalance(client, token, from),
    ]);
    if (balance < price) {
      throw new SahelError(
        'BAD_INPUT',
        `${from} holds ${formatUnits(balance, tm.decimals)} ${tm.symbol}; the licence costs ${formatUnits(price, tm.decimals)}`,
      );
    }
    const rowId = randomUUID();
    const key = this.o.keys.fresh(rowId);
    const approval = allowed < price ? price : null;
    const steps: BuyStep[] = [];
    let approveReview: string | null = null;
    const buyArgs = {
      offerId: offerId.toString(),
      maxPrice: `${formatUnits(price, tm.decimals)} ${tm.symbol}`,
      token,
      buyerPubKey: key.pubKey,
    };
    if (approval !== null) {
      const review = await this.o.pipeline.prepare({ from, to: token, data: approveCall(market, approval) });
      approveReview = review.reviewId;
      steps.push(
        {
          step: 'approve',
          to: token,
          args: { spender: market, amount: `${formatUnits(approval, tm.decimals)} ${tm.symbol}` },
          review,
          maxFee: review.effects.maxFee,
          estimated: false,
        },
        {
          step: 'buy',
          to: market,
          args: buyArgs,
          review: null,
          maxFee: (BUY_GAS * BigInt(review.effects.maxFeePerGas)).toString(),
          estimated: true,
        },
      );
    } else {
      const review = await this.o.pipeline.prepare({
        from,
        to: market,
        data: buyCall(offerId, price, token, key.pubKey),
      });
      steps.push({
        step: 'buy',
        to: market,
        args: buyArgs,
        review,
        maxFee: review.effects.maxFee,
        estimated: false,
      });
    }
    // The buyer's Sahel receives the asset through its metadata: one it cannot read could never arrive.
    const metadata = await this.o.metadata.metadataOf(offer.assetId).catch((err: unknown) => {
      const why = err instanceof Error ? err.message : String(err);
      throw new SahelError(
        'CONFLICT',
        `${why}: this Sahel could not receive it, so it is not offered for buying`,
      );
    });
    const planId = randomUUID();
    const expires = Math.min(...steps.flatMap((s) => (s.review ? [Date.parse(s.review.expiresAt)] : [])));
    this.plans.set(planId, {
      chainId: network.chainId,
      from,
      offerId,
      token,
      price,
      approval,
      approveReview,
      rowId,
      pubKey: key.pubKey,
      sealed: key.sealed,
      expires,
      seller: getAddress(offer.seller),
      assetId: offer.assetId,
    });
    return {
      planId,
      expiresAt: new Date(expires).toISOString(),
      network: network.name,
      chainId: network.chainId,
      from,
      offerId: offerId.toString(),
      assetId: offer.assetId.toString(),
      seller: getAddress(offer.seller),
      token,
      symbol: tm.symbol,
      decimals: tm.decimals,
      price: price.toString(),
      split: split.map((s, i) => ({
        account: s.account,
        role: i === 0 && s.account === fee ? ('fee' as const) : ('share' as const),
        amount: s.amount.toString(),
      })),
      terms: {
        commercialUse: offer.terms.commercialUse,
        derivativesAllowed: offer.terms.derivativesAllowed,
        durationSeconds: Number(offer.terms.duration),
        seats: Number(offer.terms.maxLicenses),
        sold: Number(offer.sold),
      },
      approval: approval?.toString() ?? null,
      buyerPubKey: key.pubKey,
      metadata,
      steps,
    };
  }

  private async runPlan(planId: string, origin: TxOrigin): Promise<BuyResult> {
    const { plan, network } = await takePlan(this.plans, planId, 'buy', this.now(), this.o.network);
    const client = clientFor(network);
    const market = getAddress(network.contracts.marketplace);
    let approveTx: Hex | null = null;
    if (plan.approveReview && (await allowance(client, plan.token, plan.from, market)) < plan.price) {
      approveTx = await this.o.pipeline.confirm(plan.approveReview, origin);
      await waitMined(this.o.pipeline, approveTx, 'approve', 'nothing was bought');
    }
    const iso = this.iso();
    this.o.repo.insertLicense({
      id: plan.rowId,
      chainId: plan.chainId,
      market,
      licenseId: null,
      offerId: plan.offerId.toString(),
      assetId: plan.assetId.toString(),
      buyer: plan.from,
      seller: plan.seller,
      token: plan.token,
      price: plan.price.toString(),
      pubKey: plan.pubKey,
      sealedSecret: plan.sealed,
      buyTx: null,
      deliveryDeadline: null,
      expiresAt: null,
      state: 'buying',
      reason: null,
      itemId: null,
      createdAt: iso,
      updatedAt: iso,
    });
    // A buy that fails once its approve went through closes the allowance that approve opened.
    const failed = async (err: unknown) =>
      approveTx === null
        ? err
        : failedAfterApprove(this.o.pipeline, { from: plan.from, token: plan.token, market, origin }, err);
    let buyTx: Hex;
    try {
      const review = await this.o.pipeline.prepare({
        from: plan.from,
        to: market,
        data: buyCall(plan.offerId, plan.price, plan.token, plan.pubKey),
      });
      buyTx = await this.o.pipeline.confirm(review.reviewId, origin);
    } catch (err) {
      this.o.repo.removeLicense(plan.rowId); // never sent: nothing to find later
      throw await failed(err);
    }
    const tx = await this.o.pipeline.waitFor(buyTx, 10 * 60_000);
    if (tx.status !== 'confirmed') {
      this.o.repo.removeLicense(plan.rowId);
      throw await failed(
        new SahelError('CONFLICT', `The buy transaction ${buyTx} ${tx.status}: nothing was bought`),
      );
    }
    const receipt = await rpcCall(() => client.getTransactionReceipt({ hash: buyTx }));
    const purchased = parseEventLogs({
      abi: abis.marketplace(),
      eventName: 'Purchased',
      logs: receipt.logs,
    }).find((l) => getAddress(l.address) === market);
    const args = purchased?.args as
      | { licenseId: bigint; deliveryDeadline: bigint; expiresAt: bigint }
      | undefined;
    if (!args) throw new SahelError('UNAVAILABLE', 'The buy receipt names no licence');
    this.o.repo.markBought(plan.rowId, {
      licenseId: args.licenseId.toString(),
      buyTx,
      deliveryDeadline: new Date(Number(args.deliveryDeadline) * 1000).toISOString(),
      expiresAt: args.expiresAt === 0n ? null : new Date(Number(args.expiresAt) * 1000).toISOString(),
      now: this.iso(),
    });
    this.o.bought?.();
    return { licenseId: args.licenseId.toString(), buyTx, approveTx };
  }

  /** What this data dir bought on the active network, and where delivery stands. */
  async licenses(): Promise<BoughtLicense[]> {
    const network = await this.o.network();
    const rows = this.o.repo.licenses(network.chainId, getAddress(network.contracts.marketplace));
    // Refundable is the chain's clock against the deadline (a devnet's time may run ahead of ours).
    const chainNow = await rpcCall(() => clientFor(network).getBlock())
      .then((b) => Number(b.timestamp) * 1000)
      .catch(() => this.now());
    const delivered = this.o.events ? deliveriesIn(this.o.events, network) : new Map<string, Hex>();
    // A row without a licence id is a buy not mined yet (or lost): nothing to show or refund yet.
    return rows.flatMap((r) =>
      r.licenseId ? [licenceView(r, chainNow, this.iso(), delivered.has(r.licenseId))] : [],
    );
  }

  /** Takes back the payment of a licence not delivered by its deadline (Marketplace.refund). */
  async refund(licenseId: string): Promise<{ tx: Hex }> {
    const network = await this.o.network();
    const market = getAddress(network.contracts.marketplace);
    const row = this.o.repo.licenseByChainId(network.chainId, market, licenseId);
    if (!row) throw new SahelError('NOT_FOUND', `Licence #${licenseId} was not bought by this Sahel`);
    const review = await this.o.pipeline.prepare({
      from: getAddress(row.buyer),
      to: market,
      data: refundCall(BigInt(licenseId)),
    });
    const tx = await this.o.pipeline.confirm(review.reviewId, 'user');
    await waitMined(this.o.pipeline, tx, 'refund', 'nothing was refunded');
    this.o.repo.setLicenseState(row.id, 'refunded', { now: this.iso() });
    return { tx };
  }

  private iso(): string {
    return new Date(this.now()).toISOString();
  }
}
