import { useCallback, useState } from 'react';
import { formatUnits } from '../../../src-shared/domain/amount.js';
import type { Earning, Earnings } from '../../../src-shared/domain/market-earnings.js';
import { Button } from '../../components/Button.js';
import { RetryError } from '../../components/RetryError.js';
import { errorMessage } from '../../state/errors.js';
import { marketEarnings } from '../../state/market-earnings.js';
import { accountLabel, useWallet } from '../../state/wallet.js';
import { EarningsChart } from './EarningsChart.js';
import { ROLE } from './SplitTable.js';
import { shortAddress, shown } from './text.js';
import { usePoll } from './use-poll.js';
import { WithdrawDialog } from './WithdrawDialog.js';

/**
 * What the marketplace owes each wallet account, per token (the contract's `owed`, read from the
 * chain), beside what sales credited it asset by asset, refunds and withdrawals; Withdraw… per row.
 */
export function MyEarnings() {
  const [earnings, setEarnings] = useState<Earnings | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setEarnings(await marketEarnings.earnings());
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    }
  }, []);
  usePoll(load);
  const rows = earnings?.earnings;
  return (
    <section className="market-section" aria-labelledby="market-earnings-title">
      <h2 id="market-earnings-title" className="market-section-title">
        My earnings
      </h2>
      {error && <RetryError onRetry={load}>Could not read your earnings: {error}</RetryError>}
      {earnings?.stale && <p className="market-warning">{shown(earnings.stale)}</p>}
      {rows?.length === 0 && <p className="field-hint">Nothing earned or owed on this network yet.</p>}
      {rows && rows.length > 0 && (
        <ul className="market-list" data-testid="my-earnings">
          {rows.map((e) => (
            <EarningRow key={`${e.account}|${e.token}`} earning={e} onChanged={load} />
          ))}
        </ul>
      )}
    </section>
  );
}

function EarningRow({ earning: e, onChanged }: { earning: Earning; onChanged(): Promise<void> }) {
  const [withdrawing, setWithdrawing] = useState(false);
  const named = useWallet((s) =>
    s.accounts?.find((a) => a.address.toLowerCase() === e.account.toLowerCase()),
  );
  const amount = (v: string) => `${formatUnits(BigInt(v), e.decimals)} ${shown(e.symbol)}`;
  const owed = BigInt(e.withdrawable) > 0n;
  return (
    <li className="market-item" data-account={e.account} data-token={e.token}>
      <div className="market-item-head">
        <span title={e.account}>
          {named ? `${accountLabel(named)} (${shortAddress(e.account)})` : e.account}
        </span>
        <span>
          withdrawable now{' '}
          <span className="mono" data-testid="earning-withdrawable">
            {amount(e.withdrawable)}
          </span>
        </span>
      </div>
      <dl className="vault-meta publish-meta">
        <dt>Credited by sales</dt>
        <dd className="mono" data-testid="earning-credited">
          {amount(e.credited)}
        </dd>
        <dt>Refunded to you</dt>
        <dd className="mono" data-testid="earning-refunded">
          {amount(e.refunded)}
        </dd>
        <dt>Withdrawn</dt>
        <dd className="mono" data-testid="earning-withdrawn">
          {amount(e.withdrawn)}
        </dd>
        <dt>Token</dt>
        <dd className="mono">{e.token}</dd>
      </dl>
      <EarningsChart history={e.history} decimals={e.decimals} symbol={e.symbol} />
      {e.assets.length > 0 && (
        <table className="market-split" data-testid="earning-assets">
          <thead>
            <tr>
              <th scope="col">Asset</th>
              <th scope="col">Credited</th>
              <th scope="col">Licences</th>
              <th scope="col">As</th>
            </tr>
          </thead>
          <tbody>
            {e.assets.map((a) => (
              <tr key={a.assetId} data-asset={a.assetId}>
                <td>asset #{a.assetId}</td>
                <td className="mono">{amount(a.credited)}</td>
                <td>{a.licences}</td>
                <td>{a.roles.map((r) => ROLE[r]).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {owed && (
        <div className="market-actions">
          <Button onClick={() => setWithdrawing(true)}>Withdraw…</Button>
        </div>
      )}
      {withdrawing && (
        <WithdrawDialog
          account={e.account}
          token={e.token}
          title={`Withdraw ${shown(e.symbol)} to ${named ? accountLabel(named) : shortAddress(e.account)}`}
          onDone={onChanged}
          onClose={() => setWithdrawing(false)}
        />
      )}
    </li>
  );
}
