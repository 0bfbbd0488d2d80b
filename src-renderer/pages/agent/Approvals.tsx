import { useEffect } from 'react';
import { type Approval, moveRecipient, type ValueMove } from '../../../src-shared/domain/agent.js';
import { formatUnits } from '../../../src-shared/domain/amount.js';
import { printable as shown } from '../../../src-shared/untrusted-text.js';
import { Button } from '../../components/Button.js';
import { FormError } from '../../components/FormError.js';
import { formatFull } from '../../components/format.js';
import { useFormAction } from '../../components/use-form-action.js';
import { agentApi, pendingApprovals, useApprovals } from '../../state/agent.js';
import { useNetwork } from '../../state/network.js';
import { TxSteps } from '../market/PlanReview.js';

/** What the agent asked to do and waits for the user, newest first; each card approves or rejects one. */
export function Approvals() {
  const approvals = useApprovals((s) => s.approvals);
  const pending = pendingApprovals(approvals);
  // The active network's marketplace, which the cards name as such (the list asks no RPC).
  const marketplace = useNetwork((s) => s.networks?.find((n) => n.active)?.contracts?.marketplace ?? null);
  useEffect(() => {
    if (useNetwork.getState().networks === null) void useNetwork.getState().loadList();
  }, []);
  return (
    <section className="agent-section" aria-labelledby="agent-approvals-title">
      <h2 id="agent-approvals-title" className="agent-section-title">
        Waiting for you
      </h2>
      {approvals === null && <p className="field-hint">Reading the queue…</p>}
      {approvals !== null && pending.length === 0 && (
        <p className="field-hint">Nothing waits for your approval.</p>
      )}
      <ul className="agent-list" data-testid="agent-approvals">
        {pending.map((a) => (
          <ApprovalCard key={a.id} approval={a} marketplace={marketplace} />
        ))}
      </ul>
    </section>
  );
}

/** A move in words; the network's configured marketplace is named as such, with its address. */
export function moveText(m: ValueMove, marketplace: string | null): string {
  const amount = `${formatUnits(BigInt(m.amount), m.decimals)} ${shown(m.symbol)}`;
  const who = moveRecipient(m.to, marketplace);
  return m.approval ? `let ${who} take up to ${amount}` : `${amount} to ${who}`;
}

/** Who a transaction calls: the marketplace, or a token contract it moves (named by its symbol), else the address. */
function callee(
  to: string,
  outflows: readonly { token: string | null; symbol: string }[],
  marketplace: string | null,
): string {
  const token = outflows.find((o) => o.token?.toLowerCase() === to.toLowerCase());
  return token ? `the ${shown(token.symbol)} token contract (${to})` : moveRecipient(to, marketplace);
}

/** A later call's arguments under names a person reads; unknown ones keep theirs. */
const LATER_ARG_NAMES: Record<string, string> = {
  offerId: 'offer',
  maxPrice: 'price (at most)',
  token: 'paid in token',
  buyerPubKey: 'your licence key',
};

function laterArgs(args: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(args).map(([k, v]) => [
      LATER_ARG_NAMES[k] ?? k,
      k === 'offerId' ? `#${shown(v)}` : shown(v),
    ]),
  );
}

function ApprovalCard({ approval: a, marketplace }: { approval: Approval; marketplace: string | null }) {
  const action = useFormAction();
  const answer = (verb: 'approve' | 'reject') =>
    action.run(async () => {
      await agentApi[verb](a.id);
      await useApprovals.getState().load();
    });
  return (
    <li className="agent-card" data-approval={a.id} data-tool={a.tool}>
      <p className="agent-card-summary" data-testid="approval-summary">
        {shown(a.summary)}
      </p>
      {a.moves.length > 0 && (
        <>
          <h3 className="publish-heading">What leaves your wallet (from the simulation)</h3>
          <ul className="agent-moves" data-testid="approval-moves">
            {a.moves.map((m) => (
              <li key={`${m.token}|${m.to}|${m.approval}`} className="mono">
                {moveText(m, marketplace)}
              </li>
            ))}
          </ul>
        </>
      )}
      {a.reviews.length + a.laterCalls.length > 0 && (
        <TxSteps
          testId="approval"
          steps={[
            ...a.reviews.map((r) => ({
              call: r.effects.call ?? 'send',
              to: callee(r.effects.to, r.effects.outflows, marketplace),
              args: Object.fromEntries(
                r.effects.outflows.map((o, i, all) => [
                  all.length === 1 ? 'moves' : `moves ${i + 1}`,
                  moveText({ ...o, token: o.token ?? 'native' }, marketplace),
                ]),
              ),
              maxFee: r.effects.maxFee,
              estimated: false,
            })),
            // Decoded from the plan: these can only be simulated once the calls above are mined.
            ...a.laterCalls.map((c) => ({
              call: c.call,
              to: moveRecipient(c.to, marketplace),
              args: laterArgs(c.args),
              maxFee: c.maxFee,
              estimated: true,
              when: 'sent after you approve, once the calls above are mined',
            })),
          ]}
        />
      )}
      <dl className="vault-meta">
        <dt>Held by</dt>
        <dd data-testid="approval-rule">
          <span className="mono">{a.rule}</span>: {shown(a.why)}
        </dd>
        <dt>The agent's claim</dt>
        <dd className="agent-claim" data-testid="approval-claim">
          {a.claim ? `“${shown(a.claim)}” (what the model said; not checked)` : '(it gave no reason)'}
        </dd>
        <dt>Expires</dt>
        <dd>{formatFull(a.expiresAt)} (then it is rejected)</dd>
      </dl>
      <FormError error={action.error} />
      <div className="market-actions">
        <Button variant="primary" disabled={action.busy} onClick={() => void answer('approve')}>
          Approve
        </Button>
        <Button disabled={action.busy} onClick={() => void answer('reject')}>
          Reject
        </Button>
      </div>
    </li>
  );
}
