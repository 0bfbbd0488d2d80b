import type { ReactNode } from 'react';
import type { AppStatus } from '../../src-shared/domain/status.js';
import type { ConnectionState } from '../bridge.js';
import { pendingApprovals, useApprovals } from '../state/agent.js';
import { useApp } from '../state/app.js';
import { errorMessage } from '../state/errors.js';
import { useMarketActivity } from '../state/market-activity.js';
import { useVault } from '../state/vault.js';
import { Button } from './Button.js';
import { deliveriesText } from './format.js';
import { NetworkBadge } from './NetworkBadge.js';

const VAULT: Record<AppStatus['vault']['state'], string> = {
  unavailable: 'not built yet',
  uninitialised: 'not set up',
  locked: 'locked',
  unlocked: 'unlocked',
};

function connectionText(state: ConnectionState, everConnected: boolean): string {
  if (state === 'open') return 'Connected';
  if (state === 'gone') return 'Server gone';
  return everConnected ? 'Reconnecting…' : 'Connecting…';
}

function Item({ label, children, tone }: { label: string; children: ReactNode; tone?: string }) {
  return (
    <span className="status-item" data-tone={tone}>
      <span className="status-label">{label}:</span> {children}
    </span>
  );
}

function LockVaultButton() {
  const lock = () => {
    useVault
      .getState()
      .lock()
      .catch((err: unknown) => console.warn('vault.lock failed:', errorMessage(err)));
  };
  return (
    <Button size="sm" className="status-lock" onClick={lock} aria-label="Lock vault" title="Lock the vault">
      Lock
    </Button>
  );
}

/** The bottom bar: the state of the owner process at a glance. */
export function StatusBar() {
  const status = useApp((s) => s.status);
  const connection = useApp((s) => s.connection);
  const everConnected = useApp((s) => s.everConnected);
  // The vault's own state (procedure and event) is fresher than app.status's copy, once it answers.
  const vaultState = useVault((s) => s.state?.state);
  const shownVault = vaultState ?? status?.vault.state;
  const deliveries = deliveriesText(useMarketActivity((s) => s.activity));
  const waiting = pendingApprovals(useApprovals((s) => s.approvals)).length;

  return (
    <footer className="status-bar" role="status" data-testid="status-bar" data-connection={connection}>
      <span className="status-item status-connection">
        <span className="status-dot" aria-hidden="true" />
        {connectionText(connection, everConnected)}
      </span>
      {status ? (
        <>
          {shownVault && (
            <Item label="Vault" tone={shownVault === 'unavailable' ? 'muted' : undefined}>
              {VAULT[shownVault]}
              {shownVault === 'unlocked' && <LockVaultButton />}
            </Item>
          )}
          <NetworkBadge fallback={status.network} />
          <Item label="Model">{status.model?.name ?? 'none'}</Item>
          {deliveries && (
            <Item label="Market">
              <span data-testid="status-deliveries">{deliveries}</span>
            </Item>
          )}
          {waiting > 0 && (
            <Item label="Agent" tone="warn">
              <span data-testid="status-approvals">
                {waiting === 1 ? '1 approval waits for you' : `${waiting} approvals wait for you`}
              </span>
            </Item>
          )}
          <Item label="Tasks">{status.tasks.running} running</Item>
          <span className="status-spacer" />
          <span className="status-item status-version">
            Sahel {status.version}
            {status.owner.kind === 'serve' ? ' · headless' : ''}
          </span>
        </>
      ) : null}
    </footer>
  );
}
