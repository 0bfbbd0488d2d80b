import { useState } from 'react';
import type { LimitSuggestion, PersonaReview } from '../../../src-shared/domain/agent-package.js';
import { printable } from '../../../src-shared/untrusted-text.js';
import { Button } from '../../components/Button.js';
import { FormError } from '../../components/FormError.js';
import { useFormAction } from '../../components/use-form-action.js';
import { usePersonas } from '../../state/agent-personas.js';

const FIELD_LABEL = { perAction: 'per action', perDay: 'per 24 hours', taskBudget: 'per task' } as const;

/**
 * Exactly what a package asks for: the seller's instructions as written (labelled as theirs), its
 * tools (those that move value or data marked), its suggested limits beside the user's own, and the
 * recommended model. "Install" keeps it and changes no limit; "Apply these limits" sets only the ticked
 * ones (none ticked at first), each change audited as the user's.
 */
export function PersonaReviewPanel({ review }: { review: PersonaReview }) {
  const action = useFormAction();
  const [ticked, setTicked] = useState<Set<string>>(new Set());
  const [applied, setApplied] = useState<number | null>(null);
  const installedAs = review.installedAs;
  const toggle = (key: string, on: boolean) => {
    const next = new Set(ticked);
    if (on) next.add(key);
    else next.delete(key);
    setTicked(next);
    setApplied(null);
  };
  const apply = () =>
    void action.run(async () => {
      if (!installedAs) return;
      const picks = review.limits
        .filter((l) => ticked.has(l.key))
        .map((l) => ({ token: l.token, field: l.field }));
      await usePersonas.getState().applyLimits(installedAs, picks);
      setApplied(picks.length);
      setTicked(new Set());
    });
  return (
    <section className="agent-review" data-testid="persona-review" aria-labelledby="persona-review-title">
      <h3 id="persona-review-title" className="publish-heading">
        {printable(review.name)}
      </h3>
      <p className="field-hint">From the vault item {printable(review.itemName)}.</p>
      {review.description && <p>{printable(review.description)}</p>}
      <h4>The seller’s instructions to your agent (their words, as written)</h4>
      <pre className="mono agent-pre" data-testid="persona-prompt">
        {printable(review.systemPrompt)}
      </pre>
      <h4>Tools it may use</h4>
      <ul className="agent-list" data-testid="persona-tools">
        {review.tools.map((t) => (
          <li key={t.name} className="agent-row" data-tool={t.name}>
            <span className="mono">{t.name}</span>
            {t.movesValueOrData && <span>moves value or data: your policy decides</span>}
          </li>
        ))}
      </ul>
      <h4>Suggested limits</h4>
      {review.limits.length === 0 ? (
        <p className="field-hint">None.</p>
      ) : (
        <table className="market-split" data-testid="persona-limits">
          <thead>
            <tr>
              <th scope="col">Apply</th>
              <th scope="col">Token</th>
              <th scope="col">Limit</th>
              <th scope="col">Yours now</th>
              <th scope="col">Suggested</th>
            </tr>
          </thead>
          <tbody>
            {review.limits.map((l) => (
              <LimitRow
                key={l.key}
                l={l}
                ticked={ticked.has(l.key)}
                enabled={!!installedAs}
                onTick={toggle}
              />
            ))}
          </tbody>
        </table>
      )}
      <p data-testid="persona-model">
        Recommended model:{' '}
        {review.model
          ? `${printable(review.model.name)} (${review.model.installed ? 'installed' : 'not installed'})`
          : 'none'}
      </p>
      <div className="agent-form">
        {installedAs ? (
          <span data-testid="persona-installed">Installed.</span>
        ) : (
          <Button
            variant="primary"
            disabled={action.busy}
            onClick={() => void action.run(() => usePersonas.getState().install(review.itemId))}
          >
            Install
          </Button>
        )}
        {review.limits.length > 0 && (
          <Button disabled={action.busy || !installedAs || ticked.size === 0} onClick={apply}>
            Apply these limits
          </Button>
        )}
        <Button variant="quiet" onClick={() => usePersonas.getState().close()}>
          Close
        </Button>
      </div>
      {!installedAs && review.limits.length > 0 && (
        <p className="field-hint">
          Installing changes none of your limits; apply the ones you tick afterwards.
        </p>
      )}
      {applied !== null && <p data-testid="persona-applied">Applied {applied} limit(s) to your policy.</p>}
      <FormError error={action.error} />
    </section>
  );
}

function LimitRow(p: {
  l: LimitSuggestion;
  ticked: boolean;
  enabled: boolean;
  onTick(key: string, on: boolean): void;
}) {
  const { l } = p;
  const unit = l.symbol ? ` ${printable(l.symbol)}` : '';
  const token = l.token === 'native' ? 'ETH' : printable(l.symbol ?? l.token);
  return (
    <tr data-key={l.key}>
      <td>
        <input
          type="checkbox"
          aria-label={`Apply ${token} ${FIELD_LABEL[l.field]}`}
          checked={p.ticked}
          disabled={!p.enabled}
          onChange={(e) => p.onTick(l.key, e.target.checked)}
        />
      </td>
      <td className="mono">{token}</td>
      <td>{FIELD_LABEL[l.field]}</td>
      <td className="mono">{`${l.current}${unit}`}</td>
      <td className="mono">{`${printable(l.suggested)}${unit}`}</td>
    </tr>
  );
}
