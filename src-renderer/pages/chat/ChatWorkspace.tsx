import { useRef, useState } from 'react';
import { Button } from '../../components/Button.js';
import { FormError } from '../../components/FormError.js';
import { RetryError } from '../../components/RetryError.js';
import { useChat } from '../../state/chat.js';
import { useNavigation } from '../../state/navigation.js';
import { AgentToggle } from './AgentToggle.js';
import { ChatSidebar } from './ChatSidebar.js';
import { Composer } from './Composer.js';
import { DeleteConversationDialog, RenameDialog } from './ConversationDialogs.js';
import { modelName } from './Message.js';
import { MessageView } from './MessageView.js';
import { PersonalPanel } from './PersonalPanel.js';
import { SamplingDialog } from './SamplingDialog.js';

/** The unlocked chat: conversations on the left, the conversation, and the persona panel on demand. */
export function ChatWorkspace() {
  const selectedId = useChat((s) => s.selectedId);
  const conversation = useChat((s) => s.conversations.find((c) => c.id === s.selectedId) ?? null);
  const messages = useChat((s) => s.messages);
  const messagesError = useChat((s) => s.messagesError);
  const focusMessageId = useChat((s) => s.focusMessageId);
  const pending = useChat((s) => s.pending);
  const turnError = useChat((s) => s.turnError);
  const readiness = useChat((s) => s.readiness);
  const chat = useChat.getState();
  const [dialog, setDialog] = useState<'rename' | 'delete' | 'sampling' | null>(null);
  const [panel, setPanel] = useState(false);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const panelButton = useRef<HTMLButtonElement>(null);

  const busy = pending !== null && (pending.conversationId === null || pending.conversationId === selectedId);
  const elsewhere = pending !== null && !busy;
  const blocked =
    readiness && !readiness.ready
      ? 'No model is loaded: open Models to load one.'
      : elsewhere
        ? 'A reply is being written in another conversation…'
        : null;
  const newChat = () => {
    void chat.select(null);
    inputRef.current?.focus();
  };

  return (
    <div className="chat-workspace">
      <ChatSidebar onNewChat={newChat} />
      <section className="chat-main" aria-label={conversation?.title ?? 'New conversation'}>
        <header className="chat-header">
          <h2 className="chat-title">{conversation?.title || 'New conversation'}</h2>
          <ModelBadge />
          <div className="chat-header-actions">
            {conversation && (
              <>
                <Button onClick={() => setDialog('sampling')}>Sampling</Button>
                <Button onClick={() => setDialog('rename')}>Rename</Button>
                <Button onClick={() => setDialog('delete')}>Delete</Button>
              </>
            )}
            <Button ref={panelButton} aria-expanded={panel} onClick={() => setPanel(!panel)}>
              Persona and memory
            </Button>
          </div>
        </header>
        {readiness && !readiness.ready && (
          <div className="chat-banner" role="status">
            {/* The owner's reason is a sentence of its own ("No model is loaded: pick one…"). */}
            <span>{readiness.reason ?? 'No model is loaded. Chat answers once one is.'}</span>
            <Button onClick={() => useNavigation.getState().go('models')}>Open Models</Button>
          </div>
        )}
        {conversation && conversation.droppedMessages > 0 && (
          <p className="chat-banner" data-tone="info">
            The model no longer sees the oldest {conversation.droppedMessages}{' '}
            {conversation.droppedMessages === 1 ? 'message' : 'messages'} of this conversation: they did not
            fit its context. The notices below mark where.
          </p>
        )}
        {messagesError ? (
          <RetryError onRetry={selectedId ? () => chat.select(selectedId) : undefined}>
            {messagesError}
          </RetryError>
        ) : selectedId && messages === null ? (
          <p className="muted chat-empty">Loading…</p>
        ) : (
          <MessageView
            conversationId={selectedId ?? pending?.conversationId ?? null}
            messages={messages ?? []}
            busy={busy}
            focusMessageId={focusMessageId}
            onRegenerate={() => void chat.regenerate()}
            onEdit={(id, text) => void chat.edit(id, text)}
          />
        )}
        <FormError error={turnError} className="chat-turn-error" />
        <AgentToggle />
        <Composer
          busy={busy}
          blocked={blocked}
          inputRef={inputRef}
          onSend={(text) => void chat.send(text)}
          onStop={() => void chat.stop()}
        />
      </section>
      {panel && (
        <PersonalPanel
          onClose={() => {
            setPanel(false);
            panelButton.current?.focus();
          }}
        />
      )}
      {conversation && dialog === 'rename' && (
        <RenameDialog
          conversation={conversation}
          onClose={() => setDialog(null)}
          onRename={(title) => chat.rename(conversation.id, title)}
        />
      )}
      {conversation && dialog === 'sampling' && (
        <SamplingDialog conversation={conversation} onClose={() => setDialog(null)} />
      )}
      {conversation && dialog === 'delete' && (
        <DeleteConversationDialog
          conversation={conversation}
          onClose={() => setDialog(null)}
          onDelete={() => chat.remove(conversation.id)}
        />
      )}
    </div>
  );
}

/** Which model answers: the loaded one, scripted replies in tests, or none. */
function ModelBadge() {
  const readiness = useChat((s) => s.readiness);
  if (!readiness) return null;
  const label = !readiness.ready
    ? 'No model loaded'
    : readiness.provider === 'scripted'
      ? `Scripted replies${readiness.model ? ` (${modelName(readiness.model)})` : ''}`
      : readiness.model
        ? modelName(readiness.model)
        : 'Local model';
  return (
    <span className="chat-model" data-ready={readiness.ready} title="The model that answers">
      {label}
    </span>
  );
}
