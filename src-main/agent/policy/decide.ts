import type {
  ActToolName,
  PolicyRule,
  PolicySettings,
  TokenLimits,
  ValueMove,
} from '../../../src-shared/domain/agent.js';
import { formatUnits } from '../../../src-shared/domain/amount.js';

/** An approval of 2^255 or more is the "unlimited" allowance wallets ask for: never granted. */
export const UNLIMITED = 2n ** 255n;

/** The contracts of the network in use that the agent may call. */
export interface KnownContracts {
  marketplace: string;
  paymentToken: string;
  assetRegistry: string;
}

/** The facts of one proposal the policy judges: computed by code from the simulation, never from text. */
export interface DecideInput {
  tool: ActToolName;
  moves: readonly ValueMove[];
  /** Each transaction's target and decoded call (null: a plain send, no contract called). */
  calls: readonly { to: string; call: string | null }[];
  sharesData: boolean;
  settings: PolicySettings;
  contracts: KnownContracts;
  /** What the agent moved without asking in the last 24 hours, per token key (lower case). */
  lastDay: ReadonlyMap<string, bigint>;
  /** What the task moved without asking so far, per token key (lower case); null outside a task. */
  taskSpent: ReadonlyMap<string, bigint> | null;
}

export interface Verdict {
  outcome: 'allow' | 'ask' | 'deny';
  rule: PolicyRule;
  why: string;
}

const key = (k: string) => k.toLowerCase();

/**
 * The policy engine: a pure function of the proposal's computed facts and the user's settings. The
 * rules run in a fixed order and the first that holds decides; anything that moves value or data and
 * is not explicitly within the user's limits waits for the user.
 */
export function decide(input: DecideInput): Verdict {
  const { moves, settings, contracts } = input;
  const market = key(contracts.marketplace);
  if (input.sharesData) {
    return ask('never-publish-unasked', 'Publishing or exporting vault data always waits for the user.');
  }

  const paidToMarket = new Map<string, bigint>();
  for (const m of moves) {
    if (!m.approval && key(m.to) === market) add(paidToMarket, key(m.token), BigInt(m.amount));
  }
  for (const m of moves.filter((x) => x.approval)) {
    const amount = BigInt(m.amount);
    if (key(m.to) !== market)
      return deny('unlimited-approval', `An approval of ${m.symbol} to ${m.to}, not the marketplace.`);
    if (amount >= UNLIMITED)
      return deny(
        'unlimited-approval',
        `An unlimited approval of ${m.symbol}: approvals are for exact amounts.`,
      );
    const paid = paidToMarket.get(key(m.token)) ?? 0n;
    if (amount > paid) {
      return deny(
        'unlimited-approval',
        `An approval of ${units(amount, m)} when the action pays only ${units(paid, m)} through the marketplace.`,
      );
    }
  }

  const known = new Set([market, key(contracts.paymentToken), key(contracts.assetRegistry)]);
  for (const l of settings.limits) if (l.token !== 'native') known.add(key(l.token));
  for (const c of input.calls) {
    if (c.call !== null && !known.has(key(c.to)))
      return ask('unknown-contract', `A call (${c.call}) to ${c.to}, which is not a contract Sahel knows.`);
  }

  // The marketplace is paid only as a purchase's counterparty: a plain send to it buys nothing and the
  // tokens stay stuck in the contract, so for wallet_send it is a recipient like any other.
  const marketPaid = input.tool === 'market_buy' || input.tool === 'market_publish';
  const allowed = new Set(settings.allowlist.map((a) => key(a.address)));
  for (const m of moves) {
    if (!m.approval && !(marketPaid && key(m.to) === market) && !allowed.has(key(m.to)))
      return ask('unknown-recipient', `${m.to} is not an address you approved: sends to it always ask.`);
  }

  // Per token, the action's total: an approval is not a spend (the payment it covers is counted).
  const totals = new Map<string, { amount: bigint; move: ValueMove }>();
  for (const m of moves) {
    if (m.approval) continue;
    const t = totals.get(key(m.token));
    totals.set(key(m.token), { amount: (t?.amount ?? 0n) + BigInt(m.amount), move: m });
  }
  for (const [token, { amount, move }] of totals) {
    if (amount === 0n) continue;
    const limits = limitsOf(settings, token);
    const perAction = BigInt(limits.perAction);
    const daily = BigInt(limits.daily);
    if (perAction === 0n || daily === 0n)
      return ask('auto-approve-zero', `Nothing of ${move.symbol} is approved automatically: you decide.`);
    if (amount > perAction)
      return ask(
        'over-per-action',
        `${units(amount, move)} is over the limit of ${units(perAction, move)} per action.`,
      );
    const spent = input.lastDay.get(token) ?? 0n;
    if (spent + amount > daily) {
      return ask(
        'over-daily',
        `${units(amount, move)} after ${units(spent, move)} in the last 24 hours is over the daily limit of ${units(daily, move)}.`,
      );
    }
    if (input.taskSpent) {
      const budget = BigInt(limits.taskBudget);
      const used = input.taskSpent.get(token) ?? 0n;
      if (used + amount > budget) {
        return ask(
          'over-task-budget',
          `${units(amount, move)} after ${units(used, move)} is over the task's budget of ${units(budget, move)}.`,
        );
      }
    }
  }
  if (moves.length === 0) return allow('memory', 'Nothing leaves the wallet or the vault.');
  return allow('within-limits', 'Within the limits you set.');
}

/** A token's limits; a token not listed has all limits 0 (every move waits for the user). */
export function limitsOf(settings: PolicySettings, token: string): TokenLimits {
  return (
    settings.limits.find((l) => key(l.token) === key(token)) ?? {
      token: token === 'native' ? 'native' : token,
      perAction: '0',
      daily: '0',
      taskBudget: '0',
    }
  );
}

function add(map: Map<string, bigint>, k: string, amount: bigint): void {
  map.set(k, (map.get(k) ?? 0n) + amount);
}

function units(amount: bigint, m: Pick<ValueMove, 'decimals' | 'symbol'>): string {
  return `${formatUnits(amount, m.decimals)} ${m.symbol}`;
}

const allow = (rule: PolicyRule, why: string): Verdict => ({ outcome: 'allow', rule, why });
const ask = (rule: PolicyRule, why: string): Verdict => ({ outcome: 'ask', rule, why });
const deny = (rule: PolicyRule, why: string): Verdict => ({ outcome: 'deny', rule, why });
