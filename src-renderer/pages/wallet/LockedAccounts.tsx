import { useEffect } from 'react';
import { useTx } from '../../state/tx.js';
import { accountLabel, useWallet } from '../../state/wallet.js';
import { Balances } from './Balances.js';
import { Identicon } from './Identicon.js';

/**
 * The accounts while the vault is locked: addresses are stored readable and balances are public on
 * chain, so they show; names are sealed by the vault (the owner answers null) and sending needs the
 * keys, so those wait for the unlock.
 */
export function LockedAccounts() {
  const accounts = useWallet((s) => s.accounts);
  const exists = useWallet((s) => s.status?.exists === true);

  useEffect(() => {
    if (exists) void useTx.getState().loadBalances();
  }, [exists]);

  if (!exists || !accounts || accounts.length === 0) return null;
  return (
    <section className="wallet-locked-accounts" aria-labelledby="wallet-locked-accounts-title">
      <h2 id="wallet-locked-accounts-title" className="wallet-section-title">
        Balances
      </h2>
      <ul className="wallet-locked-list">
        {accounts.map((a) => (
          <li key={a.address} className="wallet-panel" data-testid="wallet-locked-account">
            <div className="wallet-panel-head">
              <Identicon address={a.address} size={32} />
              <div className="wallet-panel-heading">
                {/* The list may still hold names read before the lock: never show them here. */}
                <span className="wallet-locked-name">{accountLabel({ ...a, name: null })}</span>
                <span className="mono wallet-address" data-testid="wallet-address">
                  {a.address}
                </span>
              </div>
            </div>
            <Balances address={a.address} />
          </li>
        ))}
      </ul>
    </section>
  );
}
