import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { client } from '../../bridge.js';
import { errorMessage } from '../../state/errors.js';
import { useVault } from '../../state/vault.js';
import { plural } from './format.js';
import { PassphraseInput } from './PassphraseFields.js';
import { LockIcon } from './vault-icons.js';

/** Whole seconds until `at` (epoch ms), ticking once a second while positive. */
function useCountdown(at: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (at <= Date.now()) return;
    setNow(Date.now());
    const timer = window.setInterval(() => {
      setNow(Date.now());
      if (Date.now() >= at) window.clearInterval(timer);
    }, 250);
    return () => window.clearInterval(timer);
  }, [at]);
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/** The vault exists and is locked: ask for the passphrase. */
export function UnlockVault() {
  const items = useVault((s) => s.state?.items ?? null);
  const retryAt = useVault((s) => s.retryAt);
  const deviceEnabled = useVault((s) => s.state?.deviceUnlock === 'enabled');
  const wait = useCountdown(retryAt);
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const errorId = useId();
  const waitId = useId();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || wait > 0) return;
    if (!passphrase) {
      setError('Enter your passphrase.');
      inputRef.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const state = await client.vault.unlock({ passphrase });
      useVault.getState().received(state);
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
      // The owner may now ask us to wait before the next attempt.
      await useVault.getState().loadState();
      inputRef.current?.focus();
      inputRef.current?.select();
    }
  };

  const describedBy = [error ? errorId : '', wait > 0 ? waitId : ''].filter(Boolean).join(' ') || undefined;

  return (
    <section className="vault-card vault-gate" aria-labelledby="vault-unlock-title">
      <div className="vault-gate-icon">
        <LockIcon size={20} />
      </div>
      <h2 id="vault-unlock-title" className="vault-gate-title">
        Your vault is locked
      </h2>
      <p className="vault-gate-text">
        Enter your passphrase to unlock it
        {items ? ` (${plural(items, 'item')})` : ''}. Unlocking takes a second or two.
      </p>
      <form className="vault-form" onSubmit={submit} noValidate>
        <PassphraseInput
          label="Passphrase"
          value={passphrase}
          onChange={(v) => {
            setPassphrase(v);
            setError(null);
          }}
          autoComplete="current-password"
          describedBy={describedBy}
          invalid={error !== null}
          inputRef={inputRef}
          disabled={busy}
        />
        {error && (
          <p id={errorId} className="field-error" role="alert">
            {error}
          </p>
        )}
        {wait > 0 && (
          <p id={waitId} className="vault-field-note">
            After a wrong passphrase, the next attempt waits: you can try again in {plural(wait, 'second')}.
          </p>
        )}
        <div className="vault-form-actions">
          <button type="submit" className="button vault-primary" disabled={busy || wait > 0} aria-busy={busy}>
            {busy && <span className="spinner" aria-hidden="true" />}
            {busy ? 'Unlocking…' : wait > 0 ? `Unlock (${wait} s)` : 'Unlock'}
          </button>
          {busy && (
            <span className="muted" role="status">
              Checking your passphrase…
            </span>
          )}
        </div>
      </form>
      {deviceEnabled && (
        <button
          type="button"
          className="button vault-device-unlock"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            setError(null);
            client.vault
              .unlockWithDevice({})
              .then((state) => useVault.getState().received(state))
              .catch((err: unknown) => {
                setError(errorMessage(err));
                setBusy(false);
              });
          }}
        >
          Unlock with this device
        </button>
      )}
    </section>
  );
}
