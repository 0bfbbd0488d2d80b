import { describe, expect, it } from 'vitest';
import { SahelError } from '../../../src-shared/errors.js';
import { tempDir } from '../../support/tmp.js';
import { addTask, handRunner, history, MIN, openRig, T0 } from './fixture.js';

describe('the scheduler: timing, limits, retries', () => {
  it('keeps one timer for 1,000 idle tasks, runs each when due, at most N at once', async () => {
    const { runner, attempts } = handRunner();
    const rig = await openRig(tempDir(), { runners: { notify: runner }, maxConcurrent: 3 });
    rig.scheduler.start();
    const ids = Array.from({ length: 1_000 }, () => addTask(rig, { type: 'every', ms: 15 * MIN }).id);
    expect(rig.clock.timers).toBe(1);
    await rig.clock.advance(15 * MIN - 1);
    expect(attempts).toHaveLength(0);
    await rig.clock.advance(1);
    // All came due; three run, the rest wait queued.
    expect(attempts).toHaveLength(3);
    expect(rig.scheduler.inProgress).toBe(3);
    expect(rig.repo.ready(rig.clock.now(), 2_000)).toHaveLength(997);
    // Each end starts the next, never more than three at once.
    attempts[0]?.resolve();
    attempts[1]?.reject(new Error('boom'));
    await rig.clock.advance(0);
    expect(attempts).toHaveLength(5);
    expect(rig.scheduler.inProgress).toBe(3);
    expect(history(rig, attempts[0]?.ctx.task.id as string)).toEqual(['succeeded@1']);
    expect(ids).toContain(attempts[0]?.ctx.task.id);
    // The next slot is on the grid: each task is due again 15 minutes after the last.
    expect(rig.book.get(ids[999] as string).nextDue).toBe(T0 + 30 * MIN);
    expect(rig.clock.timers).toBe(1 + 3); // the scheduler's timer, and each running attempt's time limit
    rig.close();
  });

  it('cuts a stuck run off at its time limit: its signal fires, it ends timed-out, a late answer is dropped', async () => {
    const { runner, attempts } = handRunner();
    const rig = await openRig(tempDir(), {
      runners: { notify: runner },
      timeLimitMs: 5 * MIN,
      retry: { maxAttempts: 2, baseMs: MIN, capMs: MIN },
    });
    rig.scheduler.start();
    const t = addTask(rig, { type: 'at', at: T0 + MIN });
    await rig.clock.advance(MIN);
    const first = attempts[0];
    expect(first?.ctx.signal.aborted).toBe(false);
    await rig.clock.advance(5 * MIN - 1);
    expect(history(rig, t.id)).toEqual(['running@1']);
    await rig.clock.advance(1);
    expect(first?.ctx.signal.aborted).toBe(true);
    expect(history(rig, t.id)).toEqual(['timed-out@1', 'queued@2']);
    const [timedOut] = rig.book.runs(t.id).filter((r) => r.status === 'timed-out');
    expect(timedOut?.error).toMatch(/time limit of 300 s/);
    first?.resolve({ tokens: 99 });
    await rig.clock.advance(0);
    expect(rig.book.runs(t.id).find((r) => r.attempt === 1)).toMatchObject({
      status: 'timed-out',
      tokens: 0,
    });
    // The retry, a minute later, ends well.
    await rig.clock.advance(MIN);
    attempts[1]?.resolve({ tokens: 7 });
    await rig.clock.advance(0);
    expect(history(rig, t.id)).toEqual(['timed-out@1', 'succeeded@2']);
    rig.close();
  });

  it('retries a failing run with exponential backoff up to the cap and the most attempts, then stops', async () => {
    const { runner, attempts } = handRunner();
    const rig = await openRig(tempDir(), {
      runners: { notify: runner },
      retry: { maxAttempts: 4, baseMs: MIN, capMs: 3 * MIN },
    });
    rig.scheduler.start();
    const t = addTask(rig, { type: 'at', at: T0 + MIN });
    await rig.clock.advance(MIN);
    const startedAt: number[] = [];
    for (let i = 0; i < 4; i++) {
      expect(attempts).toHaveLength(i + 1);
      startedAt.push(rig.clock.now());
      attempts[i]?.reject(new Error('network down'));
      await rig.clock.advance(0);
      await rig.clock.advance(3 * MIN);
    }
    expect(attempts).toHaveLength(4);
    const runs = rig.book.runs(t.id).reverse();
    expect(runs.map((r) => r.status)).toEqual(['failed', 'failed', 'failed', 'failed']);
    // Waits of 1, 2 and then 3 minutes (4 capped to 3) between an end and the next start.
    expect(runs.slice(1).map((r, i) => r.notBefore - (runs[i]?.ended as number))).toEqual([
      MIN,
      2 * MIN,
      3 * MIN,
    ]);
    expect(runs.every((r) => r.due === T0 + MIN)).toBe(true);
    // A thrown non-Sahel error is logged, and shown as a plain sentence.
    expect(runs[0]?.error).toBe('The run failed');
    expect(rig.book.log(runs[0]?.id as string).at(-1)).toMatchObject({
      kind: 'error',
      text: 'The run failed',
    });
    rig.close();
  });

  it('does not retry what no retry can mend: a kind not built yet says so once', async () => {
    const notBuilt = {
      kind: 'market-watch' as const,
      retryCutShort: false,
      run: () =>
        Promise.reject(
          new SahelError('NOT_IMPLEMENTED', 'Market-watch tasks are not built yet: their runs do nothing'),
        ),
    };
    const rig = await openRig(tempDir(), { runners: { 'market-watch': notBuilt } });
    rig.scheduler.start();
    const t = rig.tasks.add({
      name: 'watch',
      trigger: { type: 'every', ms: 60 * MIN },
      missed: 'skip',
      scope: { tools: [], budget: null, expires: null },
      settings: { kind: 'market-watch', filter: { kind: 'listing', words: ['x'] }, maxCount: 1 },
    });
    await rig.clock.advance(60 * MIN);
    await rig.clock.advance(10 * MIN);
    expect(history(rig, t.id)).toEqual(['failed@1']);
    expect(rig.book.runs(t.id)[0]?.error).toBe('Market-watch tasks are not built yet: their runs do nothing');
    rig.close();
  });

  it('a kind with no runner fails with a sentence, not a crash', async () => {
    const rig = await openRig(tempDir(), { runners: {} });
    rig.scheduler.start();
    const t = addTask(rig, { type: 'at', at: T0 + MIN });
    await rig.clock.advance(MIN);
    expect(rig.book.runs(t.id)[0]).toMatchObject({
      status: 'failed',
      error: 'Tasks of kind notify are not built yet',
    });
    rig.close();
  });

  it('waits while the vault is locked and starts the due runs when it unlocks', async () => {
    const { runner, attempts } = handRunner();
    const rig = await openRig(tempDir(), { runners: { notify: runner } });
    rig.scheduler.start();
    const t = addTask(rig, { type: 'at', at: T0 + MIN });
    rig.vault.lock();
    await rig.clock.advance(10 * MIN);
    expect(attempts).toHaveLength(0);
    expect(history(rig, t.id)).toEqual(['queued@1']);
    await rig.vault.unlock('tasks test passphrase');
    rig.scheduler.wake();
    await rig.clock.advance(0);
    expect(attempts).toHaveLength(1);
    expect(attempts[0]?.ctx.settings).toEqual({ kind: 'notify', message: 'hello', threshold: null });
    rig.close();
  });

  it('pauses (nothing starts, queued runs included) and resumes from now without catching up', async () => {
    const { runner, attempts } = handRunner();
    const rig = await openRig(tempDir(), { runners: { notify: runner } });
    rig.scheduler.start();
    const t = addTask(rig, { type: 'every', ms: 10 * MIN });
    rig.tasks.pause(t.id);
    await rig.clock.advance(35 * MIN);
    expect(attempts).toHaveLength(0);
    expect(rig.book.runs(t.id)).toEqual([]);
    rig.tasks.resume(t.id);
    expect(rig.book.get(t.id).nextDue).toBe(T0 + 40 * MIN);
    await rig.clock.advance(5 * MIN);
    expect(attempts).toHaveLength(1);
    expect(attempts[0]?.ctx.run.due).toBe(T0 + 40 * MIN);
    rig.close();
  });

  it('runs a task now outside its schedule, keeping its next slot; refuses an unknown task', async () => {
    const { runner, attempts } = handRunner();
    const rig = await openRig(tempDir(), { runners: { notify: runner } });
    rig.scheduler.start();
    const t = addTask(rig, { type: 'every', ms: 60 * MIN });
    rig.tasks.runNow(t.id);
    await rig.clock.advance(0);
    expect(attempts).toHaveLength(1);
    expect(rig.book.get(t.id).nextDue).toBe(T0 + 60 * MIN);
    expect(() => rig.tasks.runNow('nope')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(() => addTask(rig, { type: 'at', at: T0 - 1 })).toThrow(
      expect.objectContaining({ code: 'BAD_INPUT', message: expect.stringContaining('past') }),
    );
    rig.close();
  });

  it('passes a SahelError’s own sentence into the run, and stops an expired task', async () => {
    const { runner, attempts } = handRunner();
    const rig = await openRig(tempDir(), {
      runners: { notify: runner },
      retry: { maxAttempts: 1, baseMs: 1, capMs: 1 },
    });
    rig.scheduler.start();
    const t = rig.tasks.add({
      name: 'short-lived',
      trigger: { type: 'every', ms: 10 * MIN },
      missed: 'skip',
      scope: { tools: [], budget: null, expires: T0 + 15 * MIN },
      settings: { kind: 'notify', message: 'm', threshold: null },
    });
    await rig.clock.advance(10 * MIN);
    attempts[0]?.reject(new SahelError('UNAVAILABLE', 'The chain did not answer'));
    await rig.clock.advance(30 * MIN);
    expect(attempts).toHaveLength(1);
    expect(rig.book.runs(t.id)[0]?.error).toBe('The chain did not answer');
    expect(rig.book.get(t.id).nextDue).toBeNull();
    rig.close();
  });

  it('removing a task while it runs stops the run; its late end neither fails nor retries', async () => {
    const { runner, attempts } = handRunner();
    const rig = await openRig(tempDir(), { runners: { notify: runner } });
    rig.scheduler.start();
    const t = addTask(rig, { type: 'at', at: T0 + MIN });
    const other = addTask(rig, { type: 'at', at: T0 + 2 * MIN });
    await rig.clock.advance(MIN);
    rig.tasks.remove(t.id);
    expect(attempts[0]?.ctx.signal.aborted).toBe(true);
    expect(rig.scheduler.inProgress).toBe(0);
    attempts[0]?.reject(new Error('stopped'));
    await rig.clock.advance(MIN);
    // The scheduler goes on: the other task runs.
    expect(attempts.map((a) => a.ctx.task.id)).toEqual([t.id, other.id]);
    expect(rig.repo.get(t.id)).toBeUndefined();
    rig.close();
  });
});
