import { useEffect } from 'react';
import { Button } from '../../components/Button.js';
import { Page } from '../../components/Page.js';
import { UnlockVault } from '../../components/UnlockVault.js';
import { useApp } from '../../state/app.js';
import { useChat } from '../../state/chat.js';
import { useNavigation } from '../../state/navigation.js';
import { useVault } from '../../state/vault.js';
import { ChatWorkspace } from './ChatWorkspace.js';
import { startChatSync } from './chat-sync.js';

/** Chat needs an unlocked vault (history is sealed with its keys); it says so until there is one. */
export function ChatPage() {
  const readinessKnown = useChat((s) => s.readinessKnown);
  const vault = useVault((s) => s.state?.state ?? null);
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
      {vault === 'uninitialised' ? (
        <section className="card gate" aria-labelledby="chat-gate-title">
          <h2 id="chat-gate-title" className="gate-title">
            Set up your vault first
          </h2>
          <p className="gate-text">
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
      ) : vault === 'unlocked' && readinessKnown ? (
        <ChatWorkspace />
      ) : (
        <p className="muted">Loading…</p>
      )}
    </Page>
  );
}
