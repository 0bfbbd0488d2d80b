import type { Trigger } from '../../../src-shared/domain/tasks.js';
import { cronNext } from './cron.js';
import { everyNext } from './every.js';

/**
 * The first slot of a trigger strictly after `after` (ms), or null when the clock never brings one:
 * a one-off already past, or an event trigger (events, not time, queue its runs). `anchor` is the
 * task's creation, the grid of an interval.
 */
export function nextDue(trigger: Trigger, after: number, anchor: number): number | null {
  switch (trigger.type) {
    case 'cron':
      return cronNext(trigger.expr, trigger.tz, after);
    case 'every':
      return everyNext(trigger.ms, anchor, after);
    case 'at':
      return trigger.at > after ? trigger.at : null;
    case 'event':
      return null;
  }
}
