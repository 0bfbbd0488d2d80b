import { type FormEvent, useState } from 'react';
import { Dialog, DialogDone } from '../../components/Dialog.js';
import { FormFooter } from '../../components/FormFooter.js';
import { VaultPassphraseInput } from '../../components/PassphraseFields.js';
import { useFormAction } from '../../components/use-form-action.js';
import { useWallet } from '../../state/wallet.js';
import { WordGrid } from './BackupFlow.js';

/**
 * The recovery phrase again, after the backup, behind the vault passphrase. The words live only in
 * this dialog's state and go with it when it closes.
 */
export function RevealWordsDialog({ onClose }: { onClose(): void }) {
  const form = useFormAction();
  const [passphrase, setPassphrase] = useState('');
  const [words, setWords] = useState<string[] | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const wallet = useWallet.getState();
    if (!passphrase) return form.fail('Enter your vault passphrase.');
    void form.run(async () => {
      setWords((await wallet.revealWords({ passphrase })).words);
      setPassphrase('');
    });
  };

  return (
    <Dialog title="Recovery phrase" onClose={onClose} busy={form.busy}>
      {words ? (
        <DialogDone closeLabel="Hide" onClose={onClose}>
          <p className="dialog-text">Anyone who sees these words can take everything in this wallet.</p>
          <WordGrid words={words} />
        </DialogDone>
      ) : (
        <form className="form" onSubmit={submit} noValidate>
          <p className="dialog-text">
            Your vault passphrase again, so a window left unlocked is not enough to read them.
          </p>
          <VaultPassphraseInput value={passphrase} onChange={form.edit(setPassphrase)} disabled={form.busy} />
          <FormFooter error={form.error} busy={form.busy} onCancel={onClose}>
            Show words
          </FormFooter>
        </form>
      )}
    </Dialog>
  );
}
