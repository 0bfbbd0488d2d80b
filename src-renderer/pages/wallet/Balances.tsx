import { RetryError } from '../../components/RetryError.js';
import { useAccountBalances, useTx } from '../../state/tx.js';
import { formatUnits, NATIVE_DECIMALS, NATIVE_SYMBOL } from './units.js';

/** One address's native and token balances, as last read, and whether they are stale. */
export function Balances({ address }: { address: string }) {
  const balances = useAccountBalances(address);
  const balancesError = useTx((s) => s.balancesError);
  const asOf = useTx((s) => s.balances?.asOf);

  return (
    <div className="wallet-balances" data-testid="wallet-balances">
      {balancesError && !balances ? (
        <RetryError onRetry={() => useTx.getState().loadBalances()}>
          Could not read balances: {balancesError}
        </RetryError>
      ) : !balances ? (
        <p className="muted">Reading balances…</p>
      ) : (
        <table className="wallet-balance-table">
          <tbody>
            <tr>
              <th scope="row">{NATIVE_SYMBOL}</th>
              <td className="mono" data-testid="wallet-native-balance">
                {formatUnits(balances.native, NATIVE_DECIMALS, 6)}
              </td>
            </tr>
            {balances.tokens.map((t) => (
              <tr key={t.token}>
                <th scope="row" title={t.token}>
                  {t.symbol}
                </th>
                <td className="mono">{formatUnits(t.balance, t.decimals, 6)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {asOf?.stale && (
        <p className="muted" role="status" data-testid="wallet-balances-stale">
          The network does not answer: these are the balances of block {asOf.block.toLocaleString()}, read{' '}
          {new Date(asOf.at).toLocaleString()}.
        </p>
      )}
    </div>
  );
}
