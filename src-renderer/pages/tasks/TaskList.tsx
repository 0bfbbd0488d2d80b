import { useState } from 'react';
import type { TaskInfo } from '../../../src-shared/domain/tasks.js';
import { printable as shown } from '../../../src-shared/untrusted-text.js';
import { Button } from '../../components/Button.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { FormError } from '../../components/FormError.js';
import { RetryError } from '../../components/RetryError.js';
import { useFormAction } from '../../components/use-form-action.js';
import { type TaskDetail, tasksApi, useTasks } from '../../state/tasks.js';
import { TaskRuns } from './TaskRuns.js';
import { budgetText, statusText, triggerText, whenText } from './task-text.js';

const BUILT_IN = new Set(['delivery', 'receipt']);

/** Every task with when it runs next, how its last run went, and what it spent. */
export function TaskList() {
  const tasks = useTasks((s) => s.tasks);
  const error = useTasks((s) => s.error);
  return (
    <section className="agent-section" aria-labelledby="tasks-list-title">
      <h2 id="tasks-list-title" className="agent-section-title">
        Your tasks
      </h2>
      {error && (
        <RetryError onRetry={() => useTasks.getState().load()}>Could not list the tasks: {error}</RetryError>
      )}
      {tasks === null && !error && <p className="field-hint">Reading the tasks…</p>}
      {tasks?.length === 0 && <p className="field-hint">No tasks yet: add one below.</p>}
      <ul className="agent-list" data-testid="tasks-list">
        {tasks?.map((t) => (
          <TaskRow key={t.id} task={t} />
        ))}
      </ul>
    </section>
  );
}

function lastResult(task: TaskInfo, detail: TaskDetail | undefined): string {
  if (!task.lastRun) return 'never run';
  const run = detail?.runs.find((r) => r.id === task.lastRun) ?? detail?.runs[0];
  if (!run) return 'ran (its result is sealed: unlock the vault)';
  const when = run.ended ?? run.started ?? run.due;
  return `${statusText(run.status)}, ${whenText(when)}`;
}

function TaskRow({ task: t }: { task: TaskInfo }) {
  const detail = useTasks((s) => s.details[t.id]);
  const [open, setOpen] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const action = useFormAction();
  const builtIn = BUILT_IN.has(t.kind);
  const act = (work: () => Promise<unknown>) =>
    action.run(async () => {
      await work();
      await useTasks.getState().loadOne(t.id);
    });
  const toggle = () =>
    action.run(async () => {
      useTasks
        .getState()
        .replaced(await (t.state === 'active' ? tasksApi.pause(t.id) : tasksApi.resume(t.id)));
    });
  return (
    <li className="tasks-card" data-task={t.id} data-state={t.state}>
      <div className="tasks-card-head">
        <h3 className="tasks-card-name" data-testid="task-name">
          {shown(t.name)}
        </h3>
        <span className="tasks-badge">{t.kind}</span>
        <span
          className="tasks-badge"
          data-tone={t.state === 'active' ? 'ok' : 'warn'}
          data-testid="task-state"
        >
          {t.state}
        </span>
      </div>
      <dl className="tasks-meta">
        <dt>Runs</dt>
        <dd data-testid="task-trigger">{triggerText(t.trigger)}</dd>
        <dt>Next run</dt>
        <dd data-testid="task-next">
          {t.state === 'paused' ? 'paused' : t.nextDue === null ? 'none' : whenText(t.nextDue)}
        </dd>
        <dt>Last result</dt>
        <dd data-testid="task-last">{lastResult(t, detail)}</dd>
        <dt>Spend</dt>
        <dd data-testid="task-budget">{budgetText(t, detail?.runs ?? null)}</dd>
        {t.scope.tools.length > 0 && (
          <>
            <dt>Tools</dt>
            <dd className="mono">{t.scope.tools.join(', ')}</dd>
          </>
        )}
        {detail && (
          <>
            <dt>{detail.settings.kind === 'agent-prompt' ? 'Prompt' : 'Message'}</dt>
            <dd className="tasks-text">
              {detail.settings.kind === 'agent-prompt'
                ? shown(detail.settings.prompt)
                : detail.settings.kind === 'notify'
                  ? shown(detail.settings.message)
                  : '—'}
            </dd>
          </>
        )}
      </dl>
      <FormError error={action.error} />
      <div className="market-actions">
        <Button size="sm" disabled={action.busy} onClick={() => void act(() => tasksApi.run(t.id))}>
          Run now
        </Button>
        <Button size="sm" disabled={action.busy} onClick={() => void toggle()}>
          {t.state === 'active' ? 'Pause' : 'Resume'}
        </Button>
        <Button size="sm" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? 'Hide runs' : 'Runs'}
        </Button>
        <Button
          size="sm"
          variant="destructive"
          disabled={action.busy || builtIn}
          title={builtIn ? 'Built-in tasks belong to the market and cannot be deleted' : undefined}
          onClick={() => setConfirming(true)}
        >
          Delete
        </Button>
      </div>
      {open && <TaskRuns task={t} runs={detail?.runs ?? null} />}
      {confirming && (
        <ConfirmDialog
          title={`Delete “${shown(t.name)}”?`}
          confirmLabel="Delete task"
          onClose={() => setConfirming(false)}
          onConfirm={async () => {
            await tasksApi.rm(t.id);
            setConfirming(false);
            useTasks.getState().removed(t.id);
          }}
        >
          The task and the history of its runs are removed. Runs already started finish.
        </ConfirmDialog>
      )}
    </li>
  );
}
