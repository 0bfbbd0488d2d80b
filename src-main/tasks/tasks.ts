import type { MissedRule, TaskScope, TaskSettings, Trigger } from '../../src-shared/domain/tasks.js';
import { SahelError } from '../../src-shared/errors.js';
import type { Clock } from './clock.js';
import type { Scheduler } from './scheduler.js';
import type { Task, TaskBook, TaskRun } from './task-book.js';
import { checkCron } from './triggers/cron.js';
import { nextDue } from './triggers/next-due.js';

export interface AddTask {
  name: string;
  trigger: Trigger;
  missed: MissedRule;
  scope: TaskScope;
  settings: TaskSettings;
}

/** The built-in kinds belong to the market: they are shown, never added or removed by hand. */
const BUILT_IN = new Set(['delivery', 'receipt']);

/** What the API does with tasks: add, list, pause, resume, remove, run now, read runs and logs. */
export class Tasks {
  constructor(
    private readonly book: TaskBook,
    private readonly scheduler: Scheduler,
    private readonly clock: Clock,
  ) {}

  /** `paused`: added for the user to review (what the agent proposes), not started. */
  add(a: AddTask, state: 'active' | 'paused' = 'active'): Task {
    const kind = a.settings.kind;
    if (BUILT_IN.has(kind))
      throw new SahelError('BAD_INPUT', `${kind} tasks are built in: the market adds them`);
    const now = this.clock.now();
    if (a.trigger.type === 'cron') checkCron(a.trigger.expr, a.trigger.tz, now);
    if (a.trigger.type === 'at' && a.trigger.at <= now) {
      throw new SahelError('BAD_INPUT', 'That time is past: give a time in the future');
    }
    const task = this.book.add({
      kind,
      name: a.name,
      trigger: a.trigger,
      missed: a.missed,
      scope: a.scope,
      settings: a.settings,
      created: now,
      nextDue: nextDue(a.trigger, now, now),
      state,
    });
    this.scheduler.wake();
    return this.book.get(task.id);
  }

  list(): Task[] {
    return this.book.all();
  }

  show(id: string): { task: Task; settings: TaskSettings; runs: TaskRun[] } {
    const task = this.book.get(id);
    return { task, settings: this.book.settings(id), runs: this.book.runs(id, 20) };
  }

  /** A paused task starts nothing, queued runs included; its slots pass without catch-up. */
  pause(id: string): Task {
    const t = this.book.get(id);
    this.book.repo.setState(id, 'paused', t.nextDue);
    return this.book.get(id);
  }

  /** Pauses every active task (the tray's "Pause all tasks"); returns the ids it paused. */
  pauseAll(): string[] {
    const active = this.book.all().filter((t) => t.state === 'active');
    for (const t of active) this.book.repo.setState(t.id, 'paused', t.nextDue);
    return active.map((t) => t.id);
  }

  /** Resumes from now: slots that passed while it was paused are not caught up. */
  resume(id: string): Task {
    const t = this.book.get(id);
    const now = this.clock.now();
    const next = t.nextDue !== null && t.nextDue > now ? t.nextDue : nextDue(t.trigger, now, t.created);
    this.book.repo.setState(id, 'active', next);
    this.scheduler.wake();
    return this.book.get(id);
  }

  remove(id: string): void {
    const t = this.book.get(id);
    if (BUILT_IN.has(t.kind))
      throw new SahelError('CONFLICT', `The ${t.kind} task is built in and cannot be removed`);
    this.scheduler.forget(id);
    this.book.repo.remove(id);
    this.scheduler.wake();
  }

  runNow(id: string): TaskRun {
    return this.scheduler.runNow(id);
  }

  runs(id: string, limit?: number): TaskRun[] {
    this.book.get(id);
    return this.book.runs(id, limit);
  }

  logs(runId: string) {
    return this.book.log(runId);
  }
}
