import { useState } from 'react';
import type { TxRecord } from '../../../src-shared/domain/tx.js';
import { Button } from '../../components/Button.js';
import { FormError } from '../../components/FormError.js';
import { formatWhen } from '../../components/format.js';
import { RetryError } from '../../components/RetryError.js';
import { errorMessage } from '../../state/errors.js';
import { useTx } from '../../state/tx.js';
import { accountLabel, useWallet } from '../../state/wallet.js';
import { CopyButton } from './CopyButton.js';
import { TxStatusBadge } from './TxStatusBadge.js';
import { formatUnits, shortAddress } from './units.js';

const KIND: Record<TxRecord['kind'], string> = {
  send: 'Send',
  call: 'Contract call',
  'speed-up': 'Speed-up',
  cancel: 'Cancel',
};

/** What a transaction moved, in one line: "1.5 ETH", or the call's name when nothing leaves. */
function summary(tx: TxRecord): string {
  const out = tx.effects.outflows.filter((o) => !o.approval);
  if (out.length > 0) return out.map((o) => `${formatUnits(o.amount, o.decimals, 6)} ${o.symbol}`).join(', ');
  if (tx.kind === 'cancel') return 'Nothing (replaces a pending one)';
  return tx.effects.call ?? 'Nothing';
}

/** The wallet's transactions on this network, newest first; a pending one can be sped up or cancelled. */
export function History() {
  const history = useTx((s) => s.history);
  const historyError = useTx((s) => s.historyError);
  const accounts = useWallet((s) => s.accounts) ?? [];
  // A pending one with a pending replacement is already being sped up or cancelled: one at a time.
  const superseded = new Set(
    (history ?? []).filter((t) => t.status === 'pending' && t.replaces).map((t) => t.replaces),
  );
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const label = (address: string | null) => {
    if (!address) return 'a new contract';
    const own = accounts.find((a) => a.address.toLowerCase() === address.toLowerCase());
    return own ? accountLabel(own) : shortAddress(address);
  };

  const replace = async (tx: TxRecord, how: 'speedUp' | 'cancel') => {
    const api = useTx.getState();
    if (busy) return;
    setBusy(`${how}:${tx.hash}`);
    setError(null);
    try {
      await api[how]({ hash: tx.hash });
      await useTx.getState().loadHistory();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="wallet-history" aria-labelledby="wallet-history-title">
      <div className="wallet-section-head">
        <h2 id="wallet-history-title" className="wallet-section-title">
          History
        </h2>
      </div>
      <FormError error={error} />
      {historyError && !history ? (
        <RetryError onRetry={() => useTx.getState().loadHistory()}>
          Could not load the history: {historyError}
        </RetryError>
      ) : history === null ? (
        <p className="muted">Loading…</p>
      ) : history.length === 0 ? (
        <p className="muted wallet-empty">No transactions on this network yet.</p>
      ) : (
        <table className="wallet-history-table" data-testid="wallet-history">
          <thead>
            <tr>
              <th scope="col">Status</th>
              <th scope="col">What</th>
              <th scope="col">From → to</th>
              <th scope="col">When</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {history.map((tx) => (
              <tr key={tx.hash} data-status={tx.status} data-hash={tx.hash}>
                <td>
                  <TxStatusBadge status={tx.status} />
                </td>
                <td>
                  <div className="wallet-history-what">{summary(tx)}</div>
                  <div className="hint">
                    {KIND[tx.kind]} · <span className="mono">{shortAddress(tx.hash)}</span>
                    <CopyButton text={tx.hash} label="Copy transaction hash" />
                  </div>
                </td>
                <td>
                  {label(tx.from)} → {label(tx.effects.outflows[0]?.to ?? tx.to)}
                </td>
                <td title={tx.createdAt}>{formatWhen(tx.createdAt)}</td>
                <td>
                  {tx.status === 'pending' && superseded.has(tx.hash) && (
                    <span className="hint">Being replaced</span>
                  )}
                  {tx.status === 'pending' && !superseded.has(tx.hash) && (
                    <div className="wallet-history-actions">
                      <Button
                        size="sm"
                        disabled={busy !== null}
                        aria-busy={busy === `speedUp:${tx.hash}`}
                        onClick={() => void replace(tx, 'speedUp')}
                        title="Send it again with a higher fee, so it is mined sooner"
                      >
                        Speed up
                      </Button>
                      <Button
                        size="sm"
                        disabled={busy !== null}
                        aria-busy={busy === `cancel:${tx.hash}`}
                        onClick={() => void replace(tx, 'cancel')}
                        title="Replace it by an empty send to yourself with a higher fee"
                      >
                        Cancel
                      </Button>
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
