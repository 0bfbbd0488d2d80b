import { type FormEvent, useRef, useState } from 'react';
import { Dialog } from '../../components/Dialog.js';
import { FormFooter } from '../../components/FormFooter.js';
import { NewPassphraseFields, PassphraseInput, useNewPassphrase } from '../../components/PassphraseFields.js';
import { useFormAction } from '../../components/use-form-action.js';
import { useVault } from '../../state/vault.js';

const MESSAGES = {
  empty: 'Choose a new passphrase.',
  weak: 'The new passphrase is too easy to guess.',
  mismatch: 'The new passphrases do not match.',
};

interface Props {
  onClose(): void;
  onChanged(): void;
}

/** Rewraps the vault key under a new passphrase; the data itself is not re-encrypted. */
export function ChangePassphraseDialog({ onClose, onChanged }: Props) {
  const form = useFormAction();
  const [current, setCurrent] = useState('');
  const next = useNewPassphrase(MESSAGES, form.clear);
  const currentRef = useRef<HTMLInputElement>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!current) return form.fail('Enter your current passphrase.', currentRef);
    const problem = next.problem();
    if (problem) return form.fail(problem);
    if (next.value === current) {
      return form.fail('The new passphrase is the same as the current one.', next.inputRef);
    }
    void form.run(
      async () => {
        await useVault.getState().changePassphrase({ current, next: next.value });
        onChanged();
      },
      () => currentRef.current?.focus(),
    );
  };

  return (
    <Dialog title="Change passphrase" onClose={onClose} busy={form.busy}>
      <form className="form" onSubmit={submit} noValidate>
        <p className="dialog-text">
          Your data is not re-encrypted: only the key that opens it is wrapped again under the new passphrase.
          The old passphrase stops working at once. Like the old one, the new passphrase cannot be recovered.
        </p>
        <PassphraseInput
          label="Current passphrase"
          value={current}
          onChange={form.edit(setCurrent)}
          autoComplete="current-password"
          inputRef={currentRef}
          disabled={form.busy}
          autoFocus
        />
        <NewPassphraseFields
          label="New passphrase"
          confirmLabel="Confirm new passphrase"
          mismatchText="Does not match the new passphrase."
          passphrase={next}
          disabled={form.busy}
        />
        <FormFooter
          error={form.error}
          busy={form.busy}
          onCancel={onClose}
          busyNote="This takes a few seconds…"
        >
          Change passphrase
        </FormFooter>
      </form>
    </Dialog>
  );
}
