import { type FormEvent, Fragment } from 'react';
import { formatUnits } from '../../../src-shared/domain/amount.js';
import type { PublishPlan, PublishResult } from '../../../src-shared/domain/market-publish.js';
import { Button } from '../../components/Button.js';
import { FormError } from '../../components/FormError.js';

const WEI_DECIMALS = 18;

function licence(o: PublishPlan['offer']): string {
  const length = o.durationSeconds === 0 ? 'perpetual' : `${+(o.durationSeconds / 86_400).toFixed(2)} days`;
  const seats = o.seats === 0 ? 'unlimited seats' : `${o.seats} seats`;
  const uses = [
    o.commercialUse ? 'commercial use' : 'no commercial use',
    o.derivativesAllowed ? 'derivatives allowed' : 'no derivatives',
  ];
  return [length, seats, ...uses].join(', ');
}

interface PublishReviewProps {
  plan: PublishPlan;
  busy: boolean;
  error: string | null;
  /** Its confirmation was tried and failed: the primary button plans again instead. */
  spent: boolean;
  onBack(): void;
  onConfirm(): void;
  onReplan(e: FormEvent): void;
}

/**
 * The plan, before anything goes on chain: every transaction with its decoded arguments and fee, where
 * the ciphertext will live, the listing. Its Publish button is the one confirmation. Everything from
 * the plan is shown as plain text (React escapes it); nothing here is rendered as markup.
 */
export function PublishReview({ plan, busy, error, spent, onBack, onConfirm, onReplan }: PublishReviewProps) {
  const meta = plan.metadata;
  const totalFee = plan.steps.reduce((sum, s) => sum + BigInt(s.maxFee), 0n);
  return (
    <div className="form publish-review" data-testid="publish-review">
      <dl className="vault-meta publish-meta">
        <dt>Listing</dt>
        <dd>
          {meta.title} ({meta.kind}), {meta.content.size} bytes
        </dd>
        <dt>Price</dt>
        <dd className="mono">
          {formatUnits(BigInt(plan.offer.price), plan.offer.decimals)} {plan.offer.symbol}
        </dd>
        <dt>Licence</dt>
        <dd>{licence(plan.offer)}</dd>
        <dt>From</dt>
        <dd className="mono">
          {plan.from} on {plan.network}
        </dd>
        <dt>Ciphertext</dt>
        <dd className="mono">
          {meta.ciphertext.sha256} ({meta.ciphertext.size} bytes)
        </dd>
        {meta.ciphertext.locations.map((l) => (
          <Fragment key={l.kind === 'ipfs' ? l.cid : l.url}>
            <dt>Hosted ({l.kind === 'peer' ? 'by this Sahel' : l.kind})</dt>
            <dd className="mono">{l.kind === 'ipfs' ? l.cid : l.url}</dd>
          </Fragment>
        ))}
        {meta.ciphertext.locations.some((l) => l.kind === 'url') && (
          <>
            <dt>Upload first</dt>
            <dd data-testid="publish-upload">
              Put this file at the URL above before you publish; it is fetched back and checked:{' '}
              <span className="mono">{plan.ciphertextFile}</span>
            </dd>
          </>
        )}
        {plan.assetId && (
          <>
            <dt>Already registered</dt>
            <dd>asset #{plan.assetId}: only the offer is left to create</dd>
          </>
        )}
      </dl>
      <h3 className="publish-heading">Transactions</h3>
      <ol className="publish-steps" data-testid="publish-steps">
        {plan.steps.map((s) => (
          <li key={s.step}>
            <span className="mono">{s.call}</span> to <span className="mono">{s.to}</span>
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
      <p data-testid="publish-total-fee">
        Fees in all: at most <span className="mono">{formatUnits(totalFee, WEI_DECIMALS)} ETH</span>
      </p>
      <FormError error={error} />
      <div className="dialog-actions">
        <Button onClick={onBack} disabled={busy}>
          Back
        </Button>
        <Button variant="primary" onClick={spent ? onReplan : onConfirm} disabled={busy} aria-busy={busy}>
          {busy && <span className="spinner" aria-hidden="true" />}
          {spent ? 'Plan again' : 'Publish'}
        </Button>
      </div>
    </div>
  );
}

/** After the confirmation: what is now on chain. */
export function PublishDone({ result }: { result: PublishResult }) {
  return (
    <p role="status" data-testid="publish-done">
      Published as asset <span className="mono">#{result.assetId}</span>, offer{' '}
      <span className="mono">#{result.offerId}</span>.
    </p>
  );
}
