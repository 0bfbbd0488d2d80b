import type { RunStatus, RunStep } from '../../src-shared/domain/tasks.js';
import { SahelError } from '../../src-shared/errors.js';
import type { Logger } from '../platform/index.js';
import type { TaskRunRow } from '../store/index.js';
import { type ApprovalAnswers, ApprovalWaits, sealed } from './approval-waits.js';
import { DEFAULT_RETRY, type RetryPolicy, retryDelay } from './backoff.js';
import type { Clock, Timer } from './clock.js';
import { actionKey, claimOnce, failureOf, runRow, sendOnce } from './run-parts.js';
import type { RunContext, Runners, RunOutcome } from './runners/runner.js';
import { type Task, type TaskBook, type TaskRun, toRun, toTask } from './task-book.js';
import { type ChainEvent, type ChainEventSource, matchesEvent } from './triggers/events.js';
import { nextDue } from './triggers/next-due.js';

export interface SchedulerOptions {
  book: TaskBook;
  clock: Clock;
  runners: Runners;
  /** How many runs at once (the setting, read each time a run could start). */
  maxConcurrent: () => number;
  /** Each attempt's time limit: then its signal fires and it ends timed-out, answered or not. */
  timeLimitMs: number;
  retry?: RetryPolicy;
  /** A slot found more than this late (the machine slept, Sahel was closed) is missed: its rule applies. */
  missedAfterMs?: number;
  /**
   * The longest the one timer waits. Node's timers do not count a machine's sleep, so a wall clock
   * that jumped forward is noticed within this.
   */
  heartbeatMs?: number;
  /** Whether runs may start (the vault is unlocked: settings and logs are sealed). */
  ready: () => boolean;
  events?: ChainEventSource;
  /** The answers to approvals that runs' actions were held for (the agent's gate). */
  approvals?: ApprovalAnswers;
  onRun?: (run: TaskRun) => void;
  log: Logger;
}

const LOG_STEPS = 500;
interface Active {
  row: TaskRunRow;
  abort: AbortController;
  limit: Timer;
  steps: RunStep[];
}

/**
 * The persistent scheduler: one timer for the soonest due moment (idle tasks cost a database read per
 * wake, nothing else), due slots queued as runs in the database, at most N running, each under a time
 * limit; failures retried with exponential backoff; missed slots handled by each task's rule; runs a
 * crash or shutdown cut short marked and retried by their kind.
 */
export class Scheduler {
  private timer: Timer | null = null;
  private readonly active = new Map<string, Active>();
  private unsubscribe: (() => void) | null = null;
  private unsubscribeAnswers: (() => void) | null = null;
  private readonly waits: ApprovalWaits;
  private running = false;
  private readonly retry: RetryPolicy;
  private readonly missedAfter: number;
  private readonly heartbeat: number;

  constructor(private readonly o: SchedulerOptions) {
    this.retry = o.retry ?? DEFAULT_RETRY;
    this.missedAfter = o.missedAfterMs ?? 60_000;
    this.heartbeat = o.heartbeatMs ?? 60_000;
    this.waits = new ApprovalWaits({ book: o.book, clock: o.clock, ...(o.onRun ? { onRun: o.onRun } : {}) });
  }

  /** Marks runs a crash left running as cut short, then queues what came due while Sahel was closed. */
  start(): void {
    if (this.running) return;
    this.running = true;
    for (const row of this.o.book.repo.running()) this.cutShort(row, 'Sahel stopped during this run');
    this.waits.expireLeft();
    if (this.o.approvals) this.unsubscribeAnswers = this.o.approvals.subscribe((a) => this.waits.answer(a));
    if (this.o.events) this.unsubscribe = this.o.events.subscribe((e) => this.onEvent(e));
    this.tick();
  }

