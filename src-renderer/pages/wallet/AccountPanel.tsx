import { type FormEvent, useId, useState } from 'react';
import type { WalletAccount } from '../../../src-shared/domain/wallet.js';
import { Button } from '../../components/Button.js';
import { FormError } from '../../components/FormError.js';
import { DownloadIcon } from '../../components/icons.js';
import { TextField } from '../../components/TextField.js';
import { useFormAction } from '../../components/use-form-action.js';
import { accountLabel, useWallet } from '../../state/wallet.js';
import { Balances } from './Balances.js';
import { CopyButton } from './CopyButton.js';
import { Identicon } from './Identicon.js';

interface AccountPanelProps {
  account: WalletAccount;
  onSend(): void;
  onExport(): void;
}

/** One account: its name (renamable), full address, balances, and what can be done with it. */
export function AccountPanel({ account, onSend, onExport }: AccountPanelProps) {
  return (
    <section
      className="wallet-panel"
      aria-label={`Account ${accountLabel(account)}`}
      data-testid="wallet-account"
    >
      <div className="wallet-panel-head">
        <Identicon address={account.address} size={40} />
        <div className="wallet-panel-heading">
          <AccountName key={account.address} account={account} />
          <div className="wallet-address-row">
            <span className="mono wallet-address" data-testid="wallet-address">
              {account.address}
            </span>
            <CopyButton text={account.address} label="Copy address" />
          </div>
          <div className="hint">
            {account.source === 'hd'
              ? `From your recovery phrase, account #${(account.index ?? 0) + 1}`
              : 'Imported key'}
          </div>
        </div>
      </div>

      <Balances address={account.address} />

      <div className="wallet-panel-actions">
        <Button variant="primary" onClick={onSend}>
          Send
        </Button>
        <Button onClick={onExport}>
          <DownloadIcon size={14} /> Export keystore
        </Button>
      </div>
    </section>
  );
}

/** The name as a heading, turned into a field by "Rename"; Escape puts it back. */
function AccountName({ account }: { account: WalletAccount }) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(account.name ?? '');
  const form = useFormAction();
  const { busy, error } = form;
  const errorId = useId();

  const save = (e: FormEvent) => {
    e.preventDefault();
    const wallet = useWallet.getState();
    const trimmed = name.trim();
    if (!trimmed) return form.fail('A name cannot be empty.');
    void form.run(async () => {
      useWallet
        .getState()
        .putAccount(await wallet.renameAccount({ address: account.address, name: trimmed }));
      setEditing(false);
    });
  };

  if (!editing) {
    return (
      <div className="wallet-name-row">
        <h3 className="wallet-panel-title">{accountLabel(account)}</h3>
        <Button
          variant="link"
          size="sm"
          onClick={() => {
            setName(account.name ?? accountLabel(account));
            setEditing(true);
          }}
        >
          Rename
        </Button>
      </div>
    );
  }
  return (
    <form className="wallet-name-row" onSubmit={save} noValidate>
      <TextField
        variant="inline"
        hideLabel
        label="Account name"
        className="wallet-name-input"
        size="sm"
        value={name}
        maxLength={64}
        focusOnMount
        disabled={busy}
        invalid={error !== null}
        describedBy={error ? errorId : undefined}
        onChange={setName}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            setEditing(false);
            form.clear();
          }
        }}
      />
      <Button type="submit" variant="primary" size="sm" disabled={busy}>
        Save
      </Button>
      <Button size="sm" onClick={() => setEditing(false)} disabled={busy}>
        Cancel
      </Button>
      <FormError id={errorId} error={error} />
    </form>
  );
}
