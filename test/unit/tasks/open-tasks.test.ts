import { describe, expect, it } from 'vitest';
import { openTasks } from '../../../src-main/tasks/open-tasks.js';
import type { TaskNotification } from '../../../src-main/tasks/runners/notify.js';
import type { RunStatus } from '../../../src-shared/domain/tasks.js';
import { FakeClock } from '../../support/fake-clock.js';
import { silentLogger } from '../../support/logger.js';
import { tempDir } from '../../support/tmp.js';
import { openTestVault } from '../../support/vault.js';
import { MIN, T0 } from './fixture.js';

describe('the tasks layer as core.ts builds it', () => {
  it('runs a notify task to the bus, reports each run’s changes, and waits for the vault', async () => {
    const t = openTestVault(tempDir());
    await t.vault.create('open tasks passphrase');
    const clock = new FakeClock(T0);
    const notes: TaskNotification[] = [];
    const changes: [string, RunStatus][] = [];
    const { tasks, scheduler } = openTasks({
      db: t.db,
      vault: t.vault,
      agent: { run: () => Promise.reject(new Error('no agent here')) },
      notify: (n) => notes.push(n),
      onRun: (r) => changes.push([r.id, r.status]),
      maxConcurrent: () => 2,
      log: silentLogger(),
      clock,
    });
    scheduler.start();
    const task = tasks.add({
      name: 'stretch',
      trigger: { type: 'every', ms: 30 * MIN },
      missed: 'skip',
      scope: { tools: [], budget: null, expires: null },
      settings: { kind: 'notify', message: 'Stand up and stretch', threshold: null },
    });
    await clock.advance(30 * MIN);
    expect(notes).toEqual([
      expect.objectContaining({ taskId: task.id, title: 'stretch', body: 'Stand up and stretch' }),
    ]);
    expect(changes.map(([, s]) => s)).toEqual(['running', 'succeeded']);
    expect(tasks.logs(changes[0]![0]).map((s) => s.kind)).toEqual(['action', 'notify']);
    // Locked: the next slot is queued but nothing starts until the vault unlocks and wakes it.
    t.vault.lock();
    await clock.advance(30 * MIN);
    expect(notes).toHaveLength(1);
    await t.vault.unlock('open tasks passphrase');
    scheduler.wake();
    await clock.advance(0);
    expect(notes).toHaveLength(2);
    // Without the market's ports (not handed in here), a market watch says it cannot run.
    const watch = tasks.add({
      name: 'watch',
      trigger: { type: 'at', at: clock.now() + MIN },
      missed: 'skip',
      scope: { tools: [], budget: null, expires: null },
      settings: { kind: 'market-watch', filter: { kind: 'listing', words: ['scan'] }, maxCount: 2 },
    });
    await clock.advance(MIN);
    expect(tasks.runs(watch.id)[0]).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/not built yet/),
    });
    scheduler.stop();
    t.close();
  });

  it('pauses every active task at once (the tray), leaving paused ones out, and resumes them one by one', async () => {
    const t = openTestVault(tempDir());
    await t.vault.create('open tasks passphrase');
    const clock = new FakeClock(T0);
    const notes: TaskNotification[] = [];
    const { tasks, scheduler } = openTasks({
      db: t.db,
      vault: t.vault,
      agent: { run: () => Promise.reject(new Error('no agent here')) },
      notify: (n) => notes.push(n),
      onRun: () => {},
      maxConcurrent: () => 2,
      log: silentLogger(),
      clock,
    });
    scheduler.start();
    const add = (name: string) =>
      tasks.add({
        name,
        trigger: { type: 'every', ms: 30 * MIN },
        missed: 'skip',
        scope: { tools: [], budget: null, expires: null },
        settings: { kind: 'notify', message: name, threshold: null },
      });
    const a = add('a');
    const b = add('b');
    const c = add('c');
    tasks.pause(c.id);
    expect(tasks.pauseAll().sort()).toEqual([a.id, b.id].sort());
    expect(tasks.list().map((x) => x.state)).toEqual(['paused', 'paused', 'paused']);
    await clock.advance(30 * MIN);
    expect(notes).toEqual([]);
    expect(tasks.pauseAll()).toEqual([]);
    tasks.resume(a.id);
    await clock.advance(30 * MIN);
    expect(notes.map((n) => n.body)).toEqual(['a']);
    scheduler.stop();
    t.close();
  });
});
