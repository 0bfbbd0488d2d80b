import { type FormEvent, Fragment } from 'react';
import { formatUnits } from '../../../src-shared/domain/amount.js';
import { Button } from '../../components/Button.js';
import { FormError } from '../../components/FormError.js';

// The parts the publish and buy reviews share: the transactions with their fees, and the one confirmation.

const WEI_DECIMALS = 18;

export interface TxStepView {
  /** The contract call, as the user reads it ("approve", "createOffer"). */
  call: string;
  to: string;
  args: Record<string, string>;
  /** In wei. */
  maxFee: string;
  estimated: boolean;
  /** When it is sent, if not at once ("sent after the approve is mined"). */
  when?: string;
}

/**
 * A reviewed plan's transactions, in the order they will be sent: each call with its decoded
 * arguments and its fee ceiling, then the fees in all. Plain text only (React escapes it).
 */
export function TxSteps({ steps, testId }: { steps: readonly TxStepView[]; testId: string }) {
  const totalFee = steps.reduce((sum, s) => sum + BigInt(s.maxFee), 0n);
  return (
    <>
      <h3 className="publish-heading">Transactions</h3>
      <ol className="publish-steps" data-testid={`${testId}-steps`}>
        {steps.map((s) => (
          <li key={s.call}>
            <span className="mono">{s.call}</span> to <span className="mono">{s.to}</span>
            {s.when && <span className="field-hint"> ({s.when})</span>}
            <dl className="vault-meta publish-meta">
              {Object.entries(s.args).map(([name, value]) => (
                <Fragment key={name}>
                  <dt>{name}</dt>
                  <dd className="mono">{value}</dd>
                </Fragment>
              ))}
              <dt>Fee</dt>
              <dd className="mono">
                at most {formatUnits(BigInt(s.maxFee), WEI_DECIMALS)} ETH{s.estimated ? ' (estimated)' : ''}
              </dd>
            </dl>
          </li>
        ))}
      </ol>
      <p data-testid={`${testId}-total-fee`}>
        Fees in all: at most <span className="mono">{formatUnits(totalFee, WEI_DECIMALS)} ETH</span>
      </p>
    </>
  );
}

/** What a review of a plan (publish, buy) is told and tells. */
export interface PlanReviewProps {
  busy: boolean;
  error: string | null;
  /** Its confirmation was tried and failed: the primary button plans again instead. */
  spent: boolean;
  onBack(): void;
  onConfirm(): void;
  onReplan(e: FormEvent): void;
}

/** The review's last failure, Back, and its one confirmation (or "Plan again" once that was spent). */
export function PlanActions({
  verb,
  busy,
  error,
  spent,
  onBack,
  onConfirm,
  onReplan,
}: PlanReviewProps & { verb: string }) {
  return (
    <>
      <FormError error={error} />
      <div className="dialog-actions">
        <Button onClick={onBack} disabled={busy}>
          Back
        </Button>
        <Button variant="primary" onClick={spent ? onReplan : onConfirm} disabled={busy} aria-busy={busy}>
          {busy && <span className="spinner" aria-hidden="true" />}
          {spent ? 'Plan again' : verb}
        </Button>
      </div>
    </>
  );
}
