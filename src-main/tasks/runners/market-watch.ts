import { formatUnits } from '../../../src-shared/domain/amount.js';
import type { AssetKind } from '../../../src-shared/domain/asset-metadata.js';
import { SahelError } from '../../../src-shared/errors.js';
import { untrustedLine } from '../../../src-shared/untrusted-text.js';
import { cmpId } from '../triggers/chain-watch.js';
import { NothingSent, type RunContext, type RunOutcome, type TaskRunner } from './runner.js';

/** A live offer as the market lists it (title untrusted: only shown, quoted). Price in base units. */
export interface WatchOffer {
  offerId: string;
  assetId: string;
  title: string;
  price: bigint;
  /** 'native' or a lower-case address. */
  token: string;
  decimals: number;
  symbol: string;
}

/** What the agent's gate made of one buy (its GateOutcome, as this runner needs it). */
export interface BuyVerdict {
  decision: 'allowed' | 'pending' | 'denied';
  result: string;
  approvalId: string | null;
  outcome?: 'done' | 'failed';
}

/** The ports a market-watch task reads and buys through. */
export interface MarketWatchPorts {
  /** The live offers matching every word of `text` (and the kind, the token if given). */
  offers(q: { text: string; kind?: AssetKind; token?: string }): Promise<WatchOffer[]>;
  /**
   * Proposes a buy of the offer to the agent's gate as the task's act (origin agent, `taskId`): the
   * policy's limits, the task budget and approvals decide. Throws only before anything was sent.
   */
  buy(r: { offerId: string; maxPrice: string; taskId: string; claim: string }): Promise<BuyVerdict>;
}

/** What each buy's idempotency key holds once its gate answered. */
interface BuyRecord {
  /** unknown: a run stopped between storing the key and the gate's answer (counted as bought). */
  state: 'bought' | 'waiting' | 'failed' | 'unknown';
  price: string;
  token: string;
  note: string;
}

const KEY = 'buy:';

/** A key claimed whose answer was never stored (a crash mid-buy): it may have paid, so it counts. */
const unknownRecord = (price: bigint, token: string): BuyRecord => ({
  state: 'unknown',
  price: price.toString(),
  token,
  note: 'a run stopped before it knew the outcome',
});

/**
 * `market-watch`: each run buys, cheapest first, the offers matching the task's filter that it has not
 * bought before, until its count or its total budget is reached. Each buy is the agent's act under the
 * task's id, through the gate (never around it), and sent at most once per task and offer: its key is
 * stored before the gate is asked. A buy waiting for the user's approval counts against the count and
 * the budget as if bought.
 */
export function marketWatchRunner(p: MarketWatchPorts): TaskRunner {
  // Runs of one task, one at a time: each counts what the ones before it bought (new listings in one
  // chain round each queue a run, and the scheduler may start several at once).
  const last = new Map<string, Promise<unknown>>();
  return {
    kind: 'market-watch',
    // A cut-short run is run again: what it bought is in its keys, so nothing is bought twice.
    retryCutShort: true,
    run(ctx) {
      const before = last.get(ctx.task.id) ?? Promise.resolve();
      const mine = before.catch(() => {}).then(() => watchOnce(p, ctx));
      last.set(ctx.task.id, mine);
      void mine
        .catch(() => {})
        .finally(() => {
          if (last.get(ctx.task.id) === mine) last.delete(ctx.task.id);
        });
      return mine;
    },
  };
}

async function watchOnce(p: MarketWatchPorts, ctx: RunContext): Promise<RunOutcome> {
  const s = ctx.settings;
  if (s.kind !== 'market-watch') {
    throw new SahelError('CORRUPT', 'The task settings are not a market-watch task’s');
  }
  const budget = ctx.task.scope.budget;
  const budgetToken = budget?.token.toLowerCase();
  const filterToken = s.filter.token?.toLowerCase() ?? budgetToken;
  const offers = await p.offers({
    text: s.filter.words.join(' '),
    ...(s.assetKind ? { kind: s.assetKind } : {}),
    ...(filterToken ? { token: filterToken } : {}),
  });
  offers.sort((a, b) => (a.price < b.price ? -1 : a.price > b.price ? 1 : cmpId(a.offerId, b.offerId)));
  const priceOf = new Map(offers.map((o) => [o.offerId, o]));
  const done = new Map<string, BuyRecord>();
  for (const a of ctx.sentBefore(KEY)) {
    const offerId = a.key.slice(KEY.length);
    const o = priceOf.get(offerId);
    done.set(
      offerId,
      // An offer no longer listed whose outcome is unknown takes the whole budget: it may have paid.
      parseRecord(a.result) ??
        unknownRecord(o?.price ?? BigInt(budget?.total ?? 0), o?.token ?? budgetToken ?? ''),
    );
  }
  let count = 0;
  let spent = 0n;
  for (const r of done.values()) {
    if (r.state === 'failed') continue;
    count++;
    if (budgetToken === undefined || r.token === budgetToken) spent += BigInt(r.price);
  }
  ctx.step(
    'info',
    `${offers.length} offers match; ${count} bought or waiting so far, ${spent} spent of ${budget?.total ?? 'no budget'}`,
  );
  const boughtNow = new Map<string, bigint>();
  let refused = false;
  for (const o of offers) {
    const skip = (why: string) => ctx.step('info', `Skipped offer #${o.offerId} (${shown(o)}): ${why}`);
    const before = done.get(o.offerId);
    if (before) skip(ALREADY[before.state]);
    else if (refused) skip('the policy refused a cheaper offer of this run');
    else if (s.filter.maxPrice !== undefined && o.price > BigInt(s.filter.maxPrice))
      skip(`over the price cap of ${units(BigInt(s.filter.maxPrice), o)}`);
    else if (count >= s.maxCount) skip(`the count of ${s.maxCount} is reached`);
    else if (budget && spent + o.price > BigInt(budget.total))
      skip(`over budget: ${formatUnits(spent, o.decimals)} spent of ${units(BigInt(budget.total), o)}`);
    else if (ctx.signal.aborted) skip('the run was stopped');
    else {
      const r = await buyOne(p, ctx, o);
      if (r === 'refused') {
        refused = true;
        continue;
      }
      done.set(o.offerId, r);
      if (r.state === 'failed') continue;
      count++;
      spent += o.price;
      if (r.state === 'bought') boughtNow.set(o.token, (boughtNow.get(o.token) ?? 0n) + o.price);
    }
  }
  return { spent: Object.fromEntries([...boughtNow].map(([t, v]) => [t, v.toString()])) };
}

