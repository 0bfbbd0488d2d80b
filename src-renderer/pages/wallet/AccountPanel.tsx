import { type FormEvent, useState } from 'react';
import type { WalletAccount } from '../../../src-shared/domain/wallet.js';
import { Button } from '../../components/Button.js';
import { FormError } from '../../components/FormError.js';
import { DownloadIcon } from '../../components/icons.js';
import { RetryError } from '../../components/RetryError.js';
import { useFormAction } from '../../components/use-form-action.js';
import { useAccountBalances, useTx } from '../../state/tx.js';
import { accountLabel, useWallet } from '../../state/wallet.js';
import { CopyButton } from './CopyButton.js';
import { Identicon } from './Identicon.js';
import { formatUnits, NATIVE_DECIMALS, NATIVE_SYMBOL } from './units.js';

interface AccountPanelProps {
  account: WalletAccount;
  onSend(): void;
  onExport(): void;
}

/** One account: its name (renamable), full address, balances, and what can be done with it. */
export function AccountPanel({ account, onSend, onExport }: AccountPanelProps) {
  const balances = useAccountBalances(account.address);
  const balancesError = useTx((s) => s.balancesError);
  const asOf = useTx((s) => s.balances?.asOf);

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

      <div className="wallet-balances" data-testid="wallet-balances">
        {balancesError && !balances ? (
          <RetryError onRetry={() => useTx.getState().loadBalances()}>
            Could not read balances: {balancesError}
          </RetryError>
        ) : !balances ? (
          <p className="muted">Reading balances…</p>
        ) : (
          <table className="wallet-balance-table">
            <tbody>
              <tr>
                <th scope="row">{NATIVE_SYMBOL}</th>
                <td className="mono" data-testid="wallet-native-balance">
                  {formatUnits(balances.native, NATIVE_DECIMALS, 6)}
                </td>
              </tr>
              {balances.tokens.map((t) => (
                <tr key={t.token}>
                  <th scope="row" title={t.token}>
                    {t.symbol}
                  </th>
                  <td className="mono">{formatUnits(t.balance, t.decimals, 6)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {asOf?.stale && (
          <p className="muted" role="status" data-testid="wallet-balances-stale">
            The network does not answer: these are the balances of block {asOf.block.toLocaleString()}, read{' '}
            {new Date(asOf.at).toLocaleString()}.
          </p>
        )}
      </div>

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
      <input
        className="field-input wallet-name-input"
        aria-label="Account name"
        value={name}
        maxLength={64}
        // biome-ignore lint/a11y/noAutofocus: the user just asked to edit this very field.
        autoFocus
        disabled={busy}
        onChange={(e) => setName(e.target.value)}
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
      <FormError error={error} />
    </form>
  );
}
