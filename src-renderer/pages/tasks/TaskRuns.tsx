import { useEffect, useState } from 'react';
import type { RunStep, TaskInfo, TaskRunInfo } from '../../../src-shared/domain/tasks.js';
import { printable as shown } from '../../../src-shared/untrusted-text.js';
import { Button } from '../../components/Button.js';
import { Dialog } from '../../components/Dialog.js';
import { RetryError } from '../../components/RetryError.js';
import { errorMessage } from '../../state/errors.js';
import { tasksApi } from '../../state/tasks.js';
import { runCostText, statusText, whenText } from './task-text.js';

/** A task's latest runs, newest first; each opens its log. */
export function TaskRuns({ task, runs }: { task: TaskInfo; runs: TaskRunInfo[] | null }) {
  const [opened, setOpened] = useState<TaskRunInfo | null>(null);
  if (runs === null) return <p className="field-hint">The runs are sealed: unlock the vault to read them.</p>;
  if (runs.length === 0) return <p className="field-hint">No runs yet.</p>;
  return (
    <>
      <table className="tasks-runs" data-testid="task-runs">
        <thead>
          <tr>
            <th scope="col">Status</th>
            <th scope="col">Attempt</th>
            <th scope="col">Started</th>
            <th scope="col">Ended</th>
            <th scope="col">Cost</th>
            <th scope="col">
              <span className="sr-only">Log</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.id} data-run={r.id} data-status={r.status}>
              <td>
                <span className="tasks-badge" data-tone={toneOf(r)} data-testid="run-status">
                  {statusText(r.status)}
                </span>
                {r.error && <div className="tasks-run-error">{shown(r.error)}</div>}
              </td>
              <td>{r.attempt}</td>
              <td>{r.started === null ? '—' : whenText(r.started)}</td>
              <td>{r.ended === null ? '—' : whenText(r.ended)}</td>
              <td>{runCostText(r)}</td>
              <td>
                <Button size="sm" variant="quiet" onClick={() => setOpened(r)}>
                  Open log
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {opened && <RunLog task={task} run={opened} onClose={() => setOpened(null)} />}
    </>
  );
}

function toneOf(r: TaskRunInfo): 'ok' | 'warn' | 'danger' | undefined {
  if (r.status === 'succeeded') return 'ok';
  if (r.status === 'failed' || r.status === 'timed-out' || r.status === 'cut-short' || r.status === 'expired')
    return 'danger';
  if (r.status === 'skipped') return 'warn';
  return undefined;
}

/** One run's steps: what it did, the tools it called, their results and errors. */
function RunLog({ task, run, onClose }: { task: TaskInfo; run: TaskRunInfo; onClose(): void }) {
  const [steps, setSteps] = useState<RunStep[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = async () => {
    try {
      setSteps((await tasksApi.logs(task.id, run.id)).steps);
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: read once when opened
  useEffect(() => {
    void load();
  }, []);
  return (
    <Dialog title={`Run of “${shown(task.name)}”: ${statusText(run.status)}`} onClose={onClose}>
      <div className="tasks-log" data-testid="run-log">
        {error && <RetryError onRetry={load}>Could not read the log: {error}</RetryError>}
        {steps === null && !error && <p className="field-hint">Reading the log…</p>}
        {steps?.length === 0 && <p className="field-hint">This run wrote no steps.</p>}
        <ol className="agent-list">
          {steps?.map((s, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a log's lines never move
            <li key={i} data-kind={s.kind}>
              <span className="tasks-step-time">{new Date(s.at).toLocaleTimeString()}</span>
              <span className="tasks-badge">{s.kind}</span>
              <span className="tasks-step-text">{shown(s.text)}</span>
            </li>
          ))}
        </ol>
      </div>
      <div className="dialog-actions">
        <Button onClick={onClose} data-autofocus>
          Close
        </Button>
      </div>
    </Dialog>
  );
}
