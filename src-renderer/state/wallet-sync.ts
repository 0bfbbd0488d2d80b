import { connection, on } from '../bridge.js';
import { useNetwork } from './network.js';
import { useTx } from './tx.js';
import { useVault } from './vault.js';
import { useWallet } from './wallet.js';

/**
 * Keeps the wallet, network and transaction stores in step with the owner: live events, a fresh read
 * on every (re)connection (events sent while disconnected are lost), and a reload when the vault
 * locks or unlocks, since account names are sealed by it.
 */
export function startWalletSync(): void {
  on('tx.updated', (tx) => useTx.getState().updated(tx));
  on('wallet.changed', (status) => useWallet.getState().received(status));
  on('network.changed', (info) => {
    const before = useNetwork.getState().networks?.find((n) => n.active)?.name;
    const shown = chainViewsShown();
    // Balances and history belong to the network they were read on: another one drops them first.
    if (info.active && before !== undefined && before !== info.name) useTx.getState().reset();
    useNetwork.getState().changed();
    if (shown) refreshChainViews(true);
  });

  useVault.subscribe((s, prev) => {
    if (s.state?.state !== prev.state?.state) {
      void useWallet.getState().loadStatus();
    }
  });

  const refresh = () => {
    void useWallet.getState().loadStatus();
    void useNetwork.getState().loadList();
    refreshChainViews();
  };
  connection.onChange((state) => {
    if (state === 'open') refresh();
  });
  if (connection.state === 'open') refresh();
}

/** Whether a view has asked for balances or history before (the wallet page was opened). */
function chainViewsShown(): boolean {
  const tx = useTx.getState();
  return Boolean(tx.balances || tx.balancesError || tx.history || tx.historyError);
}

/** Reloads balances and history, only where a view shows them: reading them may start the devnet. */
function refreshChainViews(force = false): void {
  if (!force && !chainViewsShown()) return;
  void useTx.getState().loadBalances();
  void useTx.getState().loadHistory();
}
