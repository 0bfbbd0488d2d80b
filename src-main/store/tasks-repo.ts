import type { Db } from './database.js';

/** A task's row (migration 0014). JSON columns as text, the sealed settings as bytes. */
export interface TaskRow {
  id: string;
  kind: string;
  name: string;
  trigger: string;
  missed: string;
  scope: string;
  settings: Buffer;
  state: 'active' | 'paused';
  created: number;
  nextDue: number | null;
  lastRun: string | null;
}

/** One attempt of a task's run. */
export interface TaskRunRow {
  id: string;
  taskId: string;
  due: number;
  notBefore: number;
  started: number | null;
  ended: number | null;
  status: string;
  attempt: number;
  error: string | null;
  log: Buffer | null;
  tokens: number;
  spent: string;
}

/** How a run ended, written once. */
export interface RunEnd {
  status: string;
  ended: number;
  error: string | null;
  log: Buffer | null;
  tokens: number;
  spent: string;
}

const TASK_COLS =
  'id, kind, name, trigger, missed, scope, settings, state, created, next_due AS nextDue, last_run AS lastRun';
const RUN_COLS =
  'id, task_id AS taskId, due, not_before AS notBefore, started, ended, status, attempt, error, log, tokens, spent';

const RUN_COLS_R = RUN_COLS.split(', ')
  .map((c) => `r.${c}`)
  .join(', ');

/** Tasks, their runs and the idempotency keys of what they send. */
export class TasksRepo {
  constructor(private readonly db: Db) {}

  insert(t: TaskRow): void {
    this.db
      .prepare(
        `INSERT INTO tasks (id, kind, name, trigger, missed, scope, settings, state, created, next_due, last_run)
         VALUES (@id, @kind, @name, @trigger, @missed, @scope, @settings, @state, @created, @nextDue, @lastRun)`,
      )
      .run(t);
  }

  get(id: string): TaskRow | undefined {
    return this.db.prepare(`SELECT ${TASK_COLS} FROM tasks WHERE id = ?`).get(id) as TaskRow | undefined;
  }

  all(): TaskRow[] {
    return this.db.prepare(`SELECT ${TASK_COLS} FROM tasks ORDER BY created, id`).all() as TaskRow[];
  }

  /** Active tasks due at or before `now`, soonest first. */
  due(now: number): TaskRow[] {
    return this.db
      .prepare(
        `SELECT ${TASK_COLS} FROM tasks WHERE state = 'active' AND next_due IS NOT NULL AND next_due <= ?
         ORDER BY next_due, id`,
      )
      .all(now) as TaskRow[];
  }

  /** Active tasks of a trigger type (the event triggers, when an event arrives). */
  withTrigger(type: string): TaskRow[] {
    return this.db
      .prepare(`SELECT ${TASK_COLS} FROM tasks WHERE state = 'active' AND trigger ->> '$.type' = ?`)
      .all(type) as TaskRow[];
  }

  /**
   * The soonest moment something comes due: an active task's next slot, or a queued run's start after
   * `now` (runs that could start already wait for a free slot or the vault, not for the clock).
   */
  nextWake(now: number): number | null {
    const r = this.db
      .prepare(
        `WITH t AS (SELECT min(next_due) AS at FROM tasks WHERE state = 'active' AND next_due IS NOT NULL),
              q AS (SELECT min(r.not_before) AS at FROM task_runs r JOIN tasks k ON k.id = r.task_id
                     WHERE r.status = 'queued' AND k.state = 'active' AND r.not_before > ?)
         SELECT min(coalesce(t.at, q.at), coalesce(q.at, t.at)) AS at FROM t, q`,
      )
      .get(now) as { at: number | null };
    return r.at;
  }

  setState(id: string, state: 'active' | 'paused', nextDue: number | null): boolean {
    return (
      this.db.prepare('UPDATE tasks SET state = ?, next_due = ? WHERE id = ?').run(state, nextDue, id)
        .changes === 1
    );
  }

  setNextDue(id: string, nextDue: number | null): void {
    this.db.prepare('UPDATE tasks SET next_due = ? WHERE id = ?').run(nextDue, id);
  }

  remove(id: string): boolean {
    return this.db.prepare('DELETE FROM tasks WHERE id = ?').run(id).changes === 1;
  }

