import type { RunStatus, RunStep } from '../../src-shared/domain/tasks.js';
import type { TaskRunRow } from '../store/index.js';
import type { Clock } from './clock.js';
import { type TaskBook, type TaskRun, toRun } from './task-book.js';

/** How the user answered an approval an action of a run was held for (the gate's settled approvals). */
export interface ApprovalAnswer {
  id: string;
  state: 'approved' | 'rejected' | 'expired';
  /** For an approved one: whether its action, run once under its grant, was done or failed. */
  outcome?: 'done' | 'failed';
  /** The app's sentence on what became of it. */
  result: string;
}

/** Where answers come from (core-tasks.ts hands in the agent's gate). */
export interface ApprovalAnswers {
  subscribe(listener: (a: ApprovalAnswer) => void): () => void;
}

/** A run's result so far, kept for the moment it ends. */
export interface TurnResult {
  tokens: number;
  spent: Record<string, string>;
}

interface Waiting {
  row: TaskRunRow;
  steps: RunStep[];
  open: Set<string>;
  answers: ApprovalAnswer[];
  result: TurnResult;
}

export interface ApprovalWaitsOptions {
  book: TaskBook;
  clock: Clock;
  onRun?: (run: TaskRun) => void;
}

/** Answers kept for runs that have not started waiting yet (the user answered while the turn went on). */
const EARLY_KEPT = 500;

/**
 * Runs whose turn ended with an action held for approval. Such a run is written 'waiting-approval' and
 * leaves the scheduler's slots and time limit: an approval may stay open for hours, and a held run
 * must neither block other tasks nor time out while the user has not looked. The answer ends it:
 * approved (the gate ran the action once, under its grant) → succeeded, or failed if that action
 * failed; rejected → 'rejected'; expired → 'expired'. None of these is retried: a retry would ask again
 * or do what the user refused. Approvals live in the owner's memory, so a run found waiting at start
 * (or at shutdown) ends 'expired' and says why.
 */
export class ApprovalWaits {
  private readonly waiting = new Map<string, Waiting>();
  private readonly early = new Map<string, ApprovalAnswer>();

  constructor(private readonly o: ApprovalWaitsOptions) {}

  /** The run `row` (running) waits for `ids`; answers that came already count at once. */
  wait(row: TaskRunRow, steps: RunStep[], ids: readonly string[], result: TurnResult): void {
    const now = this.o.clock.now();
    steps.push({
      at: now,
      kind: 'info',
      text: `Waiting for the user to answer approval ${ids.join(', ')}; the run goes on when it is answered`,
    });
    const { log, note } = sealed(this.o.book, row.id, steps);
    const repo = this.o.book.repo;
    const end = { ended: now, log, tokens: result.tokens, spent: JSON.stringify(result.spent) };
    if (!repo.end(row.id, { ...end, status: 'waiting-approval', error: note })) return;
    const w: Waiting = { row, steps, open: new Set(ids), answers: [], result };
    this.waiting.set(row.id, w);
    this.report(row.id);
    for (const id of ids) {
      const a = this.early.get(id);
      if (!a) continue;
      this.early.delete(id);
      this.answer(a);
    }
  }

  /** An approval was answered: the run waiting on it takes it, and ends once all of its are answered. */
  answer(a: ApprovalAnswer): void {
    const w = [...this.waiting.values()].find((x) => x.open.has(a.id));
    if (!w) {
      this.early.set(a.id, a);
      if (this.early.size > EARLY_KEPT) this.early.delete(this.early.keys().next().value as string);
      return;
    }
    w.open.delete(a.id);
    w.answers.push(a);
    w.steps.push({
      at: this.o.clock.now(),
      kind: 'action',
      text: `Approval ${a.id} ${a.state}: ${a.result}`,
    });
    if (w.open.size === 0) this.end(w);
  }

  /** Ends, as expired, the runs a previous owner left waiting (their approvals died with it). */
  expireLeft(): void {
    const repo = this.o.book.repo;
    for (const row of repo.waiting()) {
      const error =
        'Sahel stopped while this run waited for an approval; approvals do not outlive the owner, so it expired: nothing was done';
      const end = { status: 'expired', ended: this.o.clock.now(), error, log: row.log, tokens: row.tokens };
      if (repo.end(row.id, { ...end, spent: row.spent }, 'waiting-approval')) this.report(row.id);
    }
  }

  /** The owner is shutting down: its approvals go with it, so the runs waiting on them end expired. */
  stop(): void {
    this.waiting.clear();
    this.expireLeft();
  }

  /** The task is being removed: its waiting runs go with its rows. */
  forget(taskId: string): void {
    for (const [id, w] of this.waiting) if (w.row.taskId === taskId) this.waiting.delete(id);
  }

  get size(): number {
    return this.waiting.size;
  }

  private end(w: Waiting): void {
    this.waiting.delete(w.row.id);
    const { status, error } = verdict(w.answers);
    if (error) w.steps.push({ at: this.o.clock.now(), kind: 'error', text: error });
    const { log, note } = sealed(this.o.book, w.row.id, w.steps);
    const ended = {
      status,
      ended: this.o.clock.now(),
      error: note ? `${error ?? 'Done'}; ${note}` : error,
      log,
      tokens: w.result.tokens,
      spent: JSON.stringify(w.result.spent),
    };
    if (this.o.book.repo.end(w.row.id, ended, 'waiting-approval')) this.report(w.row.id);
  }

  private report(runId: string): void {
    const row = this.o.book.repo.getRun(runId);
    if (row) this.o.onRun?.(toRun(row));
  }
}

/** What a run's answers make of it: the worst one counts (a failed action, then a no, then silence). */
function verdict(answers: readonly ApprovalAnswer[]): { status: RunStatus; error: string | null } {
  const failed = answers.find((a) => a.state === 'approved' && a.outcome === 'failed');
  if (failed) return { status: 'failed', error: `Approved, but the action failed: ${failed.result}` };
  const rejected = answers.find((a) => a.state === 'rejected');
  if (rejected)
    return { status: 'rejected', error: `The user rejected approval ${rejected.id}: nothing was done` };
  const expired = answers.find((a) => a.state === 'expired');
  if (expired)
    return { status: 'expired', error: `Approval ${expired.id} expired unanswered: nothing was done` };
  return { status: 'succeeded', error: null };
}

/** The run's log sealed; with the vault locked it cannot be, and `note` says so. */
export function sealed(
  book: TaskBook,
  runId: string,
  steps: RunStep[],
): { log: Buffer | null; note: string | null } {
  try {
    return { log: book.sealLog(runId, steps), note: null };
  } catch {
    return { log: null, note: 'its log was lost because the vault locked' };
  }
}
