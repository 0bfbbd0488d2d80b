import type { RunStep, TaskKind, TaskSettings } from '../../../src-shared/domain/tasks.js';
import type { Task } from '../task-book.js';

/** What a runner is given for one attempt of a run. */
export interface RunContext {
  task: Task;
  settings: TaskSettings;
  run: { id: string; due: number; attempt: number };
  /** Fires at the run's time limit (or when the scheduler stops); the runner stops what it does. */
  signal: AbortSignal;
  /** Adds a line to the run's log (sealed with it at the end). */
  step(kind: RunStep['kind'], text: string): void;
  /**
   * Sends something that moves value at most once per slot: `key` (unique within the run's slot, e.g.
   * "buy:<offer>") is stored before `send` is called; an attempt that finds it stored does not call
   * `send` and gets `{ sent: false }`, with the earlier result if that attempt lived to record it.
   */
  once(
    key: string,
    send: () => Promise<string>,
    scope?: 'slot' | 'task',
  ): Promise<{ sent: boolean; result: string | null }>;
  /** The task-wide keys (scope 'task') stored by any run of this task that start with `prefix`. */
  sentBefore(prefix: string): { key: string; result: string | null }[];
  /**
   * The same key, stored now (synchronously) for a send that happens inside work the runner does not
   * drive step by step (the agent's loop): true when this attempt stored it and may go on; false when
   * an earlier attempt of the slot did, and this one must not send.
   */
  claim(key: string): boolean;
}

/** What a run did, when it ended well. */
export interface RunOutcome {
  tokens?: number;
  /** Base units per token ('native' or a lower-case address). */
  spent?: Record<string, string>;
  /**
   * The approvals its actions were held for and still wait on: the run waits for their answers
   * (approval-waits.ts) instead of ending now.
   */
  awaiting?: string[];
}

/** One task kind's work. Throwing fails the attempt (retried per the scheduler's backoff). */
export interface TaskRunner {
  kind: TaskKind;
  /** A run cut short by a crash or shutdown is retried (true), or left cut short (false). */
  retryCutShort: boolean;
  run(ctx: RunContext): Promise<RunOutcome>;
}

export type Runners = Partial<Record<TaskKind, TaskRunner>>;

/**
 * Thrown by a `once` send that failed before anything left: its key is released so a retry may send.
 * Anything else a send throws keeps the key (it may have sent).
 */
export class NothingSent extends Error {
  constructor(readonly reason: unknown) {
    super('Nothing was sent');
  }
}
