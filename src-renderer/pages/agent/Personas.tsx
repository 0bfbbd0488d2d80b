import { useEffect } from 'react';
import { licenceExpiredLabel } from '../../../src-shared/domain/models.js';
import { printable } from '../../../src-shared/untrusted-text.js';
import { Button } from '../../components/Button.js';
import { FormError } from '../../components/FormError.js';
import { RetryError } from '../../components/RetryError.js';
import { useFormAction } from '../../components/use-form-action.js';
import { usePersonas } from '../../state/agent-personas.js';
import { PersonaReviewPanel } from './PersonaReview.js';

/**
 * Personas: agent packages bought on the market (or added to the vault), each reviewed before it is
 * installed. The active one gives the agent its instructions and its tools; the policy still decides.
 */
export function Personas() {
  const { personas, packages, error, review, load } = usePersonas();
  const action = useFormAction();
  useEffect(() => {
    void load();
  }, [load]);
  const open = (itemId: string) => void action.run(() => usePersonas.getState().open(itemId));
  return (
    <section className="agent-section" aria-labelledby="agent-personas-title" data-testid="agent-personas">
      <h2 id="agent-personas-title" className="agent-section-title">
        Personas
      </h2>
      {error && <RetryError onRetry={load}>Could not read the personas: {error}</RetryError>}
      {personas && (
        <>
          <h3 className="publish-heading">Installed</h3>
          {personas.length === 0 && <p className="field-hint">None: the agent has every tool.</p>}
          <ul className="agent-list" data-testid="personas-installed">
            {personas.map((p) => (
              <li key={p.id} className="agent-row" data-persona={p.id}>
                <span>{printable(p.pkg.name)}</span>
                {p.active && <strong data-testid="persona-active">active</strong>}
                {p.licenceExpired && (
                  <strong className="field-error" data-testid="persona-ended">
                    {licenceExpiredLabel(p.licenceExpired)}: cannot be used
                  </strong>
                )}
                <span className="field-hint">{p.pkg.tools.join(', ')}</span>
                <Button
                  size="sm"
                  variant="quiet"
                  disabled={action.busy}
                  onClick={() =>
                    void action.run(() => usePersonas.getState().activate(p.active ? null : p.id))
                  }
                >
                  {p.active ? 'Stop using' : 'Use'}
                </Button>
                <Button size="sm" variant="quiet" disabled={action.busy} onClick={() => open(p.itemId)}>
                  Review
                </Button>
                <Button
                  size="sm"
                  variant="quiet"
                  disabled={action.busy}
                  onClick={() => void action.run(() => usePersonas.getState().uninstall(p.id))}
                >
                  Uninstall
                </Button>
              </li>
            ))}
          </ul>
        </>
      )}
      {packages && (
        <>
          <h3 className="publish-heading">Install from vault</h3>
          {packages.length === 0 && (
            <p className="field-hint">
              No agent package in the vault. Buy one on the Market (kind agent), or add a sahel-agent/1 JSON
              file to the vault.
            </p>
          )}
          <ul className="agent-list" data-testid="persona-packages">
            {packages.map((p) => (
              <li key={p.itemId} className="agent-row" data-item={p.itemId}>
                <span>{printable(p.name)}</span>
                <span className="field-hint">{printable(p.itemName)}</span>
                <Button size="sm" disabled={action.busy} onClick={() => open(p.itemId)}>
                  Review…
                </Button>
              </li>
            ))}
          </ul>
        </>
      )}
      <FormError error={action.error} />
      {review && <PersonaReviewPanel key={review.itemId} review={review} />}
    </section>
  );
}
