import { type FormEvent, useRef, useState } from 'react';
import { client } from '../../bridge.js';
import { errorMessage } from '../../state/errors.js';
import { useVault } from '../../state/vault.js';
import { Dialog } from './Dialog.js';
import { NewPassphraseFields, PassphraseInput, useStrength } from './PassphraseFields.js';
import { MIN_SCORE } from './strength.js';

interface Props {
  onClose(): void;
  onChanged(): void;
}

/** Rewraps the vault key under a new passphrase; the data itself is not re-encrypted. */
export function ChangePassphraseDialog({ onClose, onChanged }: Props) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const strength = useStrength(next);
  const currentRef = useRef<HTMLInputElement>(null);
  const nextRef = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLInputElement>(null);
  const mismatch = confirm.length > 0 && !next.startsWith(confirm);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    if (!current) {
      setError('Enter your current passphrase.');
      currentRef.current?.focus();
      return;
    }
    if (!next || strength.score < MIN_SCORE) {
      setError(
        next ? `The new passphrase is too easy to guess. ${strength.advice}` : 'Choose a new passphrase.',
      );
      nextRef.current?.focus();
      return;
    }
    if (next !== confirm) {
      setError('The new passphrases do not match.');
      confirmRef.current?.focus();
      return;
    }
    if (next === current) {
      setError('The new passphrase is the same as the current one.');
      nextRef.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      useVault.getState().received(await client.vault.changePassphrase({ current, next }));
      onChanged();
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
      currentRef.current?.focus();
    }
  };

  return (
    <Dialog title="Change passphrase" onClose={onClose} busy={busy}>
      <form className="vault-form" onSubmit={submit} noValidate>
        <p className="vault-dialog-text">
          Your data is not re-encrypted: only the key that opens it is wrapped again under the new passphrase.
          The old passphrase stops working at once. Like the old one, the new passphrase cannot be recovered.
        </p>
        <PassphraseInput
          label="Current passphrase"
          value={current}
          onChange={(v) => {
            setCurrent(v);
            setError(null);
          }}
          autoComplete="current-password"
          inputRef={currentRef}
          disabled={busy}
          autoFocus
        />
        <NewPassphraseFields
          label="New passphrase"
          confirmLabel="Confirm new passphrase"
          mismatchText="Does not match the new passphrase."
          value={next}
          confirm={confirm}
          onValue={(v) => {
            setNext(v);
            setError(null);
          }}
          onConfirm={(v) => {
            setConfirm(v);
            setError(null);
          }}
          strength={strength}
          mismatch={mismatch}
          disabled={busy}
          inputRef={nextRef}
          confirmRef={confirmRef}
        />
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <div className="vault-dialog-actions">
          {busy && (
            <span className="muted vault-dialog-busy" role="status">
              This takes a few seconds…
            </span>
          )}
          <button type="button" className="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="button vault-primary" disabled={busy}>
            {busy && <span className="spinner" aria-hidden="true" />}
            Change passphrase
          </button>
        </div>
      </form>
    </Dialog>
  );
}