  /**
   * Adds runs and, unless `nextDue` is undefined, moves the task's next slot, in one transaction: a
   * crash between them neither loses a slot nor queues it twice.
   */
  schedule(taskId: string, runs: TaskRunRow[], nextDue?: number | null): void {
    const ins = this.db.prepare(
      `INSERT INTO task_runs (id, task_id, due, not_before, started, ended, status, attempt, error, log, tokens, spent)
       VALUES (@id, @taskId, @due, @notBefore, @started, @ended, @status, @attempt, @error, @log, @tokens, @spent)`,
    );
    const last = this.db.prepare('UPDATE tasks SET last_run = ? WHERE id = ?');
    const next = this.db.prepare('UPDATE tasks SET next_due = ? WHERE id = ?');
    this.db.transaction(() => {
      for (const r of runs) ins.run(r);
      const lastRun = runs.at(-1);
      if (lastRun) last.run(lastRun.id, taskId);
      if (nextDue !== undefined) next.run(nextDue, taskId);
    })();
  }

  /** Queued runs of active tasks that may start at `now`, oldest first. */
  ready(now: number, limit: number): TaskRunRow[] {
    return this.db
      .prepare(
        `SELECT ${RUN_COLS_R} FROM task_runs r
         JOIN tasks t ON t.id = r.task_id
         WHERE r.status = 'queued' AND r.not_before <= ? AND t.state = 'active'
         ORDER BY r.not_before, r.id LIMIT ?`,
      )
      .all(now, limit) as TaskRunRow[];
  }

  /** Marks a queued run running; false if it was not queued (another start took it). */
  start(runId: string, at: number): boolean {
    return (
      this.db
        .prepare("UPDATE task_runs SET status = 'running', started = ? WHERE id = ? AND status = 'queued'")
        .run(at, runId).changes === 1
    );
  }

  /**
   * Ends a run that is `from` (running, or waiting for an approval); false if it had already ended (a
   * late answer after its time limit). A run that starts waiting is "ended" into 'waiting-approval'.
   */
  end(runId: string, e: RunEnd, from: 'running' | 'waiting-approval' = 'running'): boolean {
    return (
      this.db
        .prepare(
          `UPDATE task_runs SET status = @status, ended = @ended, error = @error, log = @log, tokens = @tokens,
           spent = @spent WHERE id = @id AND status = @from`,
        )
        .run({ ...e, id: runId, from }).changes === 1
    );
  }

  /** Runs waiting for an approval (at start: a previous owner's, whose approvals died with it). */
  waiting(): TaskRunRow[] {
    return this.db
      .prepare(`SELECT ${RUN_COLS} FROM task_runs WHERE status = 'waiting-approval'`)
      .all() as TaskRunRow[];
  }

  /** Runs left running (by a crash: at start, nothing runs yet). */
  running(): TaskRunRow[] {
    return this.db
      .prepare(`SELECT ${RUN_COLS} FROM task_runs WHERE status = 'running'`)
      .all() as TaskRunRow[];
  }

  getRun(id: string): TaskRunRow | undefined {
    return this.db.prepare(`SELECT ${RUN_COLS} FROM task_runs WHERE id = ?`).get(id) as
      | TaskRunRow
      | undefined;
  }

  runs(taskId: string, limit = 100): TaskRunRow[] {
    return this.db
      .prepare(`SELECT ${RUN_COLS} FROM task_runs WHERE task_id = ? ORDER BY due DESC, attempt DESC LIMIT ?`)
      .all(taskId, limit) as TaskRunRow[];
  }

  /**
   * Stores an idempotency key unless it is there: true when this call stored it (the caller may send),
   * false when an earlier attempt did (it must not send again).
   */
  claimAction(key: string, taskId: string, runId: string, at: number): boolean {
    return (
      this.db
        .prepare(
          'INSERT INTO task_actions (key, task_id, run_id, at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
        )
        .run(key, taskId, runId, at).changes === 1
    );
  }

  actionResult(key: string): { runId: string; result: string | null } | undefined {
    return this.db.prepare('SELECT run_id AS runId, result FROM task_actions WHERE key = ?').get(key) as
      | { runId: string; result: string | null }
      | undefined;
  }

  /** Forgets a key whose send failed before anything left (the runner knows it), so a retry may send. */
  releaseAction(key: string): void {
    this.db.prepare('DELETE FROM task_actions WHERE key = ? AND result IS NULL').run(key);
  }

  /** A task's stored keys that start with `prefix`, oldest first (what its runs sent or are sending). */
  actionsLike(taskId: string, prefix: string): { key: string; result: string | null }[] {
    return this.db
      .prepare(
        'SELECT key, result FROM task_actions WHERE task_id = ? AND substr(key, 1, ?) = ? ORDER BY at, rowid',
      )
      .all(taskId, prefix.length, prefix) as { key: string; result: string | null }[];
  }

  setActionResult(key: string, result: string): void {
    this.db.prepare('UPDATE task_actions SET result = ? WHERE key = ?').run(result, key);
  }
}
