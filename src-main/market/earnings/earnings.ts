import { randomUUID } from 'node:crypto';
import { type Address, getAddress, parseEventLogs } from 'viem';
import {
  EARNINGS_HISTORY_POINTS,
  type Earning,
  type Earnings as EarningsView,
  type WithdrawInput,
  type WithdrawPlan,
  type WithdrawResult,
} from '../../../src-shared/domain/market-earnings.js';
import { SahelError } from '../../../src-shared/errors.js';
import { untrustedLine } from '../../../src-shared/untrusted-text.js';
import type { ActiveNetworkSource, CacheSync, TxPipeline } from '../../chain/index.js';
import { abis, cacheScope, clientFor, readCache, rpcCall, tokenMeta } from '../../chain/index.js';
import type { ChainCacheRepo } from '../../store/index.js';
import { withdrawCall } from '../buy/buy-calls.js';
import { waitMined, walletAccount } from '../buy/licence-view.js';
import { feeRecipient, owedTo } from '../buy/market-reads.js';
import { takePlan } from '../take-plan.js';
import { BlockTimes, creditSteps, historyPoints } from './history.js';
import { foldLedger, LEDGER_EVENTS } from './ledger.js';

export interface EarningsOptions {
  repo: ChainCacheRepo;
  /** The event cache's sync: brought to the chain's head before the credited totals are read. */
  cache: Pick<CacheSync, 'sync'>;
  network: ActiveNetworkSource;
  signers: { addresses(): Address[] };
  pipeline: Pick<TxPipeline, 'prepare' | 'confirm' | 'waitFor'>;
  now?: () => number;
}

interface StoredPlan {
  chainId: number;
  from: Address;
  token: Address;
  reviewId: string;
  expires: number;
}

/**
 * What the wallet's accounts earned on the marketplace and taking it out. The withdrawable amount is
 * always the contract's `owed`, read from the chain; the event cache only explains it (credited per
 * asset and role, refunds, withdrawals). Withdrawing is a plan the user reviews, then its confirmation.
 */
export class Earnings {
  private readonly plans = new Map<string, StoredPlan>();
  private readonly now: () => number;
  private readonly blockTimes: BlockTimes;

  constructor(private readonly o: EarningsOptions) {
    this.now = o.now ?? Date.now;
    this.blockTimes = new BlockTimes(this.now);
  }

  async earnings(): Promise<EarningsView> {
    const network = await this.o.network();
    const client = clientFor(network);
    let stale: string | undefined;
    try {
      await this.o.cache.sync();
    } catch (err) {
      stale = `The chain did not answer (${untrustedLine(String((err as Error).message ?? err), 120)}); the credited totals are the cached ones.`;
    }
    const scope = cacheScope(network);
    const syncedTo = this.o.repo.cursor(scope)?.syncedTo ?? 0;
    const accounts = this.o.signers.addresses().map((a) => getAddress(a));
    const view = readCache(this.o.repo, scope, Math.floor(this.now() / 1000));
    const fee = await feeRecipient(client, network);
    const ledger = foldLedger(view, this.o.repo.events(scope, LEDGER_EVENTS), accounts, fee);
    // The payment token is always asked about: a balance credited before the cache knew it still shows.
    const pairs = new Map<string, { account: Address; token: Address }>();
    const add = (account: Address, token: Address) => pairs.set(`${account}|${token}`, { account, token });
    for (const a of accounts) add(a, getAddress(network.contracts.paymentToken));
    for (const e of ledger.values()) add(getAddress(e.account), getAddress(e.token));
    const steps = new Map(
      [...ledger].map(([key, e]) => [key, creditSteps(e.credits, EARNINGS_HISTORY_POINTS)] as const),
    );
    const times = await this.blockTimes.of(
      client,
      network.chainId,
      [...steps.values()].flatMap((s) => s.map((x) => x.block)),
    );
    const rows = await Promise.all(
      [...pairs.values()].map(async ({ account, token }): Promise<Earning | null> => {
        const owed = await owedTo(client, network, token, account);
        const key = `${account.toLowerCase()}|${token.toLowerCase()}`;
        const e = ledger.get(key);
        if (owed === 0n && !e) return null;
        const tm = await rpcCall(() => tokenMeta(client, network.chainId, token));
        return {
          account,
          token,
          symbol: tm.symbol,
          decimals: tm.decimals,
          withdrawable: owed.toString(),
          credited: (e?.credited ?? 0n).toString(),
          refunded: (e?.refunded ?? 0n).toString(),
          withdrawn: (e?.withdrawn ?? 0n).toString(),
          assets: [...(e?.assets.values() ?? [])]
            .sort((x, y) => (BigInt(x.assetId) < BigInt(y.assetId) ? -1 : 1))
            .map((c) => ({
              assetId: c.assetId,
              credited: c.credited.toString(),
              licences: c.licences.size,
              roles: [...c.roles].sort(),
            })),
          history: historyPoints(steps.get(key) ?? [], times),
        };
      }),
    );
    return {
      network: network.name,
      chainId: network.chainId,
      earnings: rows.filter((r): r is Earning => r !== null),
      syncedTo,
      ...(stale ? { stale } : {}),
    };
  }

