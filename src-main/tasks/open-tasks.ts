import type { RecordVault } from '../llm/index.js';
import { Sealer } from '../llm/index.js';
import type { Logger } from '../platform/index.js';
import { AgentSpendRepo, type Db, TasksRepo } from '../store/index.js';
import type { ApprovalAnswers } from './approval-waits.js';
import { type Clock, systemClock } from './clock.js';
import { type AgentTaskPort, agentPromptRunner } from './runners/agent-prompt.js';
import { marketWatchRunner } from './runners/market-watch.js';
import { notifyRunner, type TaskNotification } from './runners/notify.js';
import { Scheduler } from './scheduler.js';
import { TaskBook, type TaskRun } from './task-book.js';
import { Tasks } from './tasks.js';

export interface TasksOptions {
  db: Db;
  vault: RecordVault;
  agent: AgentTaskPort;
  notify(n: TaskNotification): void;
  onRun(run: TaskRun): void;
  maxConcurrent: () => number;
  /** The answers to approvals a run's actions were held for: the run waits for them. */
  approvals?: ApprovalAnswers;
  log: Logger;
  clock?: Clock;
}

/** Each run's time limit: a stuck model is cut off after it. */
const TIME_LIMIT_MS = 10 * 60_000;

/**
 * The tasks layer as core.ts builds it: the book over the database and the vault's record key, the
 * runners bound to the agent and the event bus, and the scheduler (started by the caller, woken when
 * the vault unlocks). Event triggers have no source yet: their tasks wait.
 */
export function openTasks(o: TasksOptions): { tasks: Tasks; scheduler: Scheduler } {
  const clock = o.clock ?? systemClock;
  const book = new TaskBook(new TasksRepo(o.db), new Sealer(o.vault));
  const spend = new AgentSpendRepo(o.db);
  const scheduler = new Scheduler({
    book,
    clock,
    ...(o.approvals ? { approvals: o.approvals } : {}),
    runners: {
      'agent-prompt': agentPromptRunner({ agent: o.agent, spent: (id) => spend.forTask(id) }),
      notify: notifyRunner({ notify: o.notify }),
      'market-watch': marketWatchRunner,
    },
    maxConcurrent: o.maxConcurrent,
    timeLimitMs: TIME_LIMIT_MS,
    ready: () => o.vault.isUnlocked,
    onRun: o.onRun,
    log: o.log,
  });
  return { tasks: new Tasks(book, scheduler, clock), scheduler };
}
