import { type FormEvent, useId, useState } from 'react';
import { errorMessage } from '../../state/errors.js';
import { useTx } from '../../state/tx.js';
import { accountLabel, useWallet } from '../../state/wallet.js';
import { walletApi } from '../../state/wallet-api.js';
import { Dialog } from '../vault/Dialog.js';
import { PlusIcon } from '../vault/vault-icons.js';
import { Identicon } from './Identicon.js';
import { ImportForm } from './ImportForm.js';
import { formatUnits, NATIVE_DECIMALS, NATIVE_SYMBOL, shortAddress } from './units.js';

/** Every account, with its native balance; picking one shows it beside the list. */
export function AccountList() {
  const accounts = useWallet((s) => s.accounts);
  const selected = useWallet((s) => s.selected);
  const hasSeed = useWallet((s) => s.status?.seed ?? false);
  const balances = useTx((s) => s.balances);
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);

  return (
    <section className="wallet-accounts" aria-labelledby="wallet-accounts-title">
      <div className="wallet-section-head">
        <h2 id="wallet-accounts-title" className="wallet-section-title">
          Accounts
        </h2>
        <div className="wallet-section-actions">
          {hasSeed && (
            <button type="button" className="button wallet-small" onClick={() => setAdding(true)}>
              <PlusIcon size={14} /> Add account
            </button>
          )}
          <button type="button" className="button wallet-small" onClick={() => setImporting(true)}>
            Import
          </button>
        </div>
      </div>
      {accounts === null ? (
        <p className="muted">Loading…</p>
      ) : (
        <ul className="wallet-account-list">
          {accounts.map((a) => {
            const native = balances?.accounts.find(
              (b) => b.address.toLowerCase() === a.address.toLowerCase(),
            );
            const current = a.address === (selected ?? accounts[0]?.address);
            return (
              <li key={a.address}>
                <button
                  type="button"
                  className="wallet-account"
                  aria-current={current || undefined}
                  onClick={() => useWallet.getState().select(a.address)}
                >
                  <Identicon address={a.address} />
                  <span className="wallet-account-body">
                    <span className="wallet-account-name">{accountLabel(a)}</span>
                    <span className="wallet-account-address mono">{shortAddress(a.address)}</span>
                  </span>
                  <span className="wallet-account-balance mono">
                    {native ? `${formatUnits(native.native, NATIVE_DECIMALS, 4)} ${NATIVE_SYMBOL}` : ''}
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {adding && <AddAccountDialog next={(accounts ?? []).length + 1} onClose={() => setAdding(false)} />}
      {importing && (
        <Dialog title="Import an account" onClose={() => setImporting(false)}>
          <ImportForm
            withPhrase={!hasSeed}
            onDone={() => {
              setImporting(false);
              void useTx.getState().loadBalances();
            }}
          />
        </Dialog>
      )}
    </section>
  );
}

function AddAccountDialog({ next, onClose }: { next: number; onClose(): void }) {
  const [name, setName] = useState(`Account ${next}`);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const nameId = useId();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const wallet = walletApi('wallet');
    if (busy || !wallet) return;
    if (!name.trim()) {
      setError('Give the account a name.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const account = await wallet.addAccount({ name: name.trim() });
      useWallet.getState().putAccount(account);
      useWallet.getState().select(account.address);
      void useTx.getState().loadBalances();
      onClose();
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <Dialog title="Add account" onClose={onClose} busy={busy}>
      <form className="vault-form" onSubmit={submit} noValidate>
        <p className="vault-dialog-text">
          The next account from your recovery phrase: restoring the phrase elsewhere brings it back too.
        </p>
        <div className="vault-field">
          <label htmlFor={nameId} className="vault-label">
            Name
          </label>
          <input
            id={nameId}
            className="vault-input"
            value={name}
            maxLength={64}
            onChange={(e) => setName(e.target.value)}
            data-autofocus
            disabled={busy}
          />
        </div>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <div className="vault-dialog-actions">
          <button type="button" className="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="button vault-primary" disabled={busy} aria-busy={busy}>
            Add account
          </button>
        </div>
      </form>
    </Dialog>
  );
}
