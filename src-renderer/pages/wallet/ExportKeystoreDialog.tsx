import { type FormEvent, useRef, useState } from 'react';
import { FormFooter } from '../../components/FormFooter.js';
import { errorMessage } from '../../state/errors.js';
import { walletApi } from '../../state/wallet-api.js';
import { Dialog } from '../vault/Dialog.js';
import { NewPassphraseFields, PassphraseInput, useStrength } from '../vault/PassphraseFields.js';
import { MIN_SCORE } from '../vault/strength.js';
import { shortAddress } from './units.js';

/** The file name other wallets (geth, MetaMask's import) expect: UTC--<time>--<address>.json. */
function keystoreFileName(address: string): string {
  const time = new Date().toISOString().replace(/:/g, '-');
  return `UTC--${time}--${address.toLowerCase().replace(/^0x/, '')}.json`;
}

/**
 * One account's key as a keystore v3 file under a new password, for another wallet. The vault
 * passphrase is asked again: an unlocked window left alone must not be enough to take the key away.
 */
export function ExportKeystoreDialog({ address, onClose }: { address: string; onClose(): void }) {
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const strength = useStrength(password);
  const firstRef = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLInputElement>(null);
  const mismatch = confirm.length > 0 && !password.startsWith(confirm);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const wallet = walletApi('wallet');
    if (busy || !wallet) return;
    if (!password || strength.score < MIN_SCORE) {
      setError(
        password
          ? `This password is too easy to guess. ${strength.advice}`
          : 'Choose a password for the file.',
      );
      firstRef.current?.focus();
      return;
    }
    if (password !== confirm) {
      setError('The two passwords do not match.');
      confirmRef.current?.focus();
      return;
    }
    if (!passphrase) {
      setError('Enter your vault passphrase.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const { json } = await wallet.exportKeystore({ address, password, passphrase });
      const name = keystoreFileName(address);
      const url = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      a.click();
      window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setPassword('');
      setConfirm('');
      setPassphrase('');
      setSaved(name);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title="Export keystore file" onClose={onClose} busy={busy}>
      {saved ? (
        <div className="vault-form">
          <p className="vault-dialog-text" role="status">
            Saved <span className="mono">{saved}</span> to your downloads. It opens with the password you just
            chose, in any wallet that imports keystore (JSON) files.
          </p>
          <div className="vault-dialog-actions">
            <button type="button" className="button vault-primary" onClick={onClose} data-autofocus>
              Done
            </button>
          </div>
        </div>
      ) : (
        <form className="vault-form" onSubmit={submit} noValidate>
          <p className="vault-dialog-text">
            The key of <span className="mono">{shortAddress(address)}</span>, encrypted (scrypt) under a new
            password. Anyone with the file and the password controls this account.
          </p>
          <NewPassphraseFields
            label="File password"
            confirmLabel="Confirm file password"
            mismatchText="Does not match the password above."
            value={password}
            confirm={confirm}
            onValue={(v) => {
              setPassword(v);
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
            {busy ? 'Encrypting…' : 'Export'}
          </FormFooter>
        </form>
      )}
    </Dialog>
  );
}
