import { type FormEvent, useId, useState } from 'react';
import type { Conversation } from '../../../src-shared/domain/chat.js';
import { errorMessage } from '../../state/errors.js';
import { Dialog } from '../vault/Dialog.js';

interface DialogProps {
  conversation: Conversation;
  onClose(): void;
}

export function RenameDialog({
  conversation,
  onClose,
  onRename,
}: DialogProps & { onRename(title: string): Promise<void> }) {
  const [title, setTitle] = useState(conversation.title);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!title.trim()) return setError('A conversation needs a name.');
    setBusy(true);
    try {
      await onRename(title.trim());
      onClose();
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <Dialog title="Rename conversation" onClose={onClose} busy={busy}>
      <form className="vault-form" onSubmit={submit}>
        <label className="vault-label" htmlFor={inputId}>
          Name
        </label>
        <input
          id={inputId}
          className="vault-input"
          value={title}
          maxLength={200}
          data-autofocus
          onChange={(e) => {
            setTitle(e.target.value);
            setError(null);
          }}
        />
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <div className="vault-dialog-actions">
          <button type="button" className="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="button vault-primary" disabled={busy}>
            Rename
          </button>
        </div>
      </form>
    </Dialog>
  );
}

export function DeleteConversationDialog({
  conversation,
  onClose,
  onDelete,
}: DialogProps & { onDelete(): Promise<void> }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const remove = async () => {
    setBusy(true);
    try {
      await onDelete();
      onClose();
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };
  return (
    <Dialog
      title={`Delete “${conversation.title || 'Untitled'}”?`}
      onClose={onClose}
      busy={busy}
      tone="danger"
    >
      <p className="vault-dialog-text">
        The conversation and its {conversation.messageCount}{' '}
        {conversation.messageCount === 1 ? 'message' : 'messages'} will be deleted. This cannot be undone.
      </p>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="vault-dialog-actions">
        <button type="button" className="button" onClick={onClose} disabled={busy} data-autofocus>
          Cancel
        </button>
        <button type="button" className="button vault-danger" onClick={() => void remove()} disabled={busy}>
          Delete
        </button>
      </div>
    </Dialog>
  );
}
