import type { TxStatus } from '../../../src-shared/domain/tx.js';

const LABELS: Record<TxStatus, string> = {
  pending: 'Pending',
  confirmed: 'Confirmed',
  failed: 'Failed',
  replaced: 'Replaced',
  dropped: 'Dropped',
};

export function TxStatusBadge({ status }: { status: TxStatus }) {
  return (
    <span className="wallet-status" data-status={status}>
      {LABELS[status]}
    </span>
  );
}
