import { Fragment } from 'react';
import { formatUnits } from '../../../src-shared/domain/amount.js';
import { locationText } from '../../../src-shared/domain/asset-metadata.js';
import type { PublishPlan, PublishResult } from '../../../src-shared/domain/market-publish.js';
import { PlanActions, type PlanReviewProps, TxSteps } from './PlanReview.js';

/** Licence terms in words, for a review (publish and buy). */
export function licenceText(
  o: Pick<PublishPlan['offer'], 'durationSeconds' | 'seats' | 'commercialUse' | 'derivativesAllowed'>,
): string {
  const length = o.durationSeconds === 0 ? 'perpetual' : `${+(o.durationSeconds / 86_400).toFixed(2)} days`;
  const seats = o.seats === 0 ? 'unlimited seats' : `${o.seats} seats`;
  const uses = [
    o.commercialUse ? 'commercial use' : 'no commercial use',
    o.derivativesAllowed ? 'derivatives allowed' : 'no derivatives',
  ];
  return [length, seats, ...uses].join(', ');
}

interface PublishReviewProps extends PlanReviewProps {
  plan: PublishPlan;
}

/**
 * The plan, before anything goes on chain: every transaction with its decoded arguments and fee, where
 * the ciphertext will live, the listing. Its Publish button is the one confirmation. Everything from
 * the plan is shown as plain text (React escapes it); nothing here is rendered as markup.
 */
export function PublishReview({ plan, ...actions }: PublishReviewProps) {
  const meta = plan.metadata;
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
        <dd>{licenceText(plan.offer)}</dd>
        <dt>From</dt>
        <dd className="mono">
          {plan.from} on {plan.network}
        </dd>
        <dt>Ciphertext</dt>
        <dd className="mono">
          {meta.ciphertext.sha256} ({meta.ciphertext.size} bytes)
        </dd>
        {meta.ciphertext.locations.map((l) => (
          <Fragment key={`${l.kind}:${locationText(l)}`}>
            <dt>Hosted ({l.kind === 'peer' ? 'by this Sahel' : l.kind})</dt>
            <dd className="mono">{locationText(l)}</dd>
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
        {plan.ipfs && (
          <>
            <dt>Pin first</dt>
            <dd data-testid="publish-ipfs">
              Pin this CAR file (the DAG of ipfs://{plan.ipfs.cid}) before you publish, with{' '}
              <span className="mono">ipfs dag import</span> on your IPFS node or a pinning service's CAR
              upload; it is fetched back through <span className="mono">{plan.ipfs.gateway}</span> and
              checked: <span className="mono">{plan.ipfs.carFile}</span>
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
      <TxSteps steps={plan.steps} testId="publish" />
      <PlanActions verb="Publish" {...actions} />
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
