import { moveRecipient, type ValueMove } from '../../../src-shared/domain/agent.js';
import { formatUnits } from '../../../src-shared/domain/amount.js';
import type { TxReview } from '../../../src-shared/domain/tx.js';
import { SahelError } from '../../../src-shared/errors.js';
import { untrustedLine } from '../../../src-shared/untrusted-text.js';

/** What the reviewed transactions make leave the wallet (or approve), as the pipeline simulated it. */
export function movesOf(reviews: TxReview[]): ValueMove[] {
  return reviews.flatMap((r) =>
    r.effects.outflows.map((o) => ({
      token: o.token ?? ('native' as const),
      symbol: o.symbol,
      decimals: o.decimals,
      amount: o.amount,
      to: o.to,
      approval: o.approval,
    })),
  );
}

const keyOf = (m: ValueMove) => `${m.token.toLowerCase()}|${m.to.toLowerCase()}|${m.approval}`;

function totals(moves: ValueMove[]): Map<string, bigint> {
  const sums = new Map<string, bigint>();
  for (const m of moves) sums.set(keyOf(m), (sums.get(keyOf(m)) ?? 0n) + BigInt(m.amount));
  return sums;
}

/**
 * Refuses (CONFLICT) when `fresh` would move more than `proposed`: more of a token to someone, or
 * anything to someone the proposal did not name. What was approved is the proposal, not a new plan.
 */
export function assertWithin(fresh: ValueMove[], proposed: ValueMove[]): void {
  const allowed = totals(proposed);
  for (const [key, amount] of totals(fresh)) {
    if (amount > (allowed.get(key) ?? 0n)) {
      throw new SahelError(
        'CONFLICT',
        'Prepared again after its review expired, this action would move more than the proposal that was decided on: nothing was done. Ask again.',
      );
    }
  }
}

/**
 * "25 SAH to 0x…" for a summary; an approval says who may take it. Symbols are the token's claim. The
 * network's configured marketplace (`marketplace`, when given) is named as such, with its address.
 */
export function describeMove(m: ValueMove, marketplace?: string | null): string {
  const what = `${formatUnits(m.amount, m.decimals)} ${untrustedLine(m.symbol, 16)}`;
  const who = moveRecipient(m.to, marketplace);
  return m.approval ? `allow ${who} to take ${what}` : `${what} to ${who}`;
}

/** Whether a review's time is up (the pipeline would refuse it), with a margin for the confirm's own time. */
export function expired(expiresAt: string, now: number, marginMs = 5_000): boolean {
  return now + marginMs >= Date.parse(expiresAt);
}
