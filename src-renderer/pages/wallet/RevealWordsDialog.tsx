import { type FormEvent, useState } from 'react';
import { FormFooter } from '../../components/FormFooter.js';
import { errorMessage } from '../../state/errors.js';
import { walletApi } from '../../state/wallet-api.js';
import { Dialog } from '../vault/Dialog.js';
import { PassphraseInput } from '../vault/PassphraseFields.js';
import { WordGrid } from './BackupFlow.js';

/**
 * The recovery phrase again, after the backup, behind the vault passphrase. The words live only in
 * this dialog's state and go with it when it closes.
 */
export function RevealWordsDialog({ onClose }: { onClose(): void }) {
  const [passphrase, setPassphrase] = useState('');
  const [words, setWords] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const wallet = walletApi('wallet');
    if (busy || !wallet) return;
    if (!passphrase) {
      setError('Enter your vault passphrase.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      setWords((await wallet.revealWords({ passphrase })).words);
      setPassphrase('');
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title="Recovery phrase" onClose={onClose} busy={busy}>
      {words ? (
        <div className="vault-form">
          <p className="vault-dialog-text">Anyone who sees these words can take everything in this wallet.</p>
          <WordGrid words={words} />
          <div className="vault-dialog-actions">
            <button type="button" className="button vault-primary" onClick={onClose} data-autofocus>
              Hide
            </button>
          </div>
        </div>
      ) : (
        <form className="vault-form" onSubmit={submit} noValidate>
          <p className="vault-dialog-text">
            Your vault passphrase again, so a window left unlocked is not enough to read them.
          </p>
          <PassphraseInput
            label="Vault passphrase"
            value={passphrase}
            onChange={(v) => {
              setPassphrase(v);
              setError(null);
            }}
            autoComplete="current-password"
            disabled={busy}
          />
          <FormFooter error={error} busy={busy} onCancel={onClose}>
            Show words
          </FormFooter>
        </form>
      )}
    </Dialog>
  );
}
