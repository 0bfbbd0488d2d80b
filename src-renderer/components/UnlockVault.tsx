import { type FormEvent, useId, useRef, useState } from 'react';
import { useVault } from '../state/vault.js';
import { Button } from './Button.js';
import { FormError } from './FormError.js';
import { FormActions } from './FormFooter.js';
import { plural } from './format.js';
import { GateCard } from './GateCard.js';
import { LockIcon } from './icons.js';
import { PassphraseInput } from './PassphraseFields.js';
import { useFormAction } from './use-form-action.js';
import { useSecondsUntil } from './use-seconds-until.js';

/** The vault exists and is locked: ask for the passphrase. */
export function UnlockVault() {
  const items = useVault((s) => s.state?.items ?? null);
  const retryAt = useVault((s) => s.retryAt);
  const deviceEnabled = useVault((s) => s.state?.deviceUnlock === 'enabled');
  const wait = useSecondsUntil(retryAt);
  const form = useFormAction();
  const [passphrase, setPassphrase] = useState('');
  const inputRef = useRef<HTMLInputElement>(null);
  const errorId = useId();
  const waitId = useId();
  const { busy, error } = form;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (wait > 0) return;
    if (!passphrase) return form.fail('Enter your passphrase.', inputRef);
    void form.run(
      () => useVault.getState().unlock(passphrase),
      async () => {
        // The owner may now ask us to wait before the next attempt.
        await useVault.getState().loadState();
        inputRef.current?.focus();
        inputRef.current?.select();
      },
    );
  };

  const describedBy = [error ? errorId : '', wait > 0 ? waitId : ''].filter(Boolean).join(' ') || undefined;

  return (
    <GateCard Icon={LockIcon} titleId="vault-unlock-title" title="Your vault is locked">
      <p className="gate-text">
        Enter your passphrase to unlock it
        {items ? ` (${plural(items, 'item')})` : ''}. Unlocking takes a second or two.
      </p>
      <form className="form" onSubmit={submit} noValidate>
        <PassphraseInput
          label="Passphrase"
          value={passphrase}
          onChange={form.edit(setPassphrase)}
          autoComplete="current-password"
          describedBy={describedBy}
          invalid={error !== null}
          inputRef={inputRef}
          disabled={busy}
        />
        <FormError error={error} id={errorId} />
        {wait > 0 && (
          <p id={waitId} className="field-note">
            After a wrong passphrase, the next attempt waits: you can try again in {plural(wait, 'second')}.
          </p>
        )}
        <FormActions busy={busy} disabled={wait > 0} busyNote="Checking your passphrase…">
          {busy ? 'Unlocking…' : wait > 0 ? `Unlock (${wait} s)` : 'Unlock'}
        </FormActions>
      </form>
      {deviceEnabled && (
        <Button
          className="vault-device-unlock"
          disabled={busy}
          onClick={() => void form.run(() => useVault.getState().unlockWithDevice())}
        >
          Unlock with this device
        </Button>
      )}
    </GateCard>
  );
}
