import { type ReactNode, useCallback, useEffect, useState } from 'react';
import { formatUnits } from '../../../src-shared/domain/amount.js';
import type { WithdrawPlan, WithdrawResult } from '../../../src-shared/domain/market-earnings.js';
import { Button } from '../../components/Button.js';
import { Dialog, DialogDone } from '../../components/Dialog.js';
import { FormError } from '../../components/FormError.js';
import { useFormAction } from '../../components/use-form-action.js';
import { marketEarnings } from '../../state/market-earnings.js';
import { buyErrorText } from './buy-text.js';
import { PlanActions, TxSteps } from './PlanReview.js';
import { shown } from './text.js';

interface WithdrawDialogProps {
  account: string;
  token: string;
  title: string;
  /** The withdrawal went through: the earnings are read again. */
  onDone(): Promise<void>;
  onClose(): void;
}

/**
 * Withdrawing what the marketplace owes one account in one token: the plan (asked for on opening),
 * its review with the one Withdraw confirmation, then the transaction and the amount sent.
 */
export function WithdrawDialog({ account, token, title, onDone, onClose }: WithdrawDialogProps) {
  const [plan, setPlan] = useState<WithdrawPlan | null>(null);
  // A plan runs at most once, even when its confirmation fails: the next try is a fresh plan.
  const [spent, setSpent] = useState(false);
  const [done, setDone] = useState<WithdrawResult | null>(null);
  const action = useFormAction(buyErrorText);
  const { run } = action;

  const replan = useCallback(
    () =>
      void run(async () => {
        setPlan(await marketEarnings.plan({ from: account, token }));
        setSpent(false);
      }),
    [run, account, token],
  );
  useEffect(() => replan(), [replan]);

  const confirm = (p: WithdrawPlan) =>
    void action.run(async () => {
      setSpent(true);
      const result = await marketEarnings.confirm(p);
      setDone(result);
      await onDone();
    });

  let body: ReactNode;
  if (done && plan) {
    body = (
      <DialogDone closeLabel="Close" onClose={onClose}>
        <p role="status" className="market-withdraw-done" data-testid="withdraw-done">
          Withdrew{' '}
          <span className="mono">
            {formatUnits(BigInt(done.amount), plan.decimals)} {shown(plan.symbol)}
          </span>{' '}
          to <span className="mono">{done.from}</span> in transaction{' '}
          <span className="mono" data-testid="withdraw-tx">
            {done.tx}
          </span>
          .
        </p>
      </DialogDone>
    );
  } else if (plan) {
    body = (
      <WithdrawReview
        plan={plan}
        busy={action.busy}
        error={action.error}
        spent={spent}
        onBack={onClose}
        onConfirm={() => confirm(plan)}
        onReplan={replan}
      />
    );
  } else {
    body = (
      <div className="form" aria-busy={action.busy}>
        {action.busy && <p>Preparing the withdrawal…</p>}
        <FormError error={action.error} />
        <div className="dialog-actions">
          <Button onClick={onClose} disabled={action.busy}>
            Cancel
          </Button>
          {!action.busy && (
            <Button variant="primary" onClick={replan}>
              Plan again
            </Button>
          )}
        </div>
      </div>
    );
  }
  return (
    <Dialog title={title} onClose={onClose} busy={action.busy}>
      {body}
    </Dialog>
  );
}

interface WithdrawReviewProps {
  plan: WithdrawPlan;
  busy: boolean;
  error: string | null;
  spent: boolean;
  onBack(): void;
  onConfirm(): void;
  onReplan(): void;
}

/** The plan before anything goes on chain: the amount, the token, the account, the call and its fee. */
function WithdrawReview({ plan, ...actions }: WithdrawReviewProps) {
  return (
    <div className="form publish-review" data-testid="withdraw-review">
      <dl className="vault-meta publish-meta">
        <dt>Amount</dt>
        <dd className="mono" data-testid="withdraw-amount">
          {formatUnits(BigInt(plan.amount), plan.decimals)} {shown(plan.symbol)}
        </dd>
        <dt>Token</dt>
        <dd className="mono">{plan.token}</dd>
        <dt>To</dt>
        <dd className="mono">
          {plan.from} on {plan.network}
        </dd>
      </dl>
      <p className="field-hint">
        The marketplace sends whatever it owes this account when the transaction is mined.
      </p>
      <TxSteps
        steps={[
          {
            // The owner builds this call itself (Marketplace.withdraw(token)); the pipeline's decoder does
            // not know it and would name it "unknown call".
            call: 'withdraw',
            to: plan.review.effects.to,
            args: { token: plan.token },
            maxFee: plan.maxFee,
            estimated: false,
          },
        ]}
        testId="withdraw"
      />
      <PlanActions verb="Withdraw" {...actions} onReplan={() => actions.onReplan()} />
    </div>
  );
}
