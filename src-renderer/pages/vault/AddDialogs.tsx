import { type FormEvent, useState } from 'react';
import type { VaultItem } from '../../../src-shared/domain/vault.js';
import { Dialog } from '../../components/Dialog.js';
import { FormFooter } from '../../components/FormFooter.js';
import { PassphraseInput } from '../../components/PassphraseFields.js';
import { TextField } from '../../components/TextField.js';
import { useFormAction } from '../../components/use-form-action.js';
import { vaultErrorMessage, vaultItems } from '../../state/vault.js';
import { parseTags } from './format.js';

interface AddProps {
  onClose(): void;
  onAdded(item: VaultItem): void;
}

function NameField({
  value,
  onChange,
  disabled,
  placeholder,
}: {
  value: string;
  onChange(v: string): void;
  disabled: boolean;
  placeholder?: string;
}) {
  return (
    <TextField
      label="Name"
      value={value}
      onChange={onChange}
      maxLength={255}
      disabled={disabled}
      autoComplete="off"
      placeholder={placeholder}
      autoFocus
    />
  );
}

function TagsField({
  value,
  onChange,
  disabled,
}: {
  value: string;
  onChange(v: string): void;
  disabled: boolean;
}) {
  return (
    <TextField
      label="Tags"
      value={value}
      onChange={onChange}
      hint="Optional, separated by commas."
      disabled={disabled}
      autoComplete="off"
    />
  );
}

/** A text note, saved into the folder being shown. */
export function NoteDialog({ parentId, onClose, onAdded }: AddProps & { parentId: string | null }) {
  const form = useFormAction(vaultErrorMessage);
  const [name, setName] = useState('');
  const [tags, setTags] = useState('');
  const [text, setText] = useState('');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return form.fail('Give the note a name.');
    void form.run(async () =>
      onAdded(await vaultItems.addNote({ name: name.trim(), text, tags: parseTags(tags), parentId })),
    );
  };

  return (
    <Dialog title="Add note" onClose={onClose} busy={form.busy}>
      <form className="form" onSubmit={submit} noValidate>
        <NameField value={name} onChange={setName} disabled={form.busy} />
        <TextField multiline label="Text" value={text} onChange={setText} rows={8} disabled={form.busy} />
        <TagsField value={tags} onChange={setTags} disabled={form.busy} />
        <FormFooter error={form.error} busy={form.busy} onCancel={onClose}>
          Save note
        </FormFooter>
      </form>
    </Dialog>
  );
}

/** A password or API key: shown only when revealed. Secrets live at the top level. */
export function SecretDialog({ onClose, onAdded }: AddProps) {
  const form = useFormAction(vaultErrorMessage);
  const [name, setName] = useState('');
  const [tags, setTags] = useState('');
  const [value, setValue] = useState('');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return form.fail('Give the secret a name.');
    if (!value) return form.fail('Enter the secret’s value.');
    void form.run(async () =>
      onAdded(await vaultItems.addSecret({ name: name.trim(), value, tags: parseTags(tags) })),
    );
  };

  return (
    <Dialog title="Add secret" onClose={onClose} busy={form.busy}>
      <form className="form" onSubmit={submit} noValidate>
        <NameField value={name} onChange={setName} disabled={form.busy} placeholder="e.g. GitHub token" />
        <PassphraseInput
          label="Value"
          value={value}
          onChange={setValue}
          autoComplete="new-password"
          disabled={form.busy}
        />
        <TagsField value={tags} onChange={setTags} disabled={form.busy} />
        <FormFooter error={form.error} busy={form.busy} onCancel={onClose}>
          Save secret
        </FormFooter>
      </form>
    </Dialog>
  );
}
