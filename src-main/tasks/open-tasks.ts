import type { RecordVault } from '../llm/index.js';
import { Sealer } from '../llm/index.js';
import type { Logger } from '../platform/index.js';
import { AgentSpendRepo, type Db, TasksRepo } from '../store/index.js';
import type { ApprovalAnswers } from './approval-waits.js';
import { type Clock, systemClock } from './clock.js';
import { type AgentTaskPort, agentPromptRunner } from './runners/agent-prompt.js';
import { type MarketWatchPorts, marketWatchRunner } from './runners/market-watch.js';
import { type NotifyPorts, notifyRunner, type TaskNotification } from './runners/notify.js';
import { Scheduler } from './scheduler.js';
import { TaskBook, type TaskRun } from './task-book.js';
import { Tasks } from './tasks.js';
import type { ChainEventSource } from './triggers/events.js';

export interface TasksOptions {
  db: Db;
  vault: RecordVault;
  agent: AgentTaskPort;
  notify(n: TaskNotification): void;
  /** Where market-watch tasks find offers and buy them (through the agent's gate); absent: none run. */
  market?: MarketWatchPorts;
  /** My balance and earnings, for notify thresholds; absent: a threshold fails its run saying so. */
  amount?: NotifyPorts['amount'];
  /** What wakes event-triggered tasks (absent: they wait). */
  events?: ChainEventSource;
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
 * the vault unlocks), listening to `events` for event-triggered tasks.
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
      notify: notifyRunner({ notify: o.notify, ...(o.amount ? { amount: o.amount } : {}) }),
      ...(o.market ? { 'market-watch': marketWatchRunner(o.market) } : {}),
    },
    ...(o.events ? { events: o.events } : {}),
    maxConcurrent: o.maxConcurrent,
    timeLimitMs: TIME_LIMIT_MS,
    ready: () => o.vault.isUnlocked,
    onRun: o.onRun,
    log: o.log,
  });
  return { tasks: new Tasks(book, scheduler, clock), scheduler };
}
