import { useEffect, useRef } from 'react';
import type { TxRecord } from '../../../src-shared/domain/tx.js';
import { Button } from '../../components/Button.js';
import { useTx } from '../../state/tx.js';
import { CopyButton } from './CopyButton.js';
import { TxStatusBadge } from './TxStatusBadge.js';
import { formatUnits, NATIVE_DECIMALS, NATIVE_SYMBOL, shortAddress } from './units.js';

/**
 * The latest version of a sent transaction: a speed-up or cancel replaces it by another hash, which
 * is the one to follow.
 */
export function followReplacements(history: TxRecord[] | null, hash: string): TxRecord | null {
  let current = history?.find((t) => t.hash === hash) ?? null;
  for (let hops = 0; current?.status === 'replaced' && hops < 16; hops++) {
    const replaced: string = current.hash;
    const next = history?.find((t) => t.replaces === replaced && t.status !== 'dropped');
    if (!next) break;
    current = next;
  }
  return current;
}

/** After signing: pending → confirmed or failed, live from 'tx.updated'. */
export function SendProgress({ hash, onClose }: { hash: string; onClose(): void }) {
  const tx = useTx((s) => followReplacements(s.history, hash));
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => closeRef.current?.focus(), []);
  // The record arrives with the first 'tx.updated'; read the history too in case that event was missed.
  useEffect(() => {
    if (!useTx.getState().history?.some((t) => t.hash === hash)) void useTx.getState().loadHistory();
  }, [hash]);

  const status = tx?.status ?? 'pending';
  return (
    <div className="wallet-progress" data-testid="wallet-send-progress" data-status={status}>
      <div className="wallet-progress-state" role="status" aria-live="polite">
        {status === 'pending' && <span className="spinner" aria-hidden="true" />}
        <TxStatusBadge status={status} />
        <span>
          {status === 'pending'
            ? 'Broadcast. Waiting for it to be included in a block…'
            : status === 'confirmed'
              ? `Included in block ${tx?.blockNumber ?? '?'}.`
              : status === 'failed'
                ? 'It was mined but failed: nothing was sent except the fee.'
                : status === 'dropped'
                  ? 'The network dropped it: nothing was sent.'
                  : 'Replaced by another transaction.'}
        </span>
      </div>
      <dl className="wallet-review-list">
        <div className="wallet-review-row">
          <dt>Transaction</dt>
          <dd>
            <span className="mono" title={tx?.hash ?? hash}>
              {shortAddress(tx?.hash ?? hash)}
            </span>
            <CopyButton text={tx?.hash ?? hash} label="Copy transaction hash" />
          </dd>
        </div>
        {tx?.fee && (
          <div className="wallet-review-row">
            <dt>Fee paid</dt>
            <dd className="mono">
              {formatUnits(tx.fee, NATIVE_DECIMALS)} {NATIVE_SYMBOL}
            </dd>
          </div>
        )}
      </dl>
      {status === 'pending' && (
        <p className="field-note">You can close this: the transaction goes on, and History follows it.</p>
      )}
      <div className="dialog-actions">
        <Button ref={closeRef} variant="primary" onClick={onClose}>
          {status === 'pending' ? 'Close' : 'Done'}
        </Button>
      </div>
    </div>
  );
}
