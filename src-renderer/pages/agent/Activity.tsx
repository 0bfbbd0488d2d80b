import { useCallback, useEffect, useState } from 'react';
import type { ActionOutcome, AuditEntry, AuditVerdict } from '../../../src-shared/domain/agent.js';
import { printable } from '../../../src-shared/untrusted-text.js';
import { Button } from '../../components/Button.js';
import { formatWhen } from '../../components/format.js';
import { RetryError } from '../../components/RetryError.js';
import { agentApi } from '../../state/agent.js';
import { errorMessage } from '../../state/errors.js';
import { on } from '../../state/events.js';
import { useVault } from '../../state/vault.js';

const DECISION: Record<AuditEntry['decision'], string> = {
  allowed: 'allowed',
  denied: 'denied',
  pending: 'asked you',
  approved: 'approved by you',
  rejected: 'rejected by you',
  expired: 'expired unanswered',
};

const OUTCOME: Record<ActionOutcome, string> = { done: 'done', failed: 'failed' };

/**
 * The audit log as the agent's activity, newest first: every tool call, what the policy decided and
 * why, and what happened. "Check the log" runs the hash chain's verification.
 */
export function Activity() {
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [verdict, setVerdict] = useState<AuditVerdict | null>(null);
  const unlocked = useVault((s) => s.state?.state === 'unlocked');
  const load = useCallback(async () => {
    if (!unlocked) {
      setEntries(null);
      return;
    }
    try {
      setEntries(await agentApi.audit());
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    }
  }, [unlocked]);
  useEffect(() => {
    void load();
    // The log grows with each call, and when an approval is answered or expires.
    const offs = [on('agent.audit', () => void load()), on('agent.approvals', () => void load())];
    return () => {
      for (const off of offs) off();
    };
  }, [load]);
  const verify = async () => {
    try {
      setVerdict(await agentApi.verify());
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <section className="agent-section" aria-labelledby="agent-activity-title">
      <h2 id="agent-activity-title" className="agent-section-title">
        Activity
      </h2>
      {error && <RetryError onRetry={load}>Could not read the audit log: {error}</RetryError>}
      <div className="market-actions">
        <Button size="sm" onClick={() => void verify()}>
          Check the log
        </Button>
        {verdict && (
          <span data-testid="audit-verdict" data-ok={verdict.ok}>
            {verdict.ok
              ? `Intact: ${verdict.entries} entries, each chained to the one before.`
              : `Tampered with at entry ${verdict.seq}: ${verdict.problem}`}
          </span>
        )}
      </div>
      {!unlocked && <p className="field-hint">The activity is sealed in your vault: unlock it to read it.</p>}
      {unlocked && entries === null && !error && <p className="field-hint">Reading the log…</p>}
      {entries?.length === 0 && <p className="field-hint">The agent has done nothing yet.</p>}
      {entries !== null && entries.length > 0 && (
        <ol className="agent-audit" data-testid="agent-audit">
          {entries?.map((e) => (
            <li key={e.seq} data-seq={e.seq} data-decision={e.decision} data-outcome={e.outcome}>
              <details>
                <summary>
                  <span className="mono">#{e.seq}</span> {formatWhen(e.at)} · {e.actor}{' '}
                  <span className="mono">{e.action}</span> · {DECISION[e.decision]}{' '}
                  <span className="field-hint">({e.rule})</span>
                  {e.outcome && <span className={`agent-outcome-${e.outcome}`}> · {OUTCOME[e.outcome]}</span>}
                </summary>
                <dl className="vault-meta">
                  <dt>Arguments</dt>
                  <dd className="mono agent-pre">{printable(JSON.stringify(e.arguments, null, 2) ?? '')}</dd>
                  <dt>Result</dt>
                  <dd className="agent-pre">{printable(e.result)}</dd>
                  <dt>Hash</dt>
                  <dd className="mono">{e.hash}</dd>
                  <dt>Previous</dt>
                  <dd className="mono">{e.prevHash}</dd>
                </dl>
              </details>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
