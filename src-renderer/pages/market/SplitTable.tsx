import { formatUnits } from '../../../src-shared/domain/amount.js';
import type { PurchaseSplit } from '../../../src-shared/domain/market.js';
import { priceText, shown } from './text.js';

/** Why an account is paid, as the split table and the earnings name it. */
export const ROLE: Record<PurchaseSplit['recipients'][number]['role'], string> = {
  fee: 'Platform fee',
  parent: 'Parent royalty',
  contributor: 'Contributor',
  seller: 'Seller',
  unexplained: 'Other',
};

/** The contract's quoteSplit for one purchase, one row per payment, each with its reason. */
export function SplitTable({ split }: { split: PurchaseSplit }) {
  return (
    <>
      <p className="field-hint">
        One licence of offer {split.offerId} at {priceText(split)} pays, as the contract quotes it now:
      </p>
      <table className="market-split">
        <SplitHead />
        <tbody>
          {split.recipients.map((r) => (
            <tr key={`${r.role}-${r.account}-${r.why}`} data-role={r.role}>
              <td className="mono" title={r.account}>
                {r.account}
              </td>
              <td className="mono">
                {formatUnits(r.amount, split.decimals)} {shown(split.symbol)}
              </td>
              <td>
                <strong>{ROLE[r.role]}</strong>: {shown(r.why)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** The columns of a split, on the asset page and in the buy review. */
export function SplitHead() {
  return (
    <thead>
      <tr>
        <th scope="col">Recipient</th>
        <th scope="col">Amount</th>
        <th scope="col">Why</th>
      </tr>
    </thead>
  );
}
