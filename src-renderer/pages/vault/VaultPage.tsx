import { useEffect } from 'react';
import { Page } from '../../components/Page.js';
import { RetryError } from '../../components/RetryError.js';
import { UnlockVault } from '../../components/UnlockVault.js';
import { useApp } from '../../state/app.js';
import { useVault } from '../../state/vault.js';
import { CreateVault } from './CreateVault.js';
import { VaultBrowser } from './VaultBrowser.js';

export function VaultPage() {
  const state = useVault((s) => s.state?.state ?? null);
  const stateError = useVault((s) => s.stateError);
  const loadState = useVault((s) => s.loadState);
  const connected = useApp((s) => s.connection === 'open');

  // The sync loads the state on every connection; this covers a page opened before that answered.
  useEffect(() => {
    if (connected && !useVault.getState().state) void loadState();
  }, [connected, loadState]);

  return (
    <Page name="vault" title="Vault" subtitle="Your private data, encrypted at rest.">
      {state === 'uninitialised' ? (
        <CreateVault />
      ) : state === 'locked' ? (
        <UnlockVault />
      ) : state === 'unlocked' ? (
        <VaultBrowser />
      ) : stateError ? (
        <RetryError onRetry={() => loadState()}>Could not reach the vault: {stateError}</RetryError>
      ) : (
        <p className="muted">Loading…</p>
      )}
    </Page>
  );
}