  /** Stops the timer and cuts the runs in progress short (retried at the next start, by their kind). */
  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.timer?.cancel();
    this.timer = null;
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.unsubscribeAnswers?.();
    this.unsubscribeAnswers = null;
    this.waits.stop();
    for (const a of [...this.active.values()]) {
      this.active.delete(a.row.id);
      a.limit.cancel();
      a.abort.abort();
      this.cutShort(a.row, 'Sahel was shut down during this run');
    }
  }

  /** Looks again now: after a task was added or resumed, or the vault unlocked. */
  wake(): void {
    this.tick();
  }

  /** Runs now, outside the schedule (the task's next slot stays). */
  runNow(taskId: string): TaskRun {
    const task = this.o.book.get(taskId);
    const now = this.o.clock.now();
    const row = runRow(task.id, now, now, 1, 'queued', null);
    this.o.book.repo.schedule(task.id, [row]);
    this.tick();
    return toRun(this.o.book.repo.getRun(row.id) ?? row);
  }

  /** Stops the runs of a task being removed (their rows go with it). */
  forget(taskId: string): void {
    this.waits.forget(taskId);
    for (const a of [...this.active.values()]) {
      if (a.row.taskId !== taskId) continue;
      this.active.delete(a.row.id);
      a.limit.cancel();
      a.abort.abort();
    }
  }

  /** How many runs are in progress now (those waiting for an approval hold no slot). */
  get inProgress(): number {
    return this.active.size;
  }

  /** How many runs wait for the user to answer an approval. */
  get waitingApproval(): number {
    return this.waits.size;
  }

  private tick(): void {
    if (!this.running) return;
    const now = this.o.clock.now();
    try {
      this.queueDue(now);
      this.pump(now);
      this.arm(now);
    } catch (err) {
      // A timer callback must not throw (it would end the process): log it and look again later.
      this.o.log.error('tasks: the scheduler could not look at its tasks', { error: String(err) });
      this.timer?.cancel();
      this.timer = this.o.clock.setTimer(this.heartbeat, () => this.tick());
    }
  }

  private queueDue(now: number): void {
    const repo = this.o.book.repo;
    for (const row of repo.due(now)) {
      let task: Task;
      try {
        task = toTask(row);
      } catch (err) {
        // A damaged row is left as it is on disk, unscheduled, so it does not wake the timer forever.
        this.o.log.warn('tasks: a task row is damaged', { id: row.id, error: String(err) });
        repo.setNextDue(row.id, null);
        continue;
      }
      const slot = task.nextDue as number;
      if (task.scope.expires !== null && now >= task.scope.expires) {
        repo.setNextDue(task.id, null);
        continue;
      }
      let next: number | null;
      try {
        next = nextDue(task.trigger, now, task.created);
      } catch (err) {
        // A stored trigger this build cannot read (a zone the system no longer knows): this slot is
        // the last; the task stays for the user to see and replace.
        this.o.log.warn('tasks: a trigger cannot be read', { id: task.id, error: String(err) });
        next = null;
      }
      const missed = now - slot > this.missedAfter;
      const status = missed && task.missed === 'skip' ? 'skipped' : 'queued';
      const note =
        status === 'skipped'
          ? `Due at ${new Date(slot).toISOString()} while Sahel was closed or the machine slept; its rule is skip`
          : null;
      const run = runRow(task.id, slot, now, 1, status, note);
      if (status === 'skipped') run.ended = now;
      repo.schedule(task.id, [run], next);
      if (status === 'skipped') this.o.onRun?.(toRun(run));
    }
  }

  private pump(now: number): void {
    if (!this.o.ready()) return;
    const free = this.o.maxConcurrent() - this.active.size;
    if (free <= 0) return;
    for (const row of this.o.book.repo.ready(now, free)) this.begin(row, now);
  }

  private arm(now: number): void {
    this.timer?.cancel();
    const at = this.o.book.repo.nextWake(now);
    const wait = at === null ? this.heartbeat : Math.min(this.heartbeat, Math.max(0, at - now));
    this.timer = this.o.clock.setTimer(wait, () => this.tick());
  }

  private begin(row: TaskRunRow, now: number): void {
    const repo = this.o.book.repo;
    if (!repo.start(row.id, now)) return;
    const started = { ...row, status: 'running', started: now };
    const abort = new AbortController();
    const steps: RunStep[] = [];
    const limit = this.o.clock.setTimer(this.o.timeLimitMs, () =>
      this.finish(
        row.id,
        'timed-out',
        `It ran past its time limit of ${Math.round(this.o.timeLimitMs / 1000)} s`,
      ),
    );
    this.active.set(row.id, { row: started, abort, limit, steps });
    this.o.onRun?.(toRun(started));
    const step = (kind: RunStep['kind'], text: string) => {
      if (steps.length < LOG_STEPS) steps.push({ at: this.o.clock.now(), kind, text: text.slice(0, 4_000) });
    };
    if (row.notBefore - row.due > this.missedAfter && row.attempt === 1) {
      step(
        'info',
        `A catch-up run for ${new Date(row.due).toISOString()}, missed while Sahel was closed or asleep`,
      );
    }
    void (async (): Promise<RunOutcome> => {
      const task = this.o.book.get(row.taskId);
      const runner = this.o.runners[task.kind];
      if (!runner) throw new SahelError('NOT_IMPLEMENTED', `Tasks of kind ${task.kind} are not built yet`);
      const parts = () => ({
        repo: this.o.book.repo,
        now: this.o.clock.now(),
        taskId: task.id,
        row,
        signal: abort.signal,
        step,
      });
      const ctx: RunContext = {
        task,
        settings: this.o.book.settings(task.id),
        run: { id: row.id, due: row.due, attempt: row.attempt },
        signal: abort.signal,
        step,
        once: (key, send, scope) => sendOnce(parts(), key, send, scope),
        sentBefore: (prefix) =>
          this.o.book.repo
            .actionsLike(task.id, actionKey(task.id, 0, 'task', prefix))
            .map((a) => ({ key: a.key.slice(actionKey(task.id, 0, 'task', '').length), result: a.result })),
        claim: (key) => claimOnce(parts(), key),
      };
      return runner.run(ctx);
    })().then(
      (out) => this.finish(row.id, 'succeeded', null, out),
      (err: unknown) => {
        const f = failureOf(err);
        if (f.logged) this.o.log.warn('tasks: a run failed', { id: row.id, error: String(err) });
        this.finish(row.id, 'failed', f.message, undefined, f.final);
      },
    );
  }

  /** Ends an attempt once (a late answer after the time limit is dropped) and queues its retry. */
  private finish(
    runId: string,
    status: RunStatus,
    error: string | null,
    out?: RunOutcome,
    final = false,
  ): void {
    const a = this.active.get(runId);
    if (!a) return;
    this.active.delete(runId);
    a.limit.cancel();
    if (status === 'timed-out') a.abort.abort();
    const now = this.o.clock.now();
    if (status === 'succeeded' && out?.awaiting && out.awaiting.length > 0) {
      // Its action waits for the user: the run leaves its slot and time limit (approval-waits.ts).
      this.waits.wait(a.row, a.steps, out.awaiting, { tokens: out.tokens ?? 0, spent: out.spent ?? {} });
      this.tick();
      return;
    }
    if (error) a.steps.push({ at: now, kind: 'error', text: error });
    // The vault locked during the run: its result stays, its log cannot be sealed.
    const { log, note } = sealed(this.o.book, runId, a.steps);
    if (note) error = `${error ?? 'Done'}; ${note}`;
    const repo = this.o.book.repo;
    repo.end(runId, {
      status,
      ended: now,
      error,
      log,
      tokens: out?.tokens ?? 0,
      spent: JSON.stringify(out?.spent ?? {}),
    });
    const ended = repo.getRun(runId);
    // The task was removed while it ran (its runs went with it): nothing to report or retry.
    if (ended) {
      this.o.onRun?.(toRun(ended));
      if (status !== 'succeeded' && !final)
        this.retryLater(a.row, now, retryDelay(this.retry, a.row.attempt));
    }
    this.tick();
  }

  private cutShort(row: TaskRunRow, why: string): void {
    const repo = this.o.book.repo;
    const now = this.o.clock.now();
    repo.end(row.id, { status: 'cut-short', ended: now, error: why, log: null, tokens: 0, spent: '{}' });
    let retry = false;
    try {
      retry = this.o.runners[this.o.book.get(row.taskId).kind]?.retryCutShort ?? false;
    } catch {
      retry = false;
    }
    // A cut-short run is retried at once (it did not fail), if its kind allows and attempts are left.
    if (retry) this.retryLater(row, now, row.attempt < this.retry.maxAttempts ? 0 : null);
  }

  private retryLater(row: TaskRunRow, now: number, delay: number | null): void {
    if (delay === null) return;
    const next = runRow(row.taskId, row.due, now + delay, row.attempt + 1, 'queued', null);
    this.o.book.repo.schedule(row.taskId, [next]);
  }

  private onEvent(e: ChainEvent): void {
    if (!this.running) return;
    const repo = this.o.book.repo;
    const now = this.o.clock.now();
    for (const row of repo.withTrigger('event')) {
      let task: Task;
      try {
        task = toTask(row);
      } catch {
        continue;
      }
      if (task.trigger.type !== 'event' || !matchesEvent(task.trigger.filter, e)) continue;
      if (task.scope.expires !== null && now >= task.scope.expires) continue;
      repo.schedule(task.id, [runRow(task.id, e.at, now, 1, 'queued', null)]);
    }
    this.tick();
  }
}
