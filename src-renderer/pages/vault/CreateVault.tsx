import { type FormEvent, useId, useRef, useState } from 'react';
import { client } from '../../bridge.js';
import { errorMessage } from '../../state/errors.js';
import { useVault } from '../../state/vault.js';
import { NewPassphraseFields, useStrength } from './PassphraseFields.js';
import { MIN_SCORE } from './strength.js';
import { LockIcon } from './vault-icons.js';

/** First run: choose the passphrase that protects the vault. */
export function CreateVault() {
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const strength = useStrength(passphrase);
  const firstRef = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLInputElement>(null);
  const errorId = useId();

  // Say so as soon as the confirmation cannot match any more, not on every keystroke before.
  const mismatch = confirm.length > 0 && !passphrase.startsWith(confirm);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    if (!passphrase) {
      setError('Choose a passphrase.');
      firstRef.current?.focus();
      return;
    }
    if (strength.score < MIN_SCORE) {
      setError(`This passphrase is too easy to guess. ${strength.advice}`);
      firstRef.current?.focus();
      return;
    }
    if (passphrase !== confirm) {
      setError('The two passphrases do not match.');
      confirmRef.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const state = await client.vault.create({ passphrase });
      useVault.getState().received(state);
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
      firstRef.current?.focus();
    }
  };

  return (
    <section className="vault-card vault-gate" aria-labelledby="vault-create-title">
      <div className="vault-gate-icon">
        <LockIcon size={20} />
      </div>
      <h2 id="vault-create-title" className="vault-gate-title">
        Set up your vault
      </h2>
      <p className="vault-gate-text">
        Files, notes and secrets you keep here are encrypted on this machine with your passphrase. They stay
        readable with standard <span className="mono">age</span> tools, so you can always get them out.
      </p>
      <ul className="vault-facts">
        <li>
          <strong>Your passphrase cannot be recovered.</strong> If you forget it, nobody — not even Sahel —
          can open the vault. Write it down and keep it somewhere safe.
        </li>
        <li>
          Unlocking takes a second or two: the key is derived with Argon2id, which makes every guess slow for
          an attacker too.
        </li>
      </ul>
      <form
        className="vault-form"
        onSubmit={submit}
        noValidate
        aria-describedby={error ? errorId : undefined}
      >
        <NewPassphraseFields
          label="Passphrase"
          confirmLabel="Confirm passphrase"
          mismatchText="Does not match the passphrase above."
          value={passphrase}
          confirm={confirm}
          onValue={(v) => {
            setPassphrase(v);
            setError(null);
          }}
          onConfirm={(v) => {
            setConfirm(v);
            setError(null);
          }}
          strength={strength}
          mismatch={mismatch}
          disabled={busy}
          inputRef={firstRef}
          confirmRef={confirmRef}
        />
        {error && (
          <p id={errorId} className="field-error" role="alert">
            {error}
          </p>
        )}
        <div className="vault-form-actions">
          <button type="submit" className="button vault-primary" disabled={busy} aria-busy={busy}>
            {busy && <span className="spinner" aria-hidden="true" />}
            {busy ? 'Creating vault…' : 'Create vault'}
          </button>
          {busy && (
            <span className="muted" role="status">
              Deriving your key. This takes a second or two.
            </span>
          )}
        </div>
      </form>
    </section>
  );
}
