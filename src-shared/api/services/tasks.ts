import { z } from 'zod';
import {
  MissedRule,
  RunStep,
  TaskInfo,
  TaskRunInfo,
  TaskScope,
  TaskSettings,
  Trigger,
} from '../../domain/tasks.js';
import { procedure } from '../define.js';
import { NoInput } from './app.js';

const TaskId = z.strictObject({ id: z.string().min(1).max(64) });

/**
 * Delegated background tasks: what runs when, within which scope, and what each run did. Adding a task
 * and reading its settings or logs need the vault unlocked (they are sealed).
 */
export const tasksService = {
  list: procedure(NoInput, z.object({ tasks: z.array(TaskInfo) }), 'Every task, with its next slot.'),
  add: procedure(
    z.strictObject({
      name: z.string().trim().min(1).max(200),
      trigger: Trigger,
      missed: MissedRule.default('run-once'),
      scope: TaskScope.default({ tools: [], budget: null, expires: null }),
      settings: TaskSettings,
    }),
    TaskInfo,
    'Adds a task; it is active at once (the user is the one asking).',
  ),
  show: procedure(
    TaskId,
    z.object({ task: TaskInfo, settings: TaskSettings, runs: z.array(TaskRunInfo) }),
    'A task, its settings (unsealed) and its latest runs.',
  ),
  run: procedure(TaskId, TaskRunInfo, 'Queues a run now, outside the schedule.'),
  pause: procedure(TaskId, TaskInfo, 'Pauses a task: nothing of it starts until it is resumed.'),
  resume: procedure(
    TaskId,
    TaskInfo,
    'Resumes a task from now (slots passed while paused are not caught up).',
  ),
  rm: procedure(TaskId, z.object({}), 'Removes a task with its runs (built-in tasks cannot be removed).'),
  logs: procedure(
    z.strictObject({ id: z.string().min(1).max(64), run: z.string().min(1).max(64).optional() }),
    z.object({ run: TaskRunInfo.nullable(), steps: z.array(RunStep) }),
    "A run's log (the latest run's when none is named).",
  ),
} as const;
