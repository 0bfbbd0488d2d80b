import { Page } from '../../components/Page.js';
import { Activity } from './Activity.js';
import { Approvals } from './Approvals.js';
import { Personas } from './Personas.js';
import { PolicyPanel } from './PolicyPanel.js';
import { ToolsList } from './ToolsList.js';

/**
 * The agent's surroundings: what waits for the user's approval, what it did (the audit log), what it may
 * do without asking (the policy), and its tools. Talking to it happens in Chat.
 */
export function AgentPage() {
  return (
    <Page name="agent" title="Agent" subtitle="What your agent may do, what waits for you, and what it did.">
      <Approvals />
      <Activity />
      <PolicyPanel />
      <Personas />
      <ToolsList />
    </Page>
  );
}
