import { type FormEvent, useId } from 'react';
import { FormError } from '../../components/FormError.js';
import { FormActions } from '../../components/FormFooter.js';
import { GateCard } from '../../components/GateCard.js';
import { LockIcon } from '../../components/icons.js';
import { NewPassphraseFields, useNewPassphrase } from '../../components/PassphraseFields.js';
import { useFormAction } from '../../components/use-form-action.js';
import { useVault } from '../../state/vault.js';

const MESSAGES = {
  empty: 'Choose a passphrase.',
  weak: 'This passphrase is too easy to guess.',
  mismatch: 'The two passphrases do not match.',
};

/** First run: choose the passphrase that protects the vault. */
export function CreateVault() {
  const form = useFormAction();
  const passphrase = useNewPassphrase(MESSAGES, form.clear);
  const errorId = useId();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problem = passphrase.problem();
    if (problem) return form.fail(problem);
    void form.run(
      () => useVault.getState().create(passphrase.value),
      () => passphrase.inputRef.current?.focus(),
    );
  };

  return (
    <GateCard Icon={LockIcon} titleId="vault-create-title" title="Set up your vault">
      <p className="gate-text">
        Files, notes and secrets you keep here are encrypted on this machine with your passphrase. They stay
        readable with standard <span className="mono">age</span> tools, so you can always get them out.
      </p>
      <ul className="facts">
        <li>
          <strong>Your passphrase cannot be recovered.</strong> If you forget it, nobody — not even Sahel —
          can open the vault. Write it down and keep it somewhere safe.
        </li>
        <li>
          Unlocking takes a second or two: the key is derived with Argon2id, which makes every guess slow for
          an attacker too.
        </li>
      </ul>
      <form className="form" onSubmit={submit} noValidate aria-describedby={form.error ? errorId : undefined}>
        <NewPassphraseFields
          label="Passphrase"
          confirmLabel="Confirm passphrase"
          mismatchText="Does not match the passphrase above."
          passphrase={passphrase}
          disabled={form.busy}
        />
        <FormError error={form.error} id={errorId} />
        <FormActions busy={form.busy} busyNote="Deriving your key. This takes a second or two.">
          {form.busy ? 'Creating vault…' : 'Create vault'}
        </FormActions>
      </form>
    </GateCard>
  );
}
