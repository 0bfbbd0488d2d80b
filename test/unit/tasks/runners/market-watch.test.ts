import { describe, expect, it } from 'vitest';
import {
  type BuyVerdict,
  type MarketWatchPorts,
  marketWatchRunner,
  type WatchOffer,
} from '../../../../src-main/tasks/runners/market-watch.js';
import type { TaskSettings } from '../../../../src-shared/domain/tasks.js';
import { settle } from '../../../support/fake-clock.js';
import { tempDir } from '../../../support/tmp.js';
import { history, MIN, openRig, type Rig } from '../fixture.js';

const TOKEN = '0x00000000000000000000000000000000000000aa';

const offer = (offerId: string, price: bigint, title = `scan set ${offerId}`): WatchOffer => ({
  offerId,
  assetId: `a${offerId}`,
  title,
  price,
  token: TOKEN,
  decimals: 0,
  symbol: 'SAH',
});

/**
 * The market and the gate as the runner sees them: `listed` is what the market answers now, `verdicts`
 * what the gate says to each buy in turn (allowed and done when it runs out).
 */
function market(listed: WatchOffer[], verdicts: BuyVerdict[] = []) {
  const bought: { offerId: string; maxPrice: string; taskId: string }[] = [];
  const asked: { text: string; kind?: string; token?: string }[] = [];
  const ports: MarketWatchPorts = {
    offers: async (q) => {
      asked.push(q);
      return listed.map((o) => ({ ...o }));
    },
    buy: async (r) => {
      bought.push({ offerId: r.offerId, maxPrice: r.maxPrice, taskId: r.taskId });
      return (
        verdicts.shift() ?? {
          decision: 'allowed',
          result: `bought #${r.offerId}`,
          approvalId: null,
          outcome: 'done',
        }
      );
    },
  };
  return { ports, bought, asked, listed };
}

const watch = (over: Partial<Extract<TaskSettings, { kind: 'market-watch' }>> = {}): TaskSettings => ({
  kind: 'market-watch',
  filter: { kind: 'listing', words: ['scan'], maxPrice: '6', token: TOKEN },
  maxCount: 2,
  ...over,
});

function addWatch(rig: Rig, settings: TaskSettings, budget: string | null) {
  return rig.tasks.add({
    name: 'scans',
    trigger: { type: 'every', ms: 60 * MIN },
    missed: 'skip',
    scope: { tools: [], budget: budget === null ? null : { token: TOKEN, total: budget }, expires: null },
    settings,
  });
}

const lastLog = (rig: Rig, taskId: string) => rig.book.log(rig.book.runs(taskId)[0]!.id).map((s) => s.text);

