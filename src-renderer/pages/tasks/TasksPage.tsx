import { TasksIcon } from '../../components/icons.js';
import { NotBuilt } from '../../components/NotBuilt.js';
import { Page } from '../../components/Page.js';

export function TasksPage() {
  return (
    <Page name="tasks" title="Tasks" subtitle="Work that keeps running in the background.">
      <NotBuilt Icon={TasksIcon}>
        Background jobs — scheduled prompts, market watches and sale fulfilment — that survive restarts, with
        a log for every run.
      </NotBuilt>
    </Page>
  );
}
