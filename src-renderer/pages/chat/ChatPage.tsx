import { useEffect } from 'react';
import { Button } from '../../components/Button.js';
import { ChatIcon } from '../../components/icons.js';
import { NotBuilt } from '../../components/NotBuilt.js';
import { Page } from '../../components/Page.js';
import { useApp } from '../../state/app.js';
import { useChat } from '../../state/chat.js';
import { useNavigation } from '../../state/navigation.js';
import { useVault } from '../../state/vault.js';
import { UnlockVault } from '../vault/UnlockVault.js';
import { ChatWorkspace } from './ChatWorkspace.js';
import { startChatSync } from './chat-sync.js';

/** Chat needs the chat service and an unlocked vault (history is sealed with its keys); it says which is missing. */
export function ChatPage() {
  const availability = useChat((s) => s.availability);
  const vault = useVault((s) => s.state?.state ?? null);
  const vaultMissing = useVault((s) => s.availability === 'missing');
  const connected = useApp((s) => s.connection === 'open');

  useEffect(() => {
    startChatSync();
  }, []);

  useEffect(() => {
    if (!connected) return;
    if (!useVault.getState().state) void useVault.getState().loadState();
    void useChat.getState().loadReadiness();
  }, [connected]);

  useEffect(() => {
    if (vault === 'unlocked' && useChat.getState().conversations.length === 0)
      void useChat.getState().loadList();
  }, [vault]);

  return (
    <Page name="chat" title="Chat" subtitle="Talk with the model that runs on this machine.">
      {availability === 'missing' || vaultMissing ? (
        <NotBuilt Icon={ChatIcon}>
          Chat is not available in this version of Sahel yet: the owner process has no chat service. Streaming
          chat with your local model, kept encrypted in your vault, comes with it.
        </NotBuilt>
      ) : vault === 'uninitialised' ? (
        <section className="vault-card vault-gate" aria-labelledby="chat-gate-title">
          <h2 id="chat-gate-title" className="vault-gate-title">
            Set up your vault first
          </h2>
          <p className="vault-gate-text">
            Your conversations, persona and memories are kept encrypted in your vault, so chat needs one.
          </p>
          <Button variant="primary" onClick={() => useNavigation.getState().go('vault')}>
            Set up the vault
          </Button>
        </section>
      ) : vault === 'locked' ? (
        <div className="chat-locked">
          <p className="chat-locked-note">Your chat history is encrypted in your vault. Unlock it to chat.</p>
          <UnlockVault />
        </div>
      ) : vault === 'unlocked' && availability === 'available' ? (
        <ChatWorkspace />
      ) : (
        <p className="muted">Loading…</p>
      )}
    </Page>
  );
}
