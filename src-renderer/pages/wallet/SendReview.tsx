import { useEffect, useRef } from 'react';
import type { TxReview } from '../../../src-shared/domain/tx.js';
import { Button } from '../../components/Button.js';
import { FormError } from '../../components/FormError.js';
import { useSecondsUntil } from '../../components/use-seconds-until.js';
import { accountLabel, useWallet } from '../../state/wallet.js';
import { Identicon } from './Identicon.js';
import { formatUnits, NATIVE_DECIMALS, NATIVE_SYMBOL } from './units.js';

interface SendReviewProps {
  review: TxReview;
  busy: boolean;
  error: string | null;
  onBack(): void;
  onRefresh(): void;
  onConfirm(): void;
}

/**
 * What the owner's simulation says the transaction does — not what the form asked for — so a
 * surprise (an approval, another recipient) is visible before anything is signed.
 */
export function SendReview({ review, busy, error, onBack, onRefresh, onConfirm }: SendReviewProps) {
  const accounts = useWallet((s) => s.accounts) ?? [];
  const left = useSecondsUntil(Date.parse(review.expiresAt));
  const expired = left === 0;
  const { effects } = review;
  const own = (address: string) => accounts.find((a) => a.address.toLowerCase() === address.toLowerCase());
  const from = own(review.from);
  const ref = useRef<HTMLDivElement>(null);
  // The form that had focus is gone; start reading from the top, never on the Confirm button.
  useEffect(() => ref.current?.focus(), []);

  return (
    <div className="wallet-review" data-testid="wallet-review" ref={ref} tabIndex={-1}>
      <dl className="wallet-review-list">
        {effects.outflows.length === 0 && (
          <div className="wallet-review-row">
            <dt>Leaves your account</dt>
            <dd>Nothing but the fee</dd>
          </div>
        )}
        {effects.outflows.map((o) => {
          const ownTo = own(o.to);
          return (
            <div
              key={`${o.token ?? 'native'}:${o.to}:${o.amount}:${o.approval}`}
              className="wallet-review-row wallet-review-main"
              data-approval={o.approval || undefined}
            >
              <dt>{o.approval ? 'May be taken' : 'You send'}</dt>
              <dd>
                <span className="wallet-review-amount mono" data-testid="wallet-review-amount">
                  {formatUnits(o.amount, o.decimals)} {o.symbol}
                </span>
                <span className="wallet-review-to">
                  {o.approval ? 'by' : 'to'} <Identicon address={o.to} size={16} />{' '}
                  {ownTo && <strong>{accountLabel(ownTo)} </strong>}
                  <span className="mono wallet-address">{o.to}</span>
                </span>
                {o.approval && (
                  <span className="wallet-review-warn">
                    This lets that address take up to this amount later, without asking again.
                  </span>
                )}
              </dd>
            </div>
          );
        })}
        {effects.call && (
          <div className="wallet-review-row">
            <dt>Calls</dt>
            <dd>
              <span>
                <code>{effects.call}</code> on <span className="mono wallet-address">{effects.to}</span>
              </span>
            </dd>
          </div>
        )}
        <div className="wallet-review-row">
          <dt>Network fee, at most</dt>
          <dd className="mono" data-testid="wallet-review-fee">
            {formatUnits(effects.maxFee, NATIVE_DECIMALS)} {NATIVE_SYMBOL}
            <span className="hint">
              {' '}
              ({effects.gasLimit} gas × {formatUnits(effects.maxFeePerGas, 9)} gwei)
            </span>
          </dd>
        </div>
        <div className="wallet-review-row">
          <dt>From</dt>
          <dd>
            {from && <strong>{accountLabel(from)} </strong>}
            <span className="mono wallet-address">{review.from}</span>
          </dd>
        </div>
        <div className="wallet-review-row">
          <dt>Network</dt>
          <dd data-testid="wallet-review-network">
            <span>
              {review.network} · chain id <span className="mono">{review.chainId}</span>
            </span>
          </dd>
        </div>
      </dl>
      <p className="field-note" role="status">
        {expired
          ? 'This review has expired: fees and balances move on. Check again to see current figures.'
          : `Simulated just now. Valid for ${left} more seconds.`}
      </p>
      <FormError error={error} />
      <div className="dialog-actions">
        <Button onClick={onBack} disabled={busy}>
          Back
        </Button>
        {expired ? (
          <Button variant="primary" onClick={onRefresh} disabled={busy}>
            Check again
          </Button>
        ) : (
          <Button variant="primary" onClick={onConfirm} disabled={busy} aria-busy={busy}>
            {busy && <span className="spinner" aria-hidden="true" />}
            {busy ? 'Signing…' : 'Confirm and send'}
          </Button>
        )}
      </div>
    </div>
  );
}
