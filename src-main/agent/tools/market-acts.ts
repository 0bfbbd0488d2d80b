import type { ValueMove } from '../../../src-shared/domain/agent.js';
import { formatUnits } from '../../../src-shared/domain/amount.js';
import type { BuyPlan } from '../../../src-shared/domain/market-buy.js';
import { PublishInput, type PublishPlan } from '../../../src-shared/domain/market-publish.js';
import type { TxReview } from '../../../src-shared/domain/tx.js';
import { untrustedLine } from '../../../src-shared/untrusted-text.js';
import type { ActionProposal } from '../ports.js';
import type { ToolArgs } from './definitions.js';
import { executeOnce } from './execute-once.js';
import { describeMove, movesOf } from './moves.js';
import type { ActPorts } from './ports.js';

const reviewsOf = (steps: { review: TxReview | null }[]): TxReview[] =>
  steps.flatMap((s) => (s.review ? [s.review] : []));

/**
 * A buy's moves: the approval of exactly the price (when the allowance is short) from its simulation,
 * and the price paid to the marketplace: the buy's simulation, or, when the buy can only be simulated
 * after the approval, the price the plan read from the chain's offer.
 */
export function buyMoves(plan: BuyPlan): ValueMove[] {
  const moves = movesOf(reviewsOf(plan.steps));
  const buy = plan.steps.find((s) => s.step === 'buy');
  if (buy && !buy.review) {
    moves.push({
      token: plan.token,
      symbol: plan.symbol,
      decimals: plan.decimals,
      amount: plan.price,
      to: buy.to,
      approval: false,
    });
  }
  return moves;
}

export async function buyProposal(
  p: ActPorts,
  args: ToolArgs<'market_buy'>,
  now: () => number,
): Promise<ActionProposal> {
  const plan = await p.buyer.plan({ offerId: args.offerId, maxPrice: args.maxPrice });
  const moves = buyMoves(plan);
  const market = (await p.marketplace?.()) ?? null;
  const price = `${formatUnits(plan.price, plan.decimals)} ${untrustedLine(plan.symbol, 16)}`;
  return {
    tool: 'market_buy',
    arguments: { ...args },
    summary: `Buy a licence of offer #${plan.offerId} (asset #${plan.assetId}, seller ${plan.seller}) for ${price}: ${moves.map((m) => describeMove(m, market)).join('; ')}`,
    moves,
    reviews: reviewsOf(plan.steps),
    laterCalls: plan.steps
      .filter((s) => !s.review)
      .map((s) => ({ to: s.to, call: s.step, args: s.args, maxFee: s.maxFee })),
    sharesData: false,
    execute: executeOnce({
      first: { id: plan.planId, expiresAt: plan.expiresAt, moves },
      now,
      // The price decided on is the most a new plan may take.
      again: async () => {
        const fresh = await p.buyer.plan({
          offerId: plan.offerId,
          maxPrice: formatUnits(plan.price, plan.decimals),
        });
        return { id: fresh.planId, expiresAt: fresh.expiresAt, moves: buyMoves(fresh) };
      },
      confirm: async (id) => {
        const r = await p.buyer.confirm(id);
        return `Bought licence #${r.licenseId} of offer #${plan.offerId} for ${price} (transaction ${r.buyTx}). The seller delivers it; it lands in the vault when it arrives.`;
      },
    }),
  };
}

export async function publishProposal(
  p: ActPorts,
  args: ToolArgs<'market_publish'>,
  now: () => number,
): Promise<ActionProposal> {
  const request = PublishInput.parse({
    itemId: args.itemId,
    price: args.price,
    title: args.title,
    kind: args.kind,
  });
  const prepared = async () => {
    const plan = await p.publisher.plan(request);
    return { plan, id: plan.planId, expiresAt: plan.expiresAt, moves: movesOf(reviewsOf(plan.steps)) };
  };
  const first = await prepared();
  const market = (await p.marketplace?.()) ?? null;
  return {
    tool: 'market_publish',
    arguments: { ...args },
    summary: publishSummary(first.plan, args, first.moves, market),
    moves: first.moves,
    reviews: reviewsOf(first.plan.steps),
    // Publishing offers vault data to anyone who pays: never without the user.
    sharesData: true,
    execute: executeOnce({
      first,
      now,
      again: prepared,
      confirm: async (id) => {
        const r = await p.publisher.confirm(id);
        return `Published: asset #${r.assetId}, offer #${r.offerId}.`;
      },
    }),
    // Its ciphertext of the vault item is not left on disk for a publish the user never approved.
    discard: () => p.publisher.discard(first.id),
  };
}

function publishSummary(
  plan: PublishPlan,
  args: ToolArgs<'market_publish'>,
  moves: ValueMove[],
  market: string | null,
): string {
  const price = `${formatUnits(plan.offer.price, plan.offer.decimals)} ${untrustedLine(plan.offer.symbol, 16)}`;
  const listed = market ? ` on the marketplace (${market})` : '';
  const paid = moves.length > 0 ? `: ${moves.map((m) => describeMove(m, market)).join('; ')}` : '';
  return `Publish vault item ${untrustedLine(args.itemId, 64)} as a ${args.kind} titled "${untrustedLine(args.title, 80)}" for sale at ${price}${listed}, from ${plan.from}${paid}`;
}
