import { type FormEvent, useState } from 'react';
import { ChainId, NetworkName, RpcUrl } from '../../../src-shared/domain/network.js';
import { Dialog } from '../../components/Dialog.js';
import { FormFooter } from '../../components/FormFooter.js';
import { TextField } from '../../components/TextField.js';
import { useFormAction } from '../../components/use-form-action.js';
import { useNetwork } from '../../state/network.js';
import { addressProblem } from './units.js';

const CONTRACTS = [
  { key: 'paymentToken', label: 'PaymentToken' },
  { key: 'assetRegistry', label: 'AssetRegistry' },
  { key: 'marketplace', label: 'Marketplace' },
] as const;
type ContractKey = (typeof CONTRACTS)[number]['key'];

/** The first problem of a field, in the words of the shared schema (the owner checks the same way). */
function issue(result: { success: boolean; error?: { issues: { message: string }[] } }): string | null {
  return result.success ? null : (result.error?.issues[0]?.message ?? 'Not valid');
}

/** Adds any EVM chain by RPC URL; the owner asks the RPC for its chain id before saving it. */
export function AddNetworkDialog({ onClose }: { onClose(): void }) {
  const [name, setName] = useState('');
  const [rpcUrl, setRpcUrl] = useState('');
  const [chainId, setChainId] = useState('');
  const [contracts, setContracts] = useState<Record<ContractKey, string>>({
    paymentToken: '',
    assetRegistry: '',
    marketplace: '',
  });
  const [touched, setTouched] = useState(false);
  const form = useFormAction();

  const problems = {
    name: issue(NetworkName.safeParse(name)),
    rpc: issue(RpcUrl.safeParse(rpcUrl)),
    chain: /^[0-9]+$/.test(chainId.trim())
      ? issue(ChainId.safeParse(Number(chainId.trim())))
      : 'A chain id is a whole number, like 1 or 31337.',
  };
  const anyContract = CONTRACTS.some((c) => contracts[c.key].trim());
  const contractProblem = anyContract
    ? (CONTRACTS.map((c) => {
        const p = addressProblem(contracts[c.key]);
        return p ? `${c.label}: ${p}` : null;
      }).find(Boolean) ?? null)
    : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    const api = useNetwork.getState();
    if (problems.name || problems.rpc || problems.chain || contractProblem) return;
    void form.run(async () => {
      await api.add({
        name: name.trim(),
        rpcUrl: rpcUrl.trim(),
        chainId: Number(chainId.trim()),
        contracts: anyContract
          ? {
              paymentToken: contracts.paymentToken.trim(),
              assetRegistry: contracts.assetRegistry.trim(),
              marketplace: contracts.marketplace.trim(),
            }
          : null,
      });
      useNetwork.getState().changed();
      onClose();
    });
  };

  const field = { autoComplete: 'off', spellCheck: false, disabled: form.busy };
  const shown = (problem: string | null) => (touched ? problem : null);

  return (
    <Dialog title="Add network" onClose={onClose} busy={form.busy}>
      <form className="form" onSubmit={submit} noValidate>
        <p className="dialog-text">
          Any EVM chain with an RPC endpoint. Sahel checks that the RPC reports this chain id, and refuses to
          sign if it ever reports another.
        </p>
        <TextField
          label="Name"
          value={name}
          onChange={setName}
          problem={shown(problems.name)}
          placeholder="sahara-testnet"
          autoFocus
          {...field}
        />
        <TextField
          label="RPC URL"
          value={rpcUrl}
          onChange={setRpcUrl}
          problem={shown(problems.rpc)}
          placeholder="https://…"
          inputMode="url"
          {...field}
        />
        <TextField
          label="Chain id"
          value={chainId}
          onChange={setChainId}
          problem={shown(problems.chain)}
          inputMode="numeric"
          {...field}
        />
        <details className="wallet-details">
          <summary>Marketplace contracts</summary>
          <p className="hint">
            Where Sahel's contracts are deployed on this chain. Sahel uses a network only once it knows them:
            name them here, or run <code>sahel contracts deploy --network &lt;name&gt;</code> after adding it.
          </p>
          {CONTRACTS.map((c) => (
            <TextField
              key={c.key}
              label={c.label}
              value={contracts[c.key]}
              onChange={(v) => setContracts((s) => ({ ...s, [c.key]: v }))}
              placeholder="0x…"
              {...field}
            />
          ))}
          {touched && contractProblem && (
            <p className="field-note" data-tone="danger">
              {contractProblem}
            </p>
          )}
        </details>
        <FormFooter error={form.error} busy={form.busy} onCancel={onClose}>
          {form.busy ? 'Checking the RPC…' : 'Add network'}
        </FormFooter>
      </form>
    </Dialog>
  );
}
