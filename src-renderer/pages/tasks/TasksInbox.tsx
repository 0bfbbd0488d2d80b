import { printable as shown } from '../../../src-shared/untrusted-text.js';
import { useTasks } from '../../state/tasks.js';
import { whenText } from './task-text.js';

/** What the tasks said and how their runs ended since the app opened, newest first. */
export function TasksInbox() {
  const inbox = useTasks((s) => s.inbox);
  return (
    <section className="agent-section" aria-labelledby="tasks-inbox-title">
      <h2 id="tasks-inbox-title" className="agent-section-title">
        Results
      </h2>
      {inbox.length === 0 && (
        <p className="field-hint">Nothing yet: results of runs and notifications show here as they come.</p>
      )}
      <ul className="agent-list tasks-inbox" data-testid="tasks-inbox">
        {inbox.map((e) => (
          <li key={e.key} data-tone={e.tone} data-task={e.taskId}>
            <span className="tasks-inbox-when">{whenText(e.at)}</span>
            <strong>{shown(e.title)}</strong>
            <span>{shown(e.body)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
