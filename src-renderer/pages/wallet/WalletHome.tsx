import { useEffect, useState } from 'react';
import { Button } from '../../components/Button.js';
import { RetryError } from '../../components/RetryError.js';
import { useNetwork } from '../../state/network.js';
import { useTx } from '../../state/tx.js';
import { useSelectedAccount, useWallet } from '../../state/wallet.js';
import { AccountList } from './AccountList.js';
import { AccountPanel } from './AccountPanel.js';
import { ExportKeystoreDialog } from './ExportKeystoreDialog.js';
import { History } from './History.js';
import { NetworkSwitcher } from './NetworkSwitcher.js';
import { RevealWordsDialog } from './RevealWordsDialog.js';
import { SendDialog } from './SendDialog.js';

/** Incoming transfers raise no event here: balances are read again this often while the page is open. */
const BALANCE_POLL_MS = 12_000;

type Open = { kind: 'send'; from: string } | { kind: 'export'; address: string } | { kind: 'words' } | null;

/** The wallet in use: backup reminder, network, accounts with balances, and history. */
export function WalletHome({ onBackup }: { onBackup(): void }) {
  const backup = useWallet((s) => s.status?.backup);
  const accountsError = useWallet((s) => s.accountsError);
  const selected = useSelectedAccount();
  const [open, setOpen] = useState<Open>(null);

  useEffect(() => {
    void useTx.getState().loadBalances();
    void useTx.getState().loadHistory();
    void useNetwork.getState().loadActive();
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') void useTx.getState().loadBalances();
    }, BALANCE_POLL_MS);
    return () => window.clearInterval(timer);
  }, []);

  return (
    <div className="wallet">
      {backup === 'pending' && (
        <div className="wallet-nag" role="alert">
          <div>
            <strong>Your recovery phrase is not backed up.</strong> If this machine is lost or its disk fails,
            so is everything in this wallet. It takes two minutes.
          </div>
          <Button variant="primary" onClick={onBackup}>
            Back up now
          </Button>
        </div>
      )}
      <NetworkSwitcher />
      {backup === 'confirmed' && (
        <div className="wallet-backed-up">
          <span className="hint">Your recovery phrase is backed up.</span>
          <Button variant="link" size="sm" onClick={() => setOpen({ kind: 'words' })}>
            Show recovery phrase
          </Button>
        </div>
      )}
      {accountsError && (
        <RetryError onRetry={() => useWallet.getState().loadAccounts()}>
          Could not load the accounts: {accountsError}
        </RetryError>
      )}
      <div className="wallet-split">
        <AccountList />
        {selected && (
          <AccountPanel
            account={selected}
            onSend={() => setOpen({ kind: 'send', from: selected.address })}
            onExport={() => setOpen({ kind: 'export', address: selected.address })}
          />
        )}
      </div>
      <History />
      {open?.kind === 'send' && <SendDialog from={open.from} onClose={() => setOpen(null)} />}
      {open?.kind === 'words' && <RevealWordsDialog onClose={() => setOpen(null)} />}
      {open?.kind === 'export' && (
        <ExportKeystoreDialog address={open.address} onClose={() => setOpen(null)} />
      )}
    </div>
  );
}
