import { type FormEvent, memo, useState } from 'react';
import {
  type ChatMessage,
  type Citation,
  type UnsearchedItem,
  unsearchedNotice,
} from '../../../src-shared/domain/chat.js';
import { Button } from '../../components/Button.js';
import { formatFull } from '../../components/format.js';
import { TextField } from '../../components/TextField.js';
import { AgentSteps } from './AgentSteps.js';
import { Markdown } from './markdown/Markdown.js';

interface MessageProps {
  message: ChatMessage;
  /** The last assistant reply: the one regenerate replaces. */
  last: boolean;
  /** A turn is running: actions that start another wait. */
  busy: boolean;
  highlighted: boolean;
  onRegenerate(): void;
  onEdit(id: string, text: string): void;
}

/** One stored entry of a conversation: the user's message, a reply, or Sahel's notice. */
export const Message = memo(function Message({
  message,
  last,
  busy,
  highlighted,
  onRegenerate,
  onEdit,
}: MessageProps) {
  const [editing, setEditing] = useState(false);
  if (message.role === 'notice') return <Notice message={message} />;
  const user = message.role === 'user';
  return (
    <article
      className="chat-msg"
      data-role={message.role}
      data-status={message.status}
      data-highlight={highlighted || undefined}
      data-message-id={message.id}
      aria-label={user ? 'You' : 'Reply'}
    >
      {message.steps && <AgentSteps steps={message.steps} />}
      {editing ? (
        <EditForm
          initial={message.text}
          onCancel={() => setEditing(false)}
          onSave={(text) => {
            setEditing(false);
            onEdit(message.id, text);
          }}
        />
      ) : user ? (
        <div className="chat-msg-body chat-msg-user">{message.text}</div>
      ) : (
        <div className="chat-msg-body">
          <Markdown text={message.text} />
        </div>
      )}
      {message.status === 'stopped' && <p className="chat-msg-note">Stopped: the reply ends here.</p>}
      {message.status === 'failed' && (
        <p className="chat-msg-note" data-tone="danger" role="alert">
          The model failed: {message.error ?? 'no reason given'}.
        </p>
      )}
      {message.citations && message.citations.length > 0 && <Citations citations={message.citations} />}
      {message.unsearched && message.unsearched.length > 0 && <Unsearched items={message.unsearched} />}
      {!editing && (
        <div className="chat-msg-actions">
          <CopyButton text={message.text} />
          {user && (
            <Button variant="quiet" size="sm" onClick={() => setEditing(true)} disabled={busy}>
              Edit
            </Button>
          )}
          {!user && last && (
            <Button variant="quiet" size="sm" onClick={onRegenerate} disabled={busy}>
              Regenerate
            </Button>
          )}
          <span className="chat-msg-meta" title={formatFull(message.createdAt)}>
            {!user && message.model ? `${modelName(message.model)}` : ''}
            {!user && message.tokens ? ` · ${message.tokens} tokens` : ''}
          </span>
        </div>
      )}
    </article>
  );
});

/** Sahel's own note in the conversation: never sent to the model. */
function Notice({ message }: { message: ChatMessage }) {
  return (
    <div className="chat-notice" role="note" data-message-id={message.id}>
      {message.dropped
        ? `${message.dropped} earlier ${message.dropped === 1 ? 'message no longer fits' : 'messages no longer fit'} the model's context: ${message.text || 'it does not see them.'}`
        : message.text}
    </div>
  );
}

export function Citations({ citations }: { citations: Citation[] }) {
  return (
    <div className="chat-citations">
      <span className="chat-citations-label">Sources from your vault</span>
      <ol>
        {citations.map((c) => (
          <li key={`${c.n}-${c.itemId}`} title={c.excerpt}>
            <span className="chat-citation-n">[{c.n}]</span> {c.itemName}
          </li>
        ))}
      </ol>
    </div>
  );
}

/** Bought items the question matched but the reply could not draw on: their licence has ended. */
function Unsearched({ items }: { items: UnsearchedItem[] }) {
  return (
    <p className="chat-msg-note chat-unsearched" role="note" data-testid="chat-unsearched">
      {unsearchedNotice(items)} ({items.map((i) => i.itemName).join(', ')}).{' '}
      {items.length === 1
        ? 'It stays in your vault until you delete it.'
        : 'They stay in your vault until you delete them.'}
    </p>
  );
}

export function CopyButton({ text }: { text: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = () => {
    navigator.clipboard
      .writeText(text)
      .then(() => setState('copied'))
      .catch(() => setState('failed'))
      .finally(() => window.setTimeout(() => setState('idle'), 2000));
  };
  return (
    <Button variant="quiet" size="sm" onClick={copy}>
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : 'Copy'}
    </Button>
  );
}

function EditForm({
  initial,
  onCancel,
  onSave,
}: {
  initial: string;
  onCancel(): void;
  onSave(text: string): void;
}) {
  const [text, setText] = useState(initial);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (text.trim()) onSave(text.trim());
  };
  return (
    <form className="chat-edit" onSubmit={submit}>
      <TextField
        multiline
        hideLabel
        label="Edit message"
        className="chat-input"
        size="lg"
        value={text}
        rows={Math.min(10, text.split('\n').length + 1)}
        focusOnMount
        onChange={setText}
        onKeyDown={(e) => {
          if (e.key === 'Escape') onCancel();
          if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) submit(e);
        }}
      />
      <div className="chat-edit-actions">
        <Button onClick={onCancel}>Cancel</Button>
        <Button type="submit" variant="primary" size="lg" disabled={!text.trim()}>
          Save and resend
        </Button>
      </div>
    </form>
  );
}

/** A model path or id, shortened to its file name. */
export function modelName(model: string): string {
  return model.split(/[\\/]/).at(-1) ?? model;
}
