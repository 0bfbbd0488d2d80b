import type { AgentStep } from '../../../src-shared/domain/agent-steps.js';
import { formatUnits } from '../../../src-shared/domain/amount.js';
import { printable } from '../../../src-shared/untrusted-text.js';

const DECISION: Record<string, string> = {
  allowed: 'allowed by your policy',
  denied: 'refused by your policy',
  pending: 'waiting for your approval (Agent page)',
  approved: 'approved by you',
  rejected: 'rejected by you',
  expired: 'expired unanswered',
};

/**
 * What the agent did for one reply, a collapsible block per step: what it looked up, what it proposed
 * (from the simulation), what the policy decided, and what came back. Tool output is untrusted text,
 * shown as plain text only.
 */
export function AgentSteps({ steps }: { steps: AgentStep[] }) {
  const shown = steps.filter((s) => s.kind !== 'answer');
  if (shown.length === 0) return null;
  return (
    <ol className="chat-steps" data-testid="agent-steps">
      {shown.map((s, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: steps only grow, in order
        <li key={i} data-kind={s.kind} data-decision={s.kind === 'decision' ? s.decision : undefined}>
          <details>
            <summary>{title(s)}</summary>
            <pre className="chat-step-body">{printable(body(s))}</pre>
          </details>
        </li>
      ))}
    </ol>
  );
}

function title(s: AgentStep): string {
  switch (s.kind) {
    case 'lookup':
      return `Looked up: ${s.tool}${s.ok ? '' : ' (failed)'}`;
    case 'proposal':
      return `Proposed: ${printable(s.summary)}`;
    case 'decision':
      return `${s.tool}: ${DECISION[s.decision] ?? s.decision} (${s.rule})${s.outcome === 'failed' ? ' — failed' : ''}`;
    case 'result':
      return `Result of ${s.tool}${s.ok ? '' : ' (an error)'}`;
    case 'answer':
      return 'Answer';
  }
}

function body(s: AgentStep): string {
  switch (s.kind) {
    case 'lookup':
      return `${JSON.stringify(s.arguments)}\n\n${s.result}`;
    case 'proposal':
      return [
        JSON.stringify(s.arguments),
        ...s.moves.map((m) => {
          const amount = `${formatUnits(BigInt(m.amount), m.decimals)} ${m.symbol}`;
          return m.approval ? `approve ${m.to} to take ${amount}` : `${amount} to ${m.to}`;
        }),
        s.sharesData ? 'Shares vault data: always asks you.' : '',
      ]
        .filter(Boolean)
        .join('\n');
    case 'decision':
      return s.result;
    case 'result':
      return s.text;
    case 'answer':
      return s.text;
  }
}
