import type { ValueMove } from '../../../src-shared/domain/agent.js';
import type { TxOutflow, TxReview } from '../../../src-shared/domain/tx.js';
import { SahelError } from '../../../src-shared/errors.js';

interface GrantLine {
  token: string;
  to: string;
  approval: boolean;
  left: bigint;
}

/** An outflow a grant let through: what the spend ledger records. */
export interface Spent {
  token: string;
  amount: bigint;
}

const lower = (s: string) => s.toLowerCase();
const tokenKey = (o: Pick<TxOutflow, 'token'>) => (o.token === null ? 'native' : lower(o.token));

/**
 * What one allowed action may sign, while it runs: its moves (same token, same recipient, at most the
 * amount, consumed as transactions use them) to the contracts and accounts its reviews named. The
 * pipeline's guard passes an agent's transaction only against it, so a tool that does more than the
 * policy judged — or anything the agent sends outside an allowed action — is refused before signing.
 */
export class Grant {
  private readonly lines: GrantLine[] = [];
  private readonly targets: Set<string>;

  /** `laterCalls`: contracts its later transactions call, not simulated yet (ActionProposal.laterCalls). */
  constructor(moves: readonly ValueMove[], reviews: readonly TxReview[], laterCalls: readonly string[] = []) {
    for (const m of moves) {
      const token = lower(m.token);
      const same = this.lines.find(
        (l) => l.token === token && l.to === lower(m.to) && l.approval === m.approval,
      );
      if (same) same.left += BigInt(m.amount);
      else this.lines.push({ token, to: lower(m.to), approval: m.approval, left: BigInt(m.amount) });
    }
    this.targets = new Set([...reviews.map((r) => lower(r.effects.to)), ...laterCalls.map(lower)]);
  }

  /**
   * Consumes what `review` moves, or throws DECLINED and consumes nothing. Returns the spends (not the
   * approvals) it let through.
   */
  take(review: TxReview): Spent[] {
    if (!this.targets.has(lower(review.effects.to)))
      throw declined(`it calls ${review.effects.to}, which the allowed action did not`);
    const left = this.lines.map((l) => l.left);
    for (const o of review.effects.outflows) {
      const amount = BigInt(o.amount);
      const i = this.lines.findIndex(
        (l, j) =>
          l.token === tokenKey(o) &&
          l.to === lower(o.to) &&
          l.approval === o.approval &&
          (left[j] ?? 0n) >= amount,
      );
      if (i < 0)
        throw declined(
          `${o.approval ? 'an approval' : 'a payment'} of ${o.symbol} to ${o.to} was not allowed`,
        );
      left[i] = (left[i] ?? 0n) - amount;
    }
    left.forEach((l, i) => {
      (this.lines[i] as GrantLine).left = l;
    });
    return review.effects.outflows
      .filter((o) => !o.approval)
      .map((o) => ({ token: tokenKey(o), amount: BigInt(o.amount) }));
  }
}

export function declined(why: string): SahelError {
  return new SahelError(
    'DECLINED',
    `The agent's policy refused this transaction: ${why}. Nothing was signed.`,
  );
}
