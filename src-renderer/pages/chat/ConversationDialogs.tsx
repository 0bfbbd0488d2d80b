import { type FormEvent, useState } from 'react';
import type { Conversation } from '../../../src-shared/domain/chat.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { Dialog } from '../../components/Dialog.js';
import { FormFooter } from '../../components/FormFooter.js';
import { TextField } from '../../components/TextField.js';
import { useFormAction } from '../../components/use-form-action.js';

interface DialogProps {
  conversation: Conversation;
  onClose(): void;
}

export function RenameDialog({
  conversation,
  onClose,
  onRename,
}: DialogProps & { onRename(title: string): Promise<void> }) {
  const form = useFormAction();
  const [title, setTitle] = useState(conversation.title);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!title.trim()) return form.fail('A conversation needs a name.');
    void form.run(async () => {
      await onRename(title.trim());
      onClose();
    });
  };

  return (
    <Dialog title="Rename conversation" onClose={onClose} busy={form.busy}>
      <form className="form" onSubmit={submit}>
        <TextField label="Name" value={title} onChange={form.edit(setTitle)} maxLength={200} autoFocus />
        <FormFooter error={form.error} busy={form.busy} onCancel={onClose}>
          Rename
        </FormFooter>
      </form>
    </Dialog>
  );
}

export function DeleteConversationDialog({
  conversation,
  onClose,
  onDelete,
}: DialogProps & { onDelete(): Promise<void> }) {
  return (
    <ConfirmDialog
      title={`Delete “${conversation.title || 'Untitled'}”?`}
      confirmLabel="Delete"
      onClose={onClose}
      onConfirm={async () => {
        await onDelete();
        onClose();
      }}
    >
      The conversation and its {conversation.messageCount}{' '}
      {conversation.messageCount === 1 ? 'message' : 'messages'} will be deleted. This cannot be undone.
    </ConfirmDialog>
  );
}
