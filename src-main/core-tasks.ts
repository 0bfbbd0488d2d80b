import type { OwnerKind } from '../src-shared/domain/status.js';
import type { Agent, TasksPort } from './agent/index.js';
import { type EventBus, tasksHandlers } from './api/index.js';
import type { ActiveNetworkSource } from './chain/index.js';
import type { VaultHook } from './core-hooks.js';
import { chainReads, marketWatchPorts } from './core-tasks-chain.js';
import type { MarketServices } from './market/index.js';
import type { Logger } from './platform/index.js';
import { type Db, type SettingsRepo, TasksRepo } from './store/index.js';
import { ChainWatch, openTasks, type Scheduler, type Tasks, tasksToolPort } from './tasks/index.js';
import type { Vault } from './vault/index.js';

export interface TasksWiring {
  db: Db;
  vault: Vault;
  agent: Agent;
  bus: EventBus;
  settings: SettingsRepo;
  /** The vault's hooks, run in order; the scheduler adds its own. */
  vaultHooks: VaultHook[];
  ownerKind: OwnerKind;
  /** The market and the chain: what market-watch tasks buy, and the events that wake tasks. */
  markets: Pick<MarketServices, 'market' | 'deliverer' | 'earnings' | 'followChain'>;
  network: ActiveNetworkSource;
  signers: { addresses(): `0x${string}`[] };
  log: Logger;
}

/** Between the chain watch's rounds (the trade loop syncs the cache every 2 s; a round reads it). */
const WATCH_MS = 3_000;

export interface WiredTasks {
  tasks: Tasks;
  scheduler: Scheduler;
  /** What the agent's `tasks_list` / `tasks_schedule` tools call. */
  port: TasksPort;
  handlers: ReturnType<typeof tasksHandlers>;
  close(): void;
}

/**
 * The tasks' part of the composition root: the scheduler over the agent, its events on the bus, what
 * unlocking means to it, and its API handlers. Built after the agent, whose loop its runs use.
 */
export function wireTasks(w: TasksWiring): WiredTasks {
  const log = w.log.child('tasks');
  const chain = {
    markets: w.markets,
    network: w.network,
    signers: w.signers,
    buy: w.agent.buyForTask,
  };
  const reads = chainReads(chain);
  const eventTasks = new TasksRepo(w.db);
  let watchErrors = 0;
  const events = new ChainWatch({
    reads,
    intervalMs: WATCH_MS,
    wanted: () => eventTasks.withTrigger('event').length > 0,
    now: Date.now,
    onError: (err) => {
      if (watchErrors++ % 30 === 0) log.warn('the chain watch could not read', { error: String(err) });
    },
  });
  const { tasks, scheduler } = openTasks({
    db: w.db,
    vault: w.vault,
    agent: { run: (t) => w.agent.runTask(t) },
    // A run whose action the policy held waits for the user's answer (approved, rejected, expired).
    approvals: {
      subscribe: (listener) =>
        w.agent.gate.onSettled(({ approval, result, outcome }) => {
          if (approval.state === 'pending') return;
          listener({ id: approval.id, state: approval.state, result, ...(outcome ? { outcome } : {}) });
        }),
    },
    notify: (n) => w.bus.emit('tasks.notification', n),
    market: marketWatchPorts(chain),
    amount: async (what, token) => {
      const t = token.toLowerCase();
      const found = (await reads.amounts()).find((a) => a.what === what && a.token === t);
      return found?.amount ?? 0n;
    },
    // Only an owner that stays up listens: a one-shot CLI owner reads and edits tasks, runs none.
    ...(w.ownerKind !== 'cli' ? { events } : {}),
    onRun: (r) =>
      w.bus.emit('tasks.run', { taskId: r.taskId, runId: r.id, status: r.status, attempt: r.attempt }),
    maxConcurrent: () => w.settings.get().tasksMaxConcurrent ?? 2,
    log,
  });
  // Due runs wait while the vault is locked (their settings and logs are sealed); they start on unlock.
  w.vaultHooks.push({ unlocked: () => scheduler.wake(), locked: () => {} });
  // Tasks run in an owner that stays up (the app, `sahel serve`); a one-shot CLI command that owns the
  // data dir for its length only reads and edits them (its runs would be cut short as it exits).
  if (w.ownerKind !== 'cli') scheduler.start();
  return {
    tasks,
    scheduler,
    port: tasksToolPort(tasks),
    handlers: tasksHandlers(tasks),
    close: () => scheduler.stop(),
  };
}
