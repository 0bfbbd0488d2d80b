import { useId, useState } from 'react';
import { Button } from '../../components/Button.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { FormError } from '../../components/FormError.js';
import { PlusIcon } from '../../components/icons.js';
import { errorMessage } from '../../state/errors.js';
import { useNetwork } from '../../state/network.js';
import { useTx } from '../../state/tx.js';
import { AddNetworkDialog } from './AddNetworkDialog.js';

/** Which chain the wallet talks to, whether it answers, and the way to another one. */
export function NetworkSwitcher() {
  const networks = useNetwork((s) => s.networks);
  const active = useNetwork((s) => s.active);
  const activeError = useNetwork((s) => s.activeError);
  const switching = useNetwork((s) => s.switching);
  const [adding, setAdding] = useState(false);
  const [forgetting, setForgetting] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const selectId = useId();

  const current = networks?.find((n) => n.active) ?? null;
  const health = active && active.name === current?.name ? active : null;

  const use = async (name: string) => {
    setError(null);
    try {
      await useNetwork.getState().use(name);
      useTx.getState().reset();
      void useTx.getState().loadBalances();
      void useTx.getState().loadHistory();
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  const forget = async (name: string) => {
    await useNetwork.getState().remove({ name });
    useNetwork.getState().changed();
    setForgetting(null);
  };

  return (
    <div className="wallet-network" data-testid="wallet-network">
      <label htmlFor={selectId} className="field-name">
        Network
      </label>
      <select
        id={selectId}
        className="select"
        value={current?.name ?? ''}
        disabled={!networks || switching !== null}
        onChange={(e) => void use(e.target.value)}
      >
        {!current && <option value="">—</option>}
        {(networks ?? []).map((n) => (
          <option key={n.name} value={n.name}>
            {n.name}
            {n.kind === 'devnet' ? ' (local devnet)' : ''}
          </option>
        ))}
      </select>
      {current?.kind === 'devnet' && (
        <span className="wallet-devnet-badge" title="A local test chain: its coins have no value">
          DEVNET
        </span>
      )}
      <span
        className="wallet-network-health"
        data-healthy={health ? health.healthy : undefined}
        role="status"
      >
        {switching
          ? `Switching to ${switching}…`
          : health
            ? health.healthy
              ? `Chain id ${health.chainId} · block ${health.blockNumber ?? '?'}`
              : (health.problem ?? 'The network did not answer.')
            : activeError
              ? activeError
              : current
                ? `Chain id ${current.chainId} · connecting…`
                : ''}
      </span>
      <span className="wallet-grow" />
      {current?.kind === 'rpc' && (
        <Button size="sm" onClick={() => setForgetting(current.name)}>
          Forget
        </Button>
      )}
      <Button size="sm" onClick={() => setAdding(true)}>
        <PlusIcon size={14} /> Add network
      </Button>
      <FormError error={error} className="wallet-network-error" />
      {adding && <AddNetworkDialog onClose={() => setAdding(false)} />}
      {forgetting && (
        <ConfirmDialog
          title={`Forget ${forgetting}?`}
          confirmLabel="Forget network"
          onClose={() => setForgetting(null)}
          onConfirm={() => forget(forgetting)}
        >
          Sahel stops using this network and switches back to the devnet. Nothing on the chain changes: your
          accounts and what they hold there stay, and adding the network again shows them.
        </ConfirmDialog>
      )}
    </div>
  );
}
