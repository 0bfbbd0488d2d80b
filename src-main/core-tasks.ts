import type { OwnerKind } from '../src-shared/domain/status.js';
import type { Agent, TasksPort } from './agent/index.js';
import { type EventBus, tasksHandlers } from './api/index.js';
import type { VaultHook } from './core-hooks.js';
import type { Logger } from './platform/index.js';
import type { Db, SettingsRepo } from './store/index.js';
import { openTasks, type Scheduler, tasksToolPort } from './tasks/index.js';
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
  log: Logger;
}

export interface WiredTasks {
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
    onRun: (r) =>
      w.bus.emit('tasks.run', { taskId: r.taskId, runId: r.id, status: r.status, attempt: r.attempt }),
    maxConcurrent: () => w.settings.get().tasksMaxConcurrent ?? 2,
    log: w.log.child('tasks'),
  });
  // Due runs wait while the vault is locked (their settings and logs are sealed); they start on unlock.
  w.vaultHooks.push({ unlocked: () => scheduler.wake(), locked: () => {} });
  // Tasks run in an owner that stays up (the app, `sahel serve`); a one-shot CLI command that owns the
  // data dir for its length only reads and edits them (its runs would be cut short as it exits).
  if (w.ownerKind !== 'cli') scheduler.start();
  return {
    scheduler,
    port: tasksToolPort(tasks),
    handlers: tasksHandlers(tasks),
    close: () => scheduler.stop(),
  };
}
