import { type ReactNode, useEffect, useState } from 'react';
import { Button } from '../../components/Button.js';
import { GateCard } from '../../components/GateCard.js';
import { LockIcon } from '../../components/icons.js';
import { Page } from '../../components/Page.js';
import { RetryError } from '../../components/RetryError.js';
import { UnlockVault } from '../../components/UnlockVault.js';
import { useApp } from '../../state/app.js';
import { useNavigation } from '../../state/navigation.js';
import { useVault } from '../../state/vault.js';
import { useWallet } from '../../state/wallet.js';
import { BackupFlow } from './BackupFlow.js';
import { LockedAccounts } from './LockedAccounts.js';
import { WalletHome } from './WalletHome.js';
import { WalletSetup } from './WalletSetup.js';

/**
 * The wallet lives in the vault: no vault, no wallet; a locked vault, a locked wallet. Past those
 * gates: set up a wallet, finish its backup, or use it.
 */
export function WalletPage() {
  const status = useWallet((s) => s.status);
  const statusError = useWallet((s) => s.statusError);
  const vaultState = useVault((s) => s.state?.state ?? null);
  const connected = useApp((s) => s.connection === 'open');
  // The backup flow runs right after creating, or when the user picks "Back up now".
  const [backingUp, setBackingUp] = useState(false);

  useEffect(() => {
    if (!connected) return;
    if (!useWallet.getState().status) void useWallet.getState().loadStatus();
    if (!useVault.getState().state) void useVault.getState().loadState();
  }, [connected]);

  let body: ReactNode;
  if (vaultState === 'uninitialised') {
    body = <NeedsVault />;
  } else if (vaultState === 'locked') {
    body = (
      <div className="wallet-locked">
        <p className="wallet-locked-note">
          Your wallet's keys are kept in the vault. Unlock it to send and to see your accounts' names;
          balances are public, so they show meanwhile.
        </p>
        <UnlockVault />
        <LockedAccounts />
      </div>
    );
  } else if (statusError && !status) {
    body = (
      <RetryError onRetry={() => useWallet.getState().loadStatus()}>
        Could not reach the wallet: {statusError}
      </RetryError>
    );
  } else if (!status || vaultState === null) {
    body = <p className="muted">Loading…</p>;
  } else if (backingUp && status.backup === 'pending') {
    body = <BackupFlow onLater={() => setBackingUp(false)} />;
  } else if (!status.exists) {
    body = <WalletSetup onCreated={() => setBackingUp(true)} />;
  } else {
    body = <WalletHome onBackup={() => setBackingUp(true)} />;
  }

  return (
    <Page name="wallet" title="Wallet" subtitle="Your accounts, balances and transactions.">
      {body}
    </Page>
  );
}

function NeedsVault() {
  const go = useNavigation((s) => s.go);
  return (
    <GateCard Icon={LockIcon} titleId="wallet-needs-vault" title="Set up your vault first">
      <p className="gate-text">
        Your wallet's recovery phrase and keys are stored only inside your encrypted vault, so the vault comes
        first.
      </p>
      <div>
        <Button variant="primary" onClick={() => go('vault')}>
          Go to the vault
        </Button>
      </div>
    </GateCard>
  );
}
