import { type FormEvent, useState } from 'react';
import { Dialog, DialogDone } from '../../components/Dialog.js';
import { FormFooter } from '../../components/FormFooter.js';
import {
  NewPassphraseFields,
  useNewPassphrase,
  VaultPassphraseInput,
} from '../../components/PassphraseFields.js';
import { useFormAction } from '../../components/use-form-action.js';
import { useWallet } from '../../state/wallet.js';
import { shortAddress } from './units.js';

/** The file name other wallets (geth, MetaMask's import) expect: UTC--<time>--<address>.json. */
function keystoreFileName(address: string): string {
  const time = new Date().toISOString().replace(/:/g, '-');
  return `UTC--${time}--${address.toLowerCase().replace(/^0x/, '')}.json`;
}

const MESSAGES = {
  empty: 'Choose a password for the file.',
  weak: 'This password is too easy to guess.',
  mismatch: 'The two passwords do not match.',
};

/**
 * One account's key as a keystore v3 file under a new password, for another wallet. The vault
 * passphrase is asked again: an unlocked window left alone must not be enough to take the key away.
 */
export function ExportKeystoreDialog({ address, onClose }: { address: string; onClose(): void }) {
  const form = useFormAction();
  const password = useNewPassphrase(MESSAGES, form.clear);
  const [passphrase, setPassphrase] = useState('');
  const [saved, setSaved] = useState<string | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const wallet = useWallet.getState();
    const problem = password.problem();
    if (problem) return form.fail(problem);
    if (!passphrase) return form.fail('Enter your vault passphrase.');
    void form.run(async () => {
      const { json } = await wallet.exportKeystore({ address, password: password.value, passphrase });
      const name = keystoreFileName(address);
      const url = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      a.click();
      window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
      password.reset();
      setPassphrase('');
      setSaved(name);
    });
  };

  return (
    <Dialog title="Export keystore file" onClose={onClose} busy={form.busy}>
      {saved ? (
        <DialogDone closeLabel="Done" onClose={onClose}>
          <p className="dialog-text" role="status">
            Saved <span className="mono">{saved}</span> to your downloads. It opens with the password you just
            chose, in any wallet that imports keystore (JSON) files.
          </p>
        </DialogDone>
      ) : (
        <form className="form" onSubmit={submit} noValidate>
          <p className="dialog-text">
            The key of <span className="mono">{shortAddress(address)}</span>, encrypted (scrypt) under a new
            password. Anyone with the file and the password controls this account.
          </p>
          <NewPassphraseFields
            label="File password"
            confirmLabel="Confirm file password"
            mismatchText="Does not match the password above."
            passphrase={password}
            disabled={form.busy}
          />
          <VaultPassphraseInput value={passphrase} onChange={form.edit(setPassphrase)} disabled={form.busy} />
          <FormFooter error={form.error} busy={form.busy} onCancel={onClose}>
            {form.busy ? 'Encrypting…' : 'Export'}
          </FormFooter>
        </form>
      )}
    </Dialog>
  );
}