  /** Reads what is owed and simulates `withdraw`; nothing owed is refused here, before any transaction. */
  async withdrawPlan(input: WithdrawInput): Promise<WithdrawPlan> {
    const network = await this.o.network();
    const client = clientFor(network);
    const from = walletAccount(this.o.signers, input.from);
    const token = getAddress((input.token ?? network.contracts.paymentToken).toLowerCase());
    const tm = await rpcCall(() => tokenMeta(client, network.chainId, token));
    const owed = await owedTo(client, network, token, from);
    if (owed === 0n) {
      throw new SahelError(
        'CONFLICT',
        `The marketplace owes ${from} nothing in ${tm.symbol} (${token}): there is nothing to withdraw`,
      );
    }
    const review = await this.o.pipeline.prepare({
      from,
      to: getAddress(network.contracts.marketplace),
      data: withdrawCall(token),
    });
    const planId = randomUUID();
    const expires = Date.parse(review.expiresAt);
    this.plans.set(planId, { chainId: network.chainId, from, token, reviewId: review.reviewId, expires });
    return {
      planId,
      expiresAt: review.expiresAt,
      network: network.name,
      chainId: network.chainId,
      from,
      token,
      symbol: tm.symbol,
      decimals: tm.decimals,
      amount: owed.toString(),
      review,
      maxFee: review.effects.maxFee,
    };
  }

  /** Sends the reviewed withdrawal; the amount returned is the one the receipt's Withdrawn event names. */
  async withdrawConfirm(planId: string): Promise<WithdrawResult> {
    const { plan, network } = await takePlan(this.plans, planId, 'withdraw', this.now(), this.o.network);
    const client = clientFor(network);
    // Withdrawn meanwhile (another owner of the same key): sending now would only revert and cost a fee.
    if ((await owedTo(client, network, plan.token, plan.from)) === 0n) {
      throw new SahelError('CONFLICT', `Nothing is owed to ${plan.from} any more: nothing was sent`);
    }
    const tx = await this.o.pipeline.confirm(plan.reviewId, 'user');
    await waitMined(this.o.pipeline, tx, 'withdraw', 'nothing was withdrawn');
    const receipt = await rpcCall(() => client.getTransactionReceipt({ hash: tx }));
    const market = getAddress(network.contracts.marketplace);
    const withdrawn = parseEventLogs({
      abi: abis.marketplace(),
      eventName: 'Withdrawn',
      logs: receipt.logs,
    }).find((l) => getAddress(l.address) === market);
    const args = withdrawn?.args as { amount: bigint } | undefined;
    if (!args) throw new SahelError('UNAVAILABLE', `The withdraw receipt of ${tx} names no amount`);
    return { tx, from: plan.from, token: plan.token, amount: args.amount.toString() };
  }
}
