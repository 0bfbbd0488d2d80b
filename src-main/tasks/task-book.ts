import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  MissedRule,
  RunStatus,
  RunStep,
  TaskKind,
  TaskScope,
  TaskSettings,
  Trigger,
} from '../../src-shared/domain/tasks.js';
import { SahelError } from '../../src-shared/errors.js';
import type { Sealer } from '../llm/index.js';
import type { TaskRow, TaskRunRow, TasksRepo } from '../store/index.js';

export interface Task {
  id: string;
  kind: TaskKind;
  name: string;
  trigger: Trigger;
  missed: MissedRule;
  scope: TaskScope;
  state: 'active' | 'paused';
  created: number;
  nextDue: number | null;
  lastRun: string | null;
}

export interface TaskRun {
  id: string;
  taskId: string;
  due: number;
  notBefore: number;
  started: number | null;
  ended: number | null;
  status: RunStatus;
  attempt: number;
  error: string | null;
  tokens: number;
  spent: Record<string, string>;
}

export type NewTask = Omit<Task, 'id' | 'lastRun'> & { settings: TaskSettings };

const SETTINGS_KIND = 'task-settings';
const LOG_KIND = 'task-log';
const Log = z.array(RunStep);
const Spent = z.record(z.string(), z.string().regex(/^[0-9]+$/));

/**
 * The tasks' rows as the tasks layer reads them: JSON columns checked with zod (a damaged row is
 * CORRUPT, not a crash), the settings and run logs sealed by the vault's record key.
 */
export class TaskBook {
  constructor(
    readonly repo: TasksRepo,
    private readonly sealer: Sealer,
  ) {}

  add(t: NewTask): Task {
    const id = randomUUID();
    const { settings, ...rest } = t;
    const task: Task = { ...rest, id, lastRun: null };
    this.repo.insert({
      id,
      kind: t.kind,
      name: t.name,
      trigger: JSON.stringify(t.trigger),
      missed: t.missed,
      scope: JSON.stringify(t.scope),
      settings: this.sealer.seal(SETTINGS_KIND, id, settings),
      state: t.state,
      created: t.created,
      nextDue: t.nextDue,
      lastRun: null,
    });
    return task;
  }

  get(id: string): Task {
    const row = this.repo.get(id);
    if (!row) throw new SahelError('NOT_FOUND', `There is no task ${id.slice(0, 40)}: see sahel tasks list`);
    return toTask(row);
  }

  all(): Task[] {
    return this.repo.all().map(toTask);
  }

  /** Needs the unlocked vault (LOCKED otherwise). */
  settings(id: string): TaskSettings {
    const row = this.repo.get(id);
    if (!row) throw new SahelError('NOT_FOUND', `There is no task ${id.slice(0, 40)}`);
    return this.sealer.open(SETTINGS_KIND, id, row.settings, TaskSettings);
  }

  sealLog(runId: string, steps: RunStep[]): Buffer {
    return this.sealer.seal(LOG_KIND, runId, steps);
  }

  /** A run's steps; [] for a run that wrote none (queued, skipped). Needs the unlocked vault. */
  log(runId: string): RunStep[] {
    const row = this.repo.getRun(runId);
    if (!row) throw new SahelError('NOT_FOUND', `There is no run ${runId.slice(0, 40)}`);
    return row.log ? this.sealer.open(LOG_KIND, runId, row.log, Log) : [];
  }

  runs(taskId: string, limit?: number): TaskRun[] {
    return this.repo.runs(taskId, limit).map(toRun);
  }
}

function parsed<S extends z.ZodType>(schema: S, text: string, what: string, id: string): z.output<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    raw = undefined;
  }
  const r = schema.safeParse(raw);
  if (!r.success) throw new SahelError('CORRUPT', `The stored ${what} of task ${id} is damaged`);
  return r.data;
}

export function toTask(row: TaskRow): Task {
  return {
    id: row.id,
    kind: parsed(TaskKind, JSON.stringify(row.kind), 'kind', row.id),
    name: row.name,
    trigger: parsed(Trigger, row.trigger, 'trigger', row.id),
    missed: parsed(MissedRule, JSON.stringify(row.missed), 'missed rule', row.id),
    scope: parsed(TaskScope, row.scope, 'scope', row.id),
    state: row.state,
    created: row.created,
    nextDue: row.nextDue,
    lastRun: row.lastRun,
  };
}

export function toRun(row: TaskRunRow): TaskRun {
  return {
    id: row.id,
    taskId: row.taskId,
    due: row.due,
    notBefore: row.notBefore,
    started: row.started,
    ended: row.ended,
    status: parsed(RunStatus, JSON.stringify(row.status), 'run status', row.taskId),
    attempt: row.attempt,
    error: row.error,
    tokens: row.tokens,
    spent: parsed(Spent, row.spent, 'spend', row.taskId),
  };
}
