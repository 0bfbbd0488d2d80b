import { describe, expect, it } from 'vitest';
import type { RunContext, TaskRunner } from '../../../src-main/tasks/runners/runner.js';
import type { ChainEvent, ChainEventSource } from '../../../src-main/tasks/triggers/events.js';
import { FakeClock } from '../../support/fake-clock.js';
import { tempDir } from '../../support/tmp.js';
import { addTask, handRunner, history, MIN, openRig, T0 } from './fixture.js';

const HOUR = 60 * MIN;

describe('the scheduler: missed slots, crashes, events, daylight saving', () => {
  it('at start, a slot missed while Sahel was closed runs once (run-once) or is recorded skipped (skip)', async () => {
    const dir = tempDir();
    const { runner, attempts } = handRunner();
    const first = await openRig(dir, { runners: { notify: runner } });
    first.scheduler.start();
    const once = addTask(first, { type: 'every', ms: HOUR }, 'run-once').id;
    const skip = addTask(first, { type: 'every', ms: HOUR }, 'skip').id;
    first.close();

    // Closed for five hours and a bit: five slots passed.
    const clock = new FakeClock(T0 + 5 * HOUR + 10 * MIN);
    const rig = await openRig(dir, { runners: { notify: runner }, clock }, false);
    rig.scheduler.start();
    await clock.advance(0);
    expect(history(rig, once)).toEqual(['running@1']);
    expect(attempts.map((a) => a.ctx.run.due)).toEqual([T0 + HOUR]);
    expect(history(rig, skip)).toEqual(['skipped@1']);
    expect(rig.book.runs(skip)[0]?.error).toMatch(
      /while Sahel was closed or the machine slept; its rule is skip/,
    );
    // Both go on from the next slot on their grid, not from the missed ones.
    expect(rig.book.get(once).nextDue).toBe(T0 + 6 * HOUR);
    expect(rig.book.get(skip).nextDue).toBe(T0 + 6 * HOUR);
    attempts[0]?.resolve();
    await clock.advance(0);
    expect(rig.book.log(rig.book.runs(once)[0]?.id as string)[0]?.text).toMatch(
      /catch-up run for 2026-06-01T09:00/,
    );
    rig.close();
  });

  it('notices a wall clock that jumped forward (the machine slept) within the heartbeat, and applies each rule', async () => {
    const { runner, attempts } = handRunner();
    const rig = await openRig(tempDir(), { runners: { notify: runner } });
    rig.scheduler.start();
    const once = addTask(rig, { type: 'every', ms: HOUR }, 'run-once').id;
    const skip = addTask(rig, { type: 'every', ms: HOUR }, 'skip').id;
    await rig.clock.advance(30 * MIN);
    rig.clock.sleep(3 * HOUR);
    expect(attempts).toHaveLength(0);
    // The timer that was to fire in a minute fires a minute after waking.
    await rig.clock.advance(MIN);
    expect(history(rig, once)).toEqual(['running@1']);
    expect(history(rig, skip)).toEqual(['skipped@1']);
    expect(rig.book.get(skip).nextDue).toBe(T0 + 4 * HOUR);
    rig.close();
  });

  it('a slot that is merely a few seconds late is on time, not missed', async () => {
    const { runner, attempts } = handRunner();
    const rig = await openRig(tempDir(), { runners: { notify: runner } });
    rig.scheduler.start();
    const skip = addTask(rig, { type: 'every', ms: HOUR }, 'skip').id;
    await rig.clock.advance(HOUR - 1_000);
    rig.clock.sleep(5_000);
    await rig.clock.advance(1_000);
    expect(history(rig, skip)).toEqual(['running@1']);
    expect(attempts).toHaveLength(1);
    rig.close();
  });

  it('after a crash (real SQLite file, closed and reopened) a running run is marked cut-short and retried', async () => {
    const dir = tempDir();
    const { runner, attempts } = handRunner();
    const before = await openRig(dir, { runners: { notify: runner } });
    before.scheduler.start();
    const t = addTask(before, { type: 'at', at: T0 + MIN }).id;
    await before.clock.advance(MIN);
    expect(history(before, t)).toEqual(['running@1']);
    before.crash();

    const clock = new FakeClock(T0 + 2 * MIN);
    const after = await openRig(dir, { runners: { notify: runner }, clock }, false);
    after.scheduler.start();
    await clock.advance(0);
    expect(history(after, t)).toEqual(['cut-short@1', 'running@2']);
    expect(after.book.runs(t).find((r) => r.attempt === 1)?.error).toBe('Sahel stopped during this run');
    expect(attempts.at(-1)?.ctx.run).toMatchObject({ due: T0 + MIN, attempt: 2 });
    attempts.at(-1)?.resolve();
    await clock.advance(0);
    expect(history(after, t)).toEqual(['cut-short@1', 'succeeded@2']);
    after.close();
  });

  it('a kind that does not retry cut-short runs leaves them cut short; a shutdown cuts short too', async () => {
    const dir = tempDir();
    const { runner, attempts } = handRunner('notify', false);
    const rig = await openRig(dir, { runners: { notify: runner } });
    rig.scheduler.start();
    const t = addTask(rig, { type: 'at', at: T0 + MIN }).id;
    await rig.clock.advance(MIN);
    rig.scheduler.stop();
    expect(attempts[0]?.ctx.signal.aborted).toBe(true);
    expect(history(rig, t)).toEqual(['cut-short@1']);
    expect(rig.book.runs(t)[0]?.error).toBe('Sahel was shut down during this run');
    rig.scheduler.start();
    await rig.clock.advance(HOUR);
    expect(attempts).toHaveLength(1);
    rig.close();
  });

  it('sends what moves value once per slot: a retry finds the stored key and does not send again', async () => {
    const dir = tempDir();
    const sends: string[] = [];
    const runner = {
      kind: 'notify' as const,
      retryCutShort: true,
      run: async (ctx: RunContext) => {
        const r = await ctx.once('buy:offer-7', async () => {
          sends.push(ctx.run.id);
          return 'tx 0xabc';
        });
        if (ctx.run.attempt === 1) throw new Error('the receipt did not come');
        ctx.step('result', `${r.sent} ${r.result}`);
        return {};
      },
    };
    const rig = await openRig(dir, {
      runners: { notify: runner },
      retry: { maxAttempts: 3, baseMs: MIN, capMs: MIN },
    });
    rig.scheduler.start();
    const t = addTask(rig, { type: 'at', at: T0 + MIN }).id;
    await rig.clock.advance(MIN);
    await rig.clock.advance(MIN);
    expect(history(rig, t)).toEqual(['failed@1', 'succeeded@2']);
    expect(sends).toHaveLength(1);
    const second = rig.book.runs(t)[0]?.id as string;
    expect(rig.book.log(second).map((s) => s.text)).toEqual([
      expect.stringMatching(/^Not sent again: buy:offer-7 was sent by an earlier attempt/),
      'false tx 0xabc',
    ]);
    // A run now is another slot: its key is new.
    rig.tasks.runNow(t);
    await rig.clock.advance(2 * MIN);
    expect(sends).toHaveLength(2);
    rig.close();
  });

  it('an event wakes the tasks whose filter matches it, and no other', async () => {
    let emit: (e: ChainEvent) => void = () => {};
    const events: ChainEventSource = {
      subscribe(l) {
        emit = l;
        return () => {
          emit = () => {};
        };
      },
    };
    const { runner, attempts } = handRunner();
    const rig = await openRig(tempDir(), { runners: { notify: runner }, events });
    rig.scheduler.start();
    const mine = addTask(rig, { type: 'event', filter: { kind: 'purchase', assetId: 'a1' } }).id;
    const other = addTask(rig, { type: 'event', filter: { kind: 'purchase', assetId: 'a2' } }).id;
    expect(rig.book.get(mine).nextDue).toBeNull();
    emit({ kind: 'purchase', at: T0 + 5, assetId: 'a1', price: '1', token: 'native' });
    await rig.clock.advance(0);
    expect(attempts.map((a) => a.ctx.task.id)).toEqual([mine]);
    expect(attempts[0]?.ctx.run.due).toBe(T0 + 5);
    expect(history(rig, other)).toEqual([]);
    rig.scheduler.stop();
    emit({ kind: 'purchase', at: T0 + 9, assetId: 'a1', price: '1', token: 'native' });
    expect(history(rig, mine)).toEqual(['cut-short@1', 'queued@2']);
    rig.close();
  });

  it('a 02:30 Europe/Berlin job runs once each night through both daylight-saving changes', async () => {
    for (const [from, nights] of [
      ['2026-03-28T00:00:00Z', ['2026-03-28T01:30:00.000Z', '2026-03-29T01:00:00.000Z']],
      ['2026-10-24T00:00:00Z', ['2026-10-24T00:30:00.000Z', '2026-10-25T00:30:00.000Z']],
    ] as const) {
      const dues: number[] = [];
      const runner: TaskRunner = {
        kind: 'notify',
        retryCutShort: true,
        run: async (ctx) => {
          dues.push(ctx.run.due);
          return {};
        },
      };
      const clock = new FakeClock(Date.parse(from));
      const rig = await openRig(tempDir(), { runners: { notify: runner }, clock });
      rig.scheduler.start();
      addTask(rig, { type: 'cron', expr: '30 2 * * *', tz: 'Europe/Berlin' }, 'skip');
      // Two days; the repeated autumn hour brings no second run.
      await clock.advance(48 * HOUR);
      expect(dues.map((d) => new Date(d).toISOString())).toEqual(nights);
      rig.close();
    }
  });

  it('a damaged row or a trigger this build cannot read is set aside; the scheduler goes on', async () => {
    const { runner, attempts } = handRunner();
    const rig = await openRig(tempDir(), { runners: { notify: runner } });
    const good = addTask(rig, { type: 'at', at: T0 + MIN }).id;
    const row = rig.repo.get(good)!;
    rig.repo.insert({ ...row, id: 'damaged', trigger: '{"type":"sometimes"}', nextDue: T0 + MIN });
    rig.repo.insert({
      ...row,
      id: 'unknown-zone',
      trigger: JSON.stringify({ type: 'cron', expr: '0 8 * * *', tz: 'Mars/Olympus' }),
      nextDue: T0 + MIN,
    });
    rig.scheduler.start();
    await rig.clock.advance(MIN);
    expect(rig.repo.get('damaged')?.nextDue).toBeNull();
    expect(rig.repo.get('unknown-zone')?.nextDue).toBeNull();
    // Its last slot was still queued; it failed (CORRUPT, not retried) only because its copied settings
    // are sealed to another row's id.
    expect(history(rig, 'unknown-zone')).toEqual(['failed@1']);
    expect(rig.book.runs('unknown-zone')[0]?.error).toBe('A sealed record failed authentication');
    expect(attempts.map((a) => a.ctx.task.id)).toEqual([good]);
    expect(() => rig.book.get('damaged')).toThrow(expect.objectContaining({ code: 'CORRUPT' }));
    rig.close();
  });
});