describe('market-watch tasks', () => {
  it('buy the cheapest matching offers first, up to the count, logging each offer skipped and why', async () => {
    const m = market([offer('1', 5n), offer('2', 3n), offer('3', 7n), offer('4', 4n)]);
    const rig = await openRig(tempDir(), { runners: { 'market-watch': marketWatchRunner(m.ports) } });
    rig.scheduler.start();
    const t = addWatch(rig, watch({ assetKind: 'dataset' }), '100');
    await rig.clock.advance(60 * MIN);
    expect(m.asked).toEqual([{ text: 'scan', kind: 'dataset', token: TOKEN }]);
    // Cheapest first: #2 (3) then #4 (4); the count of two is then reached.
    expect(m.bought).toEqual([
      { offerId: '2', maxPrice: '3', taskId: t.id },
      { offerId: '4', maxPrice: '4', taskId: t.id },
    ]);
    expect(history(rig, t.id)).toEqual(['succeeded@1']);
    expect(rig.book.runs(t.id)[0]?.spent).toEqual({ [TOKEN]: '7' });
    const log = lastLog(rig, t.id);
    expect(log).toContain('Skipped offer #1 ("scan set 1", 5 SAH): the count of 2 is reached');
    expect(log).toContain('Skipped offer #3 ("scan set 3", 7 SAH): over the price cap of 6 SAH');
    expect(log.filter((l) => l.startsWith('Bought offer #'))).toHaveLength(2);
    rig.close();
  });

  it('stop at the total budget, counting a buy that waits for approval as spent', async () => {
    const m = market(
      [offer('1', 3n), offer('2', 4n), offer('3', 5n)],
      [{ decision: 'pending', result: 'Waiting for the user', approvalId: 'ap-1' }],
    );
    const rig = await openRig(tempDir(), { runners: { 'market-watch': marketWatchRunner(m.ports) } });
    rig.scheduler.start();
    const t = addWatch(rig, watch({ maxCount: 5 }), '8');
    await rig.clock.advance(60 * MIN);
    expect(m.bought.map((b) => b.offerId)).toEqual(['1', '2']);
    const log = lastLog(rig, t.id);
    expect(log).toContain(
      'Offer #1 ("scan set 1", 3 SAH) waits for the user\'s approval ap-1; counted against the budget',
    );
    expect(log).toContain('Skipped offer #3 ("scan set 3", 5 SAH): over budget: 7 spent of 8 SAH');
    // Only what was paid is the run's spend; the waiting one is the approval's.
    expect(rig.book.runs(t.id)[0]?.spent).toEqual({ [TOKEN]: '4' });
    rig.close();
  });

  it('never buy an offer twice across runs, and carry the count and budget over', async () => {
    const m = market([offer('1', 3n), offer('2', 4n)]);
    const rig = await openRig(tempDir(), { runners: { 'market-watch': marketWatchRunner(m.ports) } });
    rig.scheduler.start();
    const t = addWatch(rig, watch({ maxCount: 3 }), '12');
    await rig.clock.advance(60 * MIN);
    m.listed.push(offer('5', 2n), offer('6', 6n));
    await rig.clock.advance(60 * MIN);
    // Run 2: #5 (2) is bought; #1 and #2 were bought by run 1; #6 is over the count of 3.
    expect(m.bought.map((b) => b.offerId)).toEqual(['1', '2', '5']);
    const log = lastLog(rig, t.id);
    expect(log).toContain('Skipped offer #1 ("scan set 1", 3 SAH): already bought by this task');
    expect(log).toContain('Skipped offer #6 ("scan set 6", 6 SAH): the count of 3 is reached');
    rig.close();
  });

  it('a policy refusal sends nothing, skips the dearer offers, and leaves the offer to a later run', async () => {
    const m = market(
      [offer('1', 3n), offer('2', 4n)],
      [{ decision: 'denied', result: 'Refused by the policy: over the daily limit', approvalId: null }],
    );
    const rig = await openRig(tempDir(), { runners: { 'market-watch': marketWatchRunner(m.ports) } });
    rig.scheduler.start();
    const t = addWatch(rig, watch(), '100');
    await rig.clock.advance(60 * MIN);
    expect(m.bought.map((b) => b.offerId)).toEqual(['1']);
    expect(lastLog(rig, t.id)).toContain(
      'Offer #1 ("scan set 1", 3 SAH): Refused by the policy: over the daily limit',
    );
    expect(lastLog(rig, t.id)).toContain(
      'Skipped offer #2 ("scan set 2", 4 SAH): the policy refused a cheaper offer of this run',
    );
    // The key was released: the next run asks the gate again, and is allowed.
    await rig.clock.advance(60 * MIN);
    expect(m.bought.map((b) => b.offerId)).toEqual(['1', '1', '2']);
    rig.close();
  });

  it('a run killed in the middle of a buy is retried without buying that offer again', async () => {
    const dir = tempDir();
    let hang = true;
    const first = market([offer('1', 3n), offer('2', 4n)]);
    first.ports.buy = async (r) => {
      first.bought.push({ offerId: r.offerId, maxPrice: r.maxPrice, taskId: r.taskId });
      if (hang) return new Promise<BuyVerdict>(() => {});
      return { decision: 'allowed', result: 'bought', approvalId: null, outcome: 'done' };
    };
    const rig = await openRig(dir, { runners: { 'market-watch': marketWatchRunner(first.ports) } });
    rig.scheduler.start();
    const t = addWatch(rig, watch({ maxCount: 5 }), '100');
    await rig.clock.advance(60 * MIN);
    expect(first.bought.map((b) => b.offerId)).toEqual(['1']);
    // The owner dies while the gate is buying #1: its key is stored, its outcome never was.
    rig.crash();
    hang = false;
    const again = market([offer('1', 3n), offer('2', 4n)]);
    const back = await openRig(
      dir,
      { runners: { 'market-watch': marketWatchRunner(again.ports) }, clock: rig.clock },
      false,
    );
    back.scheduler.start();
    await settle();
    await back.clock.advance(0);
    // The cut-short run is retried: #1 counts as possibly bought (its price against the budget), #2 is bought.
    expect(again.bought.map((b) => b.offerId)).toEqual(['2']);
    expect(history(back, t.id)).toEqual(['cut-short@1', 'succeeded@2']);
    expect(lastLog(back, t.id)).toContain(
      'Skipped offer #1 ("scan set 1", 3 SAH): already tried by a run that stopped before it knew the outcome (counted as bought)',
    );
    back.close();
  });

  it('runs one run of a task at a time, so a later run counts what the one before bought', async () => {
    const m = market([offer('1', 3n), offer('2', 4n)]);
    let release: (v: BuyVerdict) => void = () => {};
    const buy = m.ports.buy;
    m.ports.buy = async (r) => {
      if (m.bought.length > 0) return buy(r);
      m.bought.push({ offerId: r.offerId, maxPrice: r.maxPrice, taskId: r.taskId });
      return new Promise<BuyVerdict>((res) => {
        release = res;
      });
    };
    let emit: (at: number) => void = () => {};
    const rig = await openRig(tempDir(), {
      runners: { 'market-watch': marketWatchRunner(m.ports) },
      events: {
        subscribe: (l) => {
          emit = (at) =>
            l({ kind: 'listing', at, assetId: 'a', title: 'scan', tags: [], price: '1', token: TOKEN });
          return () => {};
        },
      },
    });
    rig.scheduler.start();
    const t = rig.tasks.add({
      name: 'scans',
      trigger: { type: 'event', filter: { kind: 'listing', words: ['scan'] } },
      missed: 'skip',
      scope: { tools: [], budget: { token: TOKEN, total: '4' }, expires: null },
      settings: watch({ maxCount: 5 }),
    });
    emit(rig.clock.now());
    emit(rig.clock.now() + 1);
    await rig.clock.advance(0);
    // Both runs started; the second waits for the first, whose buy of #1 is still with the gate.
    expect(m.asked).toHaveLength(1);
    release({ decision: 'allowed', result: 'bought #1', approvalId: null, outcome: 'done' });
    await rig.clock.advance(0);
    await settle();
    // The second run sees #1 bought (3 of 4): #2 (4) is over budget, not bought.
    expect(m.asked).toHaveLength(2);
    expect(m.bought.map((b) => b.offerId)).toEqual(['1']);
    expect(history(rig, t.id)).toEqual(['succeeded@1', 'succeeded@1']);
    rig.close();
  });
});
