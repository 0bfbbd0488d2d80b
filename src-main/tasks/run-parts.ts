import { randomUUID } from 'node:crypto';
import type { RunStep } from '../../src-shared/domain/tasks.js';
import { ERROR_CODES, SahelError } from '../../src-shared/errors.js';
import type { TaskRunRow, TasksRepo } from '../store/index.js';
import { NothingSent } from './runners/runner.js';

// The scheduler's pieces for one attempt: its row, what a failure means, and the idempotency hook.

const TYPED: ReadonlySet<string> = new Set(ERROR_CODES);
/** Errors no retry can mend: the input or the build is wrong, not the moment. */
const FINAL: ReadonlySet<string> = new Set([
  'BAD_INPUT',
  'NOT_IMPLEMENTED',
  'CORRUPT',
  'NOT_FOUND',
  'FORBIDDEN',
  'DECLINED',
  'CONFLICT',
]);

export function runRow(
  taskId: string,
  due: number,
  notBefore: number,
  attempt: number,
  status: 'queued' | 'skipped',
  error: string | null,
): TaskRunRow {
  return {
    id: randomUUID(),
    taskId,
    due,
    notBefore,
    started: null,
    ended: null,
    status,
    attempt,
    error,
    log: null,
    tokens: 0,
    spent: '{}',
  };
}

/**
 * What a runner's failure says to the user, and whether a retry could mend it. Sahel's typed errors
 * (SahelError, the vault's) carry a sentence for the user; anything else may hold a library's details
 * (`logged`: the caller logs it) and is shown plainly.
 */
export function failureOf(err: unknown): { message: string; final: boolean; logged: boolean } {
  const code = (err as { code?: unknown }).code;
  const typed = err instanceof Error && typeof code === 'string' && TYPED.has(code);
  return {
    message: typed ? err.message : 'The run failed',
    final: typed && FINAL.has(code as string),
    logged: !typed,
  };
}

export interface SendOnce {
  repo: TasksRepo;
  now: number;
  taskId: string;
  row: TaskRunRow;
  signal: AbortSignal;
  step(kind: RunStep['kind'], text: string): void;
}

/** Where a key of `once` is unique: within the run's slot, or across every run of the task. */
export type OnceScope = 'slot' | 'task';

/** A key as stored: task-wide keys share a prefix that `actionsLike` finds. */
export const actionKey = (taskId: string, due: number, scope: OnceScope, key: string): string =>
  scope === 'task' ? `${taskId}/task/${key}` : `${taskId}/${due}/${key}`;

/**
 * Stores the idempotency key now (RunContext.claim), per slot or per task: true when this attempt
 * stored it and may send; false when an earlier attempt did (it must not send again).
 */
export function claimOnce(o: SendOnce, key: string, scope: OnceScope = 'slot'): boolean {
  // An attempt past its time limit may still be running (a stuck runner): it sends nothing more.
  if (o.signal.aborted) throw new SahelError('UNAVAILABLE', 'The run was stopped before it sent anything');
  const full = actionKey(o.taskId, o.row.due, scope, key);
  if (o.repo.claimAction(full, o.taskId, o.row.id, o.now)) return true;
  const before = o.repo.actionResult(full);
  o.step('action', `Not sent again: ${key} was sent by an earlier attempt (${before?.runId ?? '?'})`);
  return false;
}

/**
 * The idempotency hook (RunContext.once): the key is stored, committed, before `send` is called, per
 * slot (a retry of the same slot finds what its earlier attempt stored) or per task, and never sent twice.
 */
export async function sendOnce(
  o: SendOnce,
  key: string,
  send: () => Promise<string>,
  scope: OnceScope = 'slot',
): Promise<{ sent: boolean; result: string | null }> {
  const full = actionKey(o.taskId, o.row.due, scope, key);
  if (!claimOnce(o, key, scope)) return { sent: false, result: o.repo.actionResult(full)?.result ?? null };
  o.step('action', `Sending ${key}`);
  let result: string;
  try {
    result = await send();
  } catch (err) {
    if (!(err instanceof NothingSent)) throw err;
    o.repo.releaseAction(full);
    throw err.reason;
  }
  o.repo.setActionResult(full, result.slice(0, 2_000));
  return { sent: true, result };
}
