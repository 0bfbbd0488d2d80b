import { AgentIcon } from '../../components/icons.js';
import { NotBuilt } from '../../components/NotBuilt.js';
import { Page } from '../../components/Page.js';

export function AgentPage() {
  return (
    <Page name="agent" title="Agent" subtitle="What your agent may do, and what it did.">
      <NotBuilt Icon={AgentIcon}>
        The agent's tools, the policy that limits what it may do, approvals waiting for you, and an audit log
        of every action.
      </NotBuilt>
    </Page>
  );
}
