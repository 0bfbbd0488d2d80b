import { useEffect } from 'react';
import { Button } from '../../components/Button.js';
import { Page } from '../../components/Page.js';
import { useNavigation } from '../../state/navigation.js';
import { useTasks } from '../../state/tasks.js';
import { useVault } from '../../state/vault.js';
import { TaskForm } from './TaskForm.js';
import { TaskList } from './TaskList.js';
import { TasksInbox } from './TasksInbox.js';

/**
 * Delegated background tasks: what runs when, how each run went and what it said. The list follows the
 * owner's events; it is read once when the page opens.
 */
export function TasksPage() {
  const vault = useVault((s) => s.state?.state);
  const locked = useTasks((s) => s.locked) || vault === 'locked';
  useEffect(() => {
    void useTasks.getState().load();
  }, []);
  return (
    <Page
      name="tasks"
      title="Tasks"
      subtitle="Work that keeps running in the background, within what you allow."
    >
      {locked && (
        <div className="tasks-locked" role="status" data-testid="tasks-locked">
          <strong>The vault is locked: tasks wait for it.</strong> Their prompts and run logs are sealed, so
          due runs start only once it is unlocked.{' '}
          <Button variant="link" onClick={() => useNavigation.getState().go('vault')}>
            Unlock the vault
          </Button>{' '}
          to let them run and to see their history.
        </div>
      )}
      <TaskList />
      <TasksInbox />
      <TaskForm />
    </Page>
  );
}
