import type { Trigger } from '../../src-shared/domain/tasks.js';
import { SahelError } from '../../src-shared/errors.js';
import type { TasksPort } from '../agent/index.js';
import type { Tasks } from './tasks.js';
import { checkCron, systemZone } from './triggers/cron.js';
import { parseEvery } from './triggers/every.js';

const HOW =
  "Say when as 'every 15m' (or 2h, 1d), a cron expression like '0 8 * * *', or an ISO time like 2026-12-24T08:00.";

/**
 * The agent's tasks tools on the tasks service. What the agent schedules is added paused with no tools
 * and no budget: nothing the model read can start a task or widen one's scope; the user resumes it.
 */
export function tasksToolPort(
  tasks: Tasks,
  now: () => number = Date.now,
  zone: string = systemZone(),
): TasksPort {
  const triggerOf = (when: string): { trigger: Trigger; reads: string } => {
    const w = when.trim();
    const every = /^every\s+(\S+)$/i.exec(w);
    if (every)
      return { trigger: { type: 'every', ms: parseEvery(every[1] as string) }, reads: `every ${every[1]}` };
    if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(w)) {
      const at = Date.parse(w);
      if (Number.isNaN(at) || at <= now())
        throw new SahelError('BAD_INPUT', `${w.slice(0, 40)} is not a future time. ${HOW}`);
      return { trigger: { type: 'at', at }, reads: `once at ${new Date(at).toISOString()}` };
    }
    if (/^\S+(\s+\S+){4,5}$/.test(w)) {
      checkCron(w, zone, now());
      return { trigger: { type: 'cron', expr: w, tz: zone }, reads: `cron ${w} (${zone})` };
    }
    throw new SahelError('BAD_INPUT', `"${w.slice(0, 60)}" is not a time Sahel can schedule. ${HOW}`);
  };
  return {
    list: () =>
      tasks.list().map((t) => ({ id: t.id, name: t.name, kind: t.kind, state: t.state, nextDue: t.nextDue })),
    readWhen: (when) => triggerOf(when).reads,
    addPaused(task, when) {
      const { trigger, reads } = triggerOf(when);
      const added = tasks.add(
        {
          name: `${task.trim().slice(0, 120)} (${reads})`.slice(0, 200),
          trigger,
          missed: 'skip',
          scope: { tools: [], budget: null, expires: null },
          settings: { kind: 'agent-prompt', prompt: task.trim() },
        },
        'paused',
      );
      return { id: added.id };
    },
  };
}
