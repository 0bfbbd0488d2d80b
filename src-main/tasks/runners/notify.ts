import { SahelError } from '../../../src-shared/errors.js';
import type { TaskRunner } from './runner.js';

/** A notification for the user, as the event bus carries it (OS or browser notifications show it). */
export interface TaskNotification {
  taskId: string;
  runId: string;
  title: string;
  body: string;
}

/** The ports a notify task reads and writes. */
export interface NotifyPorts {
  notify(n: TaskNotification): void;
  /** My balance or earnings in a token, in base units (the chain's reading). */
  amount?(what: 'balance' | 'earnings', token: string, signal: AbortSignal): Promise<bigint>;
}

/**
 * `notify`: the task's message as a notification, when its threshold holds (every run without one).
 * Sent through the idempotency hook, so a retry of the same slot does not notify twice.
 */
export function notifyRunner(p: NotifyPorts): TaskRunner {
  return {
    kind: 'notify',
    retryCutShort: true,
    async run(ctx) {
      const s = ctx.settings;
      if (s.kind !== 'notify') throw new SahelError('CORRUPT', 'The task settings are not a notify task’s');
      if (s.threshold) {
        if (!p.amount)
          throw new SahelError('NOT_IMPLEMENTED', 'Threshold notifications are not wired to the chain yet');
        const have = await p.amount(s.threshold.what, s.threshold.token, ctx.signal);
        if (have < BigInt(s.threshold.atLeast)) {
          ctx.step(
            'info',
            `The ${s.threshold.what} reading is ${have}, under ${s.threshold.atLeast}: no notification`,
          );
          return {};
        }
        ctx.step('info', `The ${s.threshold.what} reading is ${have}, at least ${s.threshold.atLeast}`);
      }
      const sent = await ctx.once('notify', async () => {
        p.notify({ taskId: ctx.task.id, runId: ctx.run.id, title: ctx.task.name, body: s.message });
        return 'notified';
      });
      ctx.step('notify', sent.sent ? s.message : 'Already notified by an earlier attempt of this run');
      return {};
    },
  };
}
