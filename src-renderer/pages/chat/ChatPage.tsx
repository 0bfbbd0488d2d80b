import { ChatIcon } from '../../components/icons.js';
import { NotBuilt } from '../../components/NotBuilt.js';
import { Page } from '../../components/Page.js';

export function ChatPage() {
  return (
    <Page name="chat" title="Chat" subtitle="Talk with the model that runs on this machine.">
      <NotBuilt Icon={ChatIcon}>
        Streaming chat with your local model. Conversations are kept encrypted in your vault, never on a
        server.
      </NotBuilt>
    </Page>
  );
}
