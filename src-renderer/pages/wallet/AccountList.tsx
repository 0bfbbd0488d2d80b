import { type FormEvent, useState } from 'react';
import { Button } from '../../components/Button.js';
import { Dialog } from '../../components/Dialog.js';
import { FormFooter } from '../../components/FormFooter.js';
import { PlusIcon } from '../../components/icons.js';
import { TextField } from '../../components/TextField.js';
import { useFormAction } from '../../components/use-form-action.js';
import { useTx } from '../../state/tx.js';
import { accountLabel, useWallet } from '../../state/wallet.js';
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
            <Button size="sm" onClick={() => setAdding(true)}>
              <PlusIcon size={14} /> Add account
            </Button>
          )}
          <Button size="sm" onClick={() => setImporting(true)}>
            Import
          </Button>
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
  const form = useFormAction();
  const [name, setName] = useState(`Account ${next}`);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const wallet = useWallet.getState();
    if (!name.trim()) return form.fail('Give the account a name.');
    void form.run(async () => {
      const account = await wallet.addAccount({ name: name.trim() });
      useWallet.getState().putAccount(account);
      useWallet.getState().select(account.address);
      void useTx.getState().loadBalances();
      onClose();
    });
  };

  return (
    <Dialog title="Add account" onClose={onClose} busy={form.busy}>
      <form className="form" onSubmit={submit} noValidate>
        <p className="dialog-text">
          The next account from your recovery phrase: restoring the phrase elsewhere brings it back too.
        </p>
        <TextField
          label="Name"
          value={name}
          maxLength={64}
          onChange={setName}
          autoFocus
          disabled={form.busy}
        />
        <FormFooter error={form.error} busy={form.busy} onCancel={onClose}>
          Add account
        </FormFooter>
      </form>
    </Dialog>
  );
}
