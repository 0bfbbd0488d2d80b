import { Sealer } from '../../../src-main/llm/chat/sealed.js';
import { TasksRepo } from '../../../src-main/store/tasks-repo.js';
import type { ApprovalAnswers } from '../../../src-main/tasks/approval-waits.js';
import type { RetryPolicy } from '../../../src-main/tasks/backoff.js';
import type { RunContext, Runners, RunOutcome, TaskRunner } from '../../../src-main/tasks/runners/runner.js';
import { Scheduler } from '../../../src-main/tasks/scheduler.js';
import { TaskBook } from '../../../src-main/tasks/task-book.js';
import { Tasks } from '../../../src-main/tasks/tasks.js';
import type { ChainEventSource } from '../../../src-main/tasks/triggers/events.js';
import type { TaskKind, TaskSettings, Trigger } from '../../../src-shared/domain/tasks.js';
import { FakeClock } from '../../support/fake-clock.js';
import { silentLogger } from '../../support/logger.js';
import { openTestVault } from '../../support/vault.js';

export const T0 = Date.parse('2026-06-01T08:00:00Z');
export const MIN = 60_000;

export interface Rig {
  clock: FakeClock;
  book: TaskBook;
  tasks: Tasks;
  scheduler: Scheduler;
  repo: TasksRepo;
  vault: ReturnType<typeof openTestVault>['vault'];
  db: ReturnType<typeof openTestVault>['db'];
  close(): void;
  /** The process died: the database closes with nothing stopped or marked. */
  crash(): void;
}

export interface RigOptions {
  runners: Runners;
  maxConcurrent?: number;
  timeLimitMs?: number;
  retry?: RetryPolicy;
  clock?: FakeClock;
  events?: ChainEventSource;
  approvals?: ApprovalAnswers;
}

/** A scheduler over a real SQLite file and an unlocked vault in `dir`, on a fake clock. */
export async function openRig(dir: string, o: RigOptions, create = true): Promise<Rig> {
  const t = openTestVault(dir);
  if (create) await t.vault.create('tasks test passphrase');
  else await t.vault.unlock('tasks test passphrase');
  const clock = o.clock ?? new FakeClock(T0);
  const repo = new TasksRepo(t.db);
  const book = new TaskBook(repo, new Sealer(t.vault));
  const scheduler = new Scheduler({
    book,
    clock,
    runners: o.runners,
    maxConcurrent: () => o.maxConcurrent ?? 4,
    timeLimitMs: o.timeLimitMs ?? 10 * MIN,
    retry: o.retry ?? { maxAttempts: 3, baseMs: MIN, capMs: 30 * MIN },
    ready: () => t.vault.isUnlocked,
    ...(o.events ? { events: o.events } : {}),
    ...(o.approvals ? { approvals: o.approvals } : {}),
    log: silentLogger(),
  });
  const tasks = new Tasks(book, scheduler, clock);
  return {
    clock,
    book,
    tasks,
    scheduler,
    repo,
    vault: t.vault,
    db: t.db,
    close() {
      scheduler.stop();
      t.close();
    },
    crash() {
      t.close();
    },
  };
}

export const notifySettings: TaskSettings = { kind: 'notify', message: 'hello', threshold: null };

/** A notify task with a trigger (the default scope: no tools, no budget, no expiry). */
export function addTask(
  rig: Rig,
  trigger: Trigger,
  missed: 'run-once' | 'skip' = 'run-once',
  settings = notifySettings,
) {
  return rig.tasks.add({
    name: 'a task',
    trigger,
    missed,
    scope: { tools: [], budget: null, expires: null },
    settings,
  });
}

/** A runner whose attempts the test settles by hand: each call waits until resolved or rejected. */
export function handRunner(kind: TaskKind = 'notify', retryCutShort = true) {
  const attempts: { ctx: RunContext; resolve(o?: RunOutcome): void; reject(e: unknown): void }[] = [];
  const runner: TaskRunner = {
    kind,
    retryCutShort,
    run: (ctx) =>
      new Promise<RunOutcome>((resolve, reject) => {
        attempts.push({ ctx, resolve: (o) => resolve(o ?? {}), reject });
      }),
  };
  return { runner, attempts };
}

/** The runs of a task, oldest first, as status@attempt (the shape most checks read). */
export function history(rig: Rig, taskId: string): string[] {
  return rig.book
    .runs(taskId)
    .reverse()
    .map((r) => `${r.status}@${r.attempt}`);
}