/** One buy through the gate, its key stored first; 'refused' when the policy said no (nothing sent). */
async function buyOne(p: MarketWatchPorts, ctx: RunContext, o: WatchOffer): Promise<BuyRecord | 'refused'> {
  let record: BuyRecord | null = null;
  try {
    const r = await ctx.once(
      `${KEY}${o.offerId}`,
      async () => {
        let v: BuyVerdict;
        try {
          v = await p.buy({
            offerId: o.offerId,
            maxPrice: formatUnits(o.price, o.decimals),
            taskId: ctx.task.id,
            claim: `The market-watch task "${untrustedLine(ctx.task.name, 80)}" buys offer #${o.offerId}, which matches its filter`,
          });
        } catch (err) {
          throw new NothingSent(err);
        }
        if (v.decision === 'denied') throw new NothingSent(new Refused(v.result));
        const state = v.decision === 'pending' ? 'waiting' : v.outcome === 'failed' ? 'failed' : 'bought';
        const note = v.decision === 'pending' ? `approval ${v.approvalId}` : v.result;
        record = { state, price: o.price.toString(), token: o.token, note: note.slice(0, 500) };
        return JSON.stringify(record);
      },
      'task',
    );
    if (!r.sent) return parseRecord(r.result) ?? unknownRecord(o.price, o.token);
  } catch (err) {
    if (err instanceof Refused) {
      ctx.step('error', `Offer #${o.offerId} (${shown(o)}): ${err.message}`);
      return 'refused';
    }
    const why = err instanceof Error && 'code' in err ? err.message : 'the buy could not be prepared';
    ctx.step('error', `Offer #${o.offerId} (${shown(o)}) was not bought: ${why}`);
    return { state: 'failed', price: o.price.toString(), token: o.token, note: why };
  }
  const r = record as BuyRecord | null;
  if (!r) return unknownRecord(o.price, o.token);
  const lines: Record<BuyRecord['state'], string> = {
    unknown: `Offer #${o.offerId} (${shown(o)}): the outcome is not known`,
    bought: `Bought offer #${o.offerId} (${shown(o)}): ${r.note}`,
    waiting: `Offer #${o.offerId} (${shown(o)}) waits for the user's ${r.note}; counted against the budget`,
    failed: `Buying offer #${o.offerId} (${shown(o)}) failed: ${r.note}`,
  };
  ctx.step(r.state === 'failed' ? 'error' : 'action', lines[r.state]);
  return r;
}

const ALREADY: Record<BuyRecord['state'], string> = {
  bought: 'already bought by this task',
  waiting: "already waiting for the user's approval of this task's buy",
  failed: 'already tried by this task (that buy failed)',
  unknown: 'already tried by a run that stopped before it knew the outcome (counted as bought)',
};

class Refused extends Error {}

function parseRecord(text: string | null): BuyRecord | null {
  if (text === null) return null;
  try {
    const r = JSON.parse(text) as BuyRecord;
    return typeof r.price === 'string' && /^\d+$/.test(r.price) ? r : null;
  } catch {
    return null;
  }
}

/** An amount in the offer's token (the budget's and the price cap's token: the runner filters by it). */
const units = (v: bigint, o: WatchOffer) => `${formatUnits(v, o.decimals)} ${untrustedLine(o.symbol, 16)}`;

const shown = (o: WatchOffer) =>
  `"${untrustedLine(o.title, 80)}", ${formatUnits(o.price, o.decimals)} ${untrustedLine(o.symbol, 16)}`;
