import { type FormEvent, useCallback, useEffect, useState } from 'react';
import type { PolicySettings } from '../../../src-shared/domain/agent.js';
import { printable } from '../../../src-shared/untrusted-text.js';
import { Button } from '../../components/Button.js';
import { FormError } from '../../components/FormError.js';
import { RetryError } from '../../components/RetryError.js';
import { SelectField } from '../../components/SelectField.js';
import { TextField } from '../../components/TextField.js';
import { useFormAction } from '../../components/use-form-action.js';
import { agentApi } from '../../state/agent.js';
import { usePersonas } from '../../state/agent-personas.js';
import { errorMessage } from '../../state/errors.js';
import { limitAmount } from './limits-text.js';

const LIMIT_KINDS = [
  { value: 'per-action', label: 'per action' },
  { value: 'daily', label: 'per 24 hours' },
  { value: 'task-budget', label: 'per delegated task' },
] as const;
type LimitKind = (typeof LIMIT_KINDS)[number]['value'];

/**
 * The policy as the user sets it: what the agent may move without asking, per token, and the
 * addresses it may pay. Only the user changes it, here or in the CLI; every change is audited.
 */
export function PolicyPanel() {
  const [policy, setPolicy] = useState<PolicySettings | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Read again when a persona's limits were applied on this page.
  const policyVersion = usePersonas((s) => s.policyVersion);
  const load = useCallback(async () => {
    try {
      setPolicy(await agentApi.policy());
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    }
  }, []);
  useEffect(() => {
    void policyVersion;
    void load();
  }, [load, policyVersion]);
  return (
    <section className="agent-section" aria-labelledby="agent-policy-title">
      <h2 id="agent-policy-title" className="agent-section-title">
        Policy
      </h2>
      {error && <RetryError onRetry={load}>Could not read the policy: {error}</RetryError>}
      {!policy && !error && <p className="field-hint">Reading the policy…</p>}
      {policy && (
        <>
          <h3 className="publish-heading">What the agent may move without asking</h3>
          {policy.limits.length === 0 ? (
            <p className="field-hint" data-testid="policy-no-limits">
              Nothing: every payment, purchase or approval waits for you.
            </p>
          ) : (
            <table className="market-split" data-testid="policy-limits">
              <thead>
                <tr>
                  <th scope="col">Token</th>
                  <th scope="col">Per action</th>
                  <th scope="col">Per 24 hours</th>
                  <th scope="col">Per task</th>
                </tr>
              </thead>
              <tbody>
                {policy.limits.map((l) => (
                  <tr key={l.token} data-token={l.token}>
                    <td className="mono">{l.token === 'native' ? 'ETH' : printable(l.symbol ?? l.token)}</td>
                    <td className="mono">{limitAmount(l, l.perAction)}</td>
                    <td className="mono">{limitAmount(l, l.daily)}</td>
                    <td className="mono">{limitAmount(l, l.taskBudget)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {policy.limits.some((l) => (l.perAction === '0') !== (l.daily === '0')) && (
            <p className="field-hint" data-testid="policy-limit-zero">
              A move goes ahead without you only within both the per-action and the 24-hour limit: while
              either is 0, every move of that token still waits for you.
            </p>
          )}
          <LimitForm onChanged={setPolicy} />
          <h3 className="publish-heading">Addresses it may pay</h3>
          <p className="field-hint">
            Besides the marketplace, only these; a payment to any other address always waits for you.
          </p>
          <ul className="agent-list" data-testid="policy-allowlist">
            {policy.allowlist.map((a) => (
              <AllowedRow key={a.address} address={a.address} name={a.name} onChanged={setPolicy} />
            ))}
          </ul>
          <AllowForm onChanged={setPolicy} />
          <p className="field-hint">
            An approval expires after {policy.approvalTimeoutSeconds} s unanswered, and is then rejected. A
            turn stops after {policy.maxSteps} model steps or {policy.maxToolCalls} tool calls.
          </p>
        </>
      )}
    </section>
  );
}

function LimitForm({ onChanged }: { onChanged(p: PolicySettings): void }) {
  const action = useFormAction();
  const [token, setToken] = useState('native');
  const [kind, setKind] = useState<LimitKind>('per-action');
  const [amount, setAmount] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void action.run(async () => {
      onChanged(await agentApi.setPolicy(`limit.${token.trim()}.${kind}`, amount.trim()));
      setAmount('');
    });
  };
  return (
    <form className="agent-form" onSubmit={submit} data-testid="policy-limit-form">
      <TextField
        label="Token (native, or an address)"
        value={token}
        onChange={action.edit(setToken)}
        size="sm"
      />
      <div className="agent-field">
        <SelectField<LimitKind>
          label="Limit"
          value={kind}
          options={LIMIT_KINDS}
          onChange={action.edit(setKind)}
        />
      </div>
      <TextField label="Amount" value={amount} onChange={action.edit(setAmount)} size="sm" chars={12} />
      <Button type="submit" disabled={action.busy || amount.trim() === ''}>
        Set limit
      </Button>
      <FormError error={action.error} />
    </form>
  );
}

function AllowedRow(props: { address: string; name: string; onChanged(p: PolicySettings): void }) {
  const action = useFormAction();
  return (
    <li className="agent-row" data-address={props.address}>
      <span className="mono">{props.address}</span>
      {props.name && <span>{printable(props.name)}</span>}
      <Button
        variant="quiet"
        size="sm"
        disabled={action.busy}
        onClick={() => void action.run(async () => props.onChanged(await agentApi.disallow(props.address)))}
      >
        Remove
      </Button>
      <FormError error={action.error} />
    </li>
  );
}

function AllowForm({ onChanged }: { onChanged(p: PolicySettings): void }) {
  const action = useFormAction();
  const [address, setAddress] = useState('');
  const [name, setName] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void action.run(async () => {
      onChanged(await agentApi.allow(address.trim(), name.trim()));
      setAddress('');
      setName('');
    });
  };
  return (
    <form className="agent-form" onSubmit={submit} data-testid="policy-allow-form">
      <TextField label="Address" value={address} onChange={action.edit(setAddress)} size="sm" />
      <TextField label="Name" value={name} onChange={action.edit(setName)} size="sm" />
      <Button type="submit" disabled={action.busy || address.trim() === ''}>
        Allow
      </Button>
      <FormError error={action.error} />
    </form>
  );
}
