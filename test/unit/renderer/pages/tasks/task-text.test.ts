import { describe, expect, it } from 'vitest';
import {
  budgetText,
  durationText,
  finished,
  localTimeMs,
  runCostText,
  SHOWN_RUNS,
  spentOf,
  triggerText,
} from '../../../../../src-renderer/pages/tasks/task-text.js';
import type { TaskRunInfo } from '../../../../../src-shared/domain/tasks.js';

const ETH = 10n ** 18n;
const run = (spent: Record<string, string>, tokens = 0): TaskRunInfo => ({
  id: 'r',
  taskId: 't',
  due: 0,
  notBefore: 0,
  started: null,
  ended: null,
  status: 'succeeded',
  attempt: 1,
  error: null,
  tokens,
  spent,
});

describe('the Tasks page words a trigger', () => {
  it('names an interval in minutes, hours and days', () => {
    expect(durationText(60_000)).toBe('1 min');
    expect(durationText(15 * 60_000)).toBe('15 min');
    expect(durationText(90 * 60_000)).toBe('1 h 30 min');
    expect(durationText(2 * 86_400_000)).toBe('2 days');
    expect(durationText(86_400_000 + 3_600_000)).toBe('1 day 1 h');
    expect(triggerText({ type: 'every', ms: 15 * 60_000 })).toBe('every 15 min');
  });

  it('shows a cron expression with its zone, and a one-off time in the zone asked for', () => {
    expect(triggerText({ type: 'cron', expr: '0 8 * * *', tz: 'Europe/Berlin' })).toBe(
      'cron 0 8 * * * (Europe/Berlin)',
    );
    const at = Date.UTC(2026, 11, 24, 8, 0);
    const text = triggerText({ type: 'at', at }, 'UTC');
    expect(text).toMatch(/^once at /);
    expect(text).toContain('2026');
    expect(text).toMatch(/8:00/);
    // The same instant reads differently in another zone: the zone is the reader's, not UTC's.
    expect(triggerText({ type: 'at', at }, 'Asia/Tokyo')).toMatch(/5:00/);
  });

  it('neutralises control characters in an expression it did not write', () => {
    expect(triggerText({ type: 'cron', expr: '0 8 * * *\u202e', tz: 'UTC' })).not.toContain('\u202e');
  });

  it('words the event triggers', () => {
    expect(triggerText({ type: 'event', filter: { kind: 'purchase' } })).toBe(
      'when someone buys one of my assets',
    );
    expect(triggerText({ type: 'event', filter: { kind: 'listing', words: ['medical', 'imaging'] } })).toBe(
      'on a new listing matching “medical imaging”',
    );
  });
});

describe('the Tasks page words a budget and a run’s cost', () => {
  const budget = (total: bigint) => ({
    scope: { tools: [], budget: { token: 'native' as const, total: total.toString() }, expires: null },
  });

  it('adds up what the runs spent of the budget’s token only', () => {
    const runs = [
      run({ native: (ETH / 4n).toString() }),
      run({ native: (ETH / 4n).toString(), '0xabc': '7' }),
    ];
    expect(spentOf(runs, 'native')).toBe(ETH / 2n);
    expect(budgetText(budget(2n * ETH), runs)).toBe('0.5 of 2 (native coin) spent');
  });

  it('says when there is no budget, and gives the budget alone when the runs are sealed', () => {
    expect(budgetText({ scope: { tools: [], budget: null, expires: null } }, [])).toBe(
      "no budget of its own (the agent policy's limits apply)",
    );
    expect(budgetText(budget(ETH), null)).toBe('budget 1 (native coin)');
  });

  it('says "at least" when older runs than those shown may have spent too', () => {
    const many = Array.from({ length: SHOWN_RUNS }, () => run({ native: '0' }));
    expect(budgetText(budget(ETH), many)).toBe('at least 0 of 1 (native coin) spent');
  });

  it('matches an ERC-20 budget whatever the case of its address', () => {
    expect(spentOf([run({ '0xabcdef': '4' })], '0xABCDEF')).toBe(4n);
  });

  it('ignores a spend that is not a whole number rather than throwing', () => {
    expect(spentOf([run({ native: '1.5' }), run({ native: '3' })], 'native')).toBe(3n);
  });

  it('gives tokens and what was spent', () => {
    expect(runCostText(run({}, 120))).toBe('120 tokens, nothing spent');
    expect(runCostText(run({ native: ETH.toString() }, 5))).toBe('5 tokens, spent 1 (native coin)');
    // Runs record 0 until the agent reports its tokens: not shown as a count.
    expect(runCostText(run({}, 0))).toBe('tokens not counted, nothing spent');
  });

  it('tells ended runs from those still going', () => {
    expect(finished('queued')).toBe(false);
    expect(finished('running')).toBe(false);
    expect(finished('timed-out')).toBe(true);
  });

  it('reads a local date-time, and refuses what is none', () => {
    expect(localTimeMs('2026-12-24T08:00')).toBe(new Date(2026, 11, 24, 8, 0).getTime());
    expect(localTimeMs('')).toBeNull();
    expect(localTimeMs('tomorrow')).toBeNull();
    expect(localTimeMs('2026-13-45T99:99')).toBeNull();
  });
});
