import { type FormEvent, useId, useState } from 'react';
import type { VaultItem } from '../../../src-shared/domain/vault.js';
import { client } from '../../bridge.js';
import { FormFooter } from '../../components/FormFooter.js';
import { vaultErrorMessage } from '../../state/vault.js';
import { Dialog } from './Dialog.js';
import { parseTags } from './format.js';
import { PassphraseInput } from './PassphraseFields.js';

interface AddProps {
  onClose(): void;
  onAdded(item: VaultItem): void;
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
  const id = useId();
  const hintId = useId();
  return (
    <div className="vault-field">
      <label htmlFor={id} className="vault-label">
        Tags
      </label>
      <input
        id={id}
        className="vault-input"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={hintId}
        disabled={disabled}
        autoComplete="off"
      />
      <p id={hintId} className="field-hint">
        Optional, separated by commas.
      </p>
    </div>
  );
}

/** A text note, saved into the folder being shown. */
export function NoteDialog({ parentId, onClose, onAdded }: AddProps & { parentId: string | null }) {
  const nameId = useId();
  const textId = useId();
  const [name, setName] = useState('');
  const [text, setText] = useState('');
  const [tags, setTags] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) {
      setError('Give the note a name.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onAdded(await client.vault.addNote({ name: name.trim(), text, tags: parseTags(tags), parentId }));
    } catch (err) {
      setError(vaultErrorMessage(err));
      setBusy(false);
    }
  };

  return (
    <Dialog title="Add note" onClose={onClose} busy={busy}>
      <form className="vault-form" onSubmit={submit} noValidate>
        <div className="vault-field">
          <label htmlFor={nameId} className="vault-label">
            Name
          </label>
          <input
            id={nameId}
            className="vault-input"
            value={name}
            onChange={(e) => setName(e.target.value)}
            maxLength={255}
            disabled={busy}
            autoComplete="off"
            data-autofocus
          />
        </div>
        <div className="vault-field">
          <label htmlFor={textId} className="vault-label">
            Text
          </label>
          <textarea
            id={textId}
            className="vault-input vault-textarea"
            value={text}
            onChange={(e) => setText(e.target.value)}
            rows={8}
            disabled={busy}
          />
        </div>
        <TagsField value={tags} onChange={setTags} disabled={busy} />
        <FormFooter error={error} busy={busy} onCancel={onClose}>
          Save note
        </FormFooter>
      </form>
    </Dialog>
  );
}

/** A password or API key: shown only when revealed. Secrets live at the top level. */
export function SecretDialog({ onClose, onAdded }: AddProps) {
  const nameId = useId();
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const [tags, setTags] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) {
      setError('Give the secret a name.');
      return;
    }
    if (!value) {
      setError('Enter the secret’s value.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onAdded(await client.vault.addSecret({ name: name.trim(), value, tags: parseTags(tags) }));
    } catch (err) {
      setError(vaultErrorMessage(err));
      setBusy(false);
    }
  };

  return (
    <Dialog title="Add secret" onClose={onClose} busy={busy}>
      <form className="vault-form" onSubmit={submit} noValidate>
        <div className="vault-field">
          <label htmlFor={nameId} className="vault-label">
            Name
          </label>
          <input
            id={nameId}
            className="vault-input"
            value={name}
            onChange={(e) => setName(e.target.value)}
            maxLength={255}
            disabled={busy}
            autoComplete="off"
            placeholder="e.g. GitHub token"
            data-autofocus
          />
        </div>
        <PassphraseInput
          label="Value"
          value={value}
          onChange={setValue}
          autoComplete="new-password"
          disabled={busy}
        />
        <TagsField value={tags} onChange={setTags} disabled={busy} />
        <FormFooter error={error} busy={busy} onCancel={onClose}>
          Save secret
        </FormFooter>
      </form>
    </Dialog>
  );
}
