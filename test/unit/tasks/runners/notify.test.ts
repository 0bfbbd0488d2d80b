import { describe, expect, it } from 'vitest';
import { notifyRunner, type TaskNotification } from '../../../../src-main/tasks/runners/notify.js';
import { tempDir } from '../../../support/tmp.js';
import { addTask, history, MIN, openRig } from '../fixture.js';

describe('notify tasks', () => {
  it('send their message as a notification on each run without a threshold', async () => {
    const sent: TaskNotification[] = [];
    const rig = await openRig(tempDir(), {
      runners: { notify: notifyRunner({ notify: (n) => sent.push(n) }) },
    });
    rig.scheduler.start();
    const t = addTask(rig, { type: 'every', ms: 10 * MIN });
    await rig.clock.advance(20 * MIN);
    expect(sent.map((n) => [n.taskId, n.title, n.body])).toEqual([
      [t.id, 'a task', 'hello'],
      [t.id, 'a task', 'hello'],
    ]);
    expect(history(rig, t.id)).toEqual(['succeeded@1', 'succeeded@1']);
    rig.close();
  });

  it('notify only when the balance or earnings reach the threshold, and not twice when a retry follows', async () => {
    const sent: TaskNotification[] = [];
    const readings = [40n, 120n];
    let failAfterSend = true;
    const rig = await openRig(tempDir(), {
      runners: {
        notify: notifyRunner({
          notify: (n) => {
            sent.push(n);
            if (failAfterSend) {
              failAfterSend = false;
              throw new Error('the bus was closing');
            }
          },
          amount: async (what, token) => {
            expect([what, token]).toEqual(['earnings', 'native']);
            return readings.shift() ?? 120n;
          },
        }),
      },
      retry: { maxAttempts: 3, baseMs: MIN, capMs: MIN },
    });
    rig.scheduler.start();
    const t = addTask(rig, { type: 'every', ms: 10 * MIN }, 'skip', {
      kind: 'notify',
      message: 'Earnings passed 100',
      threshold: { what: 'earnings', token: 'native', atLeast: '100' },
    });
    await rig.clock.advance(10 * MIN);
    expect(sent).toEqual([]);
    expect(rig.book.log(rig.book.runs(t.id)[0]!.id)[0]?.text).toBe(
      'The earnings reading is 40, under 100: no notification',
    );
    await rig.clock.advance(10 * MIN);
    await rig.clock.advance(MIN);
    // The send failed after the notification left: its retry does not notify again.
    expect(sent).toHaveLength(1);
    expect(history(rig, t.id)).toEqual(['succeeded@1', 'failed@1', 'succeeded@2']);
    rig.close();
  });
});
