import { formatUnits } from '../../../src-shared/domain/amount.js';
import type { BuyPlan, BuyResult } from '../../../src-shared/domain/market-buy.js';
import { keyFingerprint } from './buy-text.js';
import { PlanActions, type PlanReviewProps, TxSteps } from './PlanReview.js';
import { licenceText } from './PublishReview.js';
import { SplitHead } from './SplitTable.js';
import { shown } from './text.js';

interface BuyReviewProps extends PlanReviewProps {
  plan: BuyPlan;
}

/**
 * The plan, before anything goes on chain: the price, where every unit of it goes, the licence, the
 * exact approval, each transaction with its fee, the account paying and the licence's key. Its Buy
 * button is the one confirmation. Everything from the plan is shown as plain text.
 */
export function BuyReview({ plan, ...actions }: BuyReviewProps) {
  const amount = (v: string) => `${formatUnits(BigInt(v), plan.decimals)} ${shown(plan.symbol)}`;
  const title = plan.metadata ? shown(plan.metadata.title) : `asset #${plan.assetId}`;
  const totalFee = plan.steps.reduce((sum, s) => sum + BigInt(s.maxFee), 0n);
  return (
    <div className="form publish-review" data-testid="buy-review">
      <dl className="vault-meta publish-meta">
        <dt>Buying</dt>
        <dd>
          {title}, offer #{plan.offerId} (asset #{plan.assetId})
        </dd>
        <dt>Price</dt>
        <dd className="mono" data-testid="buy-price">
          {amount(plan.price)}
        </dd>
        <dt>Token</dt>
        <dd className="mono">{plan.token}</dd>
        <dt>Licence</dt>
        <dd>{licenceText(plan.terms)}</dd>
        <dt>Approval</dt>
        <dd data-testid="buy-approval">
          {plan.approval === null
            ? 'None needed: the marketplace may already spend the price.'
            : `Exactly ${amount(plan.approval)} for the marketplace, never unlimited.`}
        </dd>
        <dt>Paid from</dt>
        <dd className="mono">
          {plan.from} on {plan.network}
        </dd>
        <dt>Sealed to</dt>
        <dd>
          A key made for this licence, opened only by your vault:{' '}
          <span className="mono" data-testid="buy-key">
            {keyFingerprint(plan.buyerPubKey)}
          </span>
        </dd>
      </dl>
      <h3 className="publish-heading">Where the price goes</h3>
      <table className="market-split" data-testid="buy-split">
        <SplitHead />
        <tbody>
          {plan.split.map((s) => (
            <tr key={`${s.role}-${s.account}`} data-role={s.role}>
              <td className="mono">{s.account}</td>
              <td className="mono">{amount(s.amount)}</td>
              <td>{s.role === 'fee' ? 'Platform fee' : s.account === plan.seller ? 'Seller' : 'Share'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <TxSteps steps={plan.steps.map((s) => ({ ...s, call: s.step }))} testId="buy" />
      <p data-testid="buy-total">
        In all: <span className="mono">{amount(plan.price)}</span> and at most{' '}
        <span className="mono">{formatUnits(totalFee, 18)} ETH</span> in fees.
      </p>
      <PlanActions verb="Buy" {...actions} />
    </div>
  );
}

/** After the confirmation: the licence, and what happens next without the user. */
export function BuyDone({ result }: { result: BuyResult }) {
  return (
    <p role="status" data-testid="buy-done">
      Bought licence <span className="mono">#{result.licenseId}</span>. Delivery pending: the seller's Sahel
      delivers it; it will appear in your vault.
    </p>
  );
}
