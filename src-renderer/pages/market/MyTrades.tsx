import { useCallback, useState } from 'react';
import type { BoughtLicense, Sale } from '../../../src-shared/domain/market-buy.js';
import { Button } from '../../components/Button.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { RetryError } from '../../components/RetryError.js';
import { errorMessage } from '../../state/errors.js';
import { useMarket } from '../../state/market.js';
import { marketBuy } from '../../state/market-buy.js';
import { useNavigation } from '../../state/navigation.js';
import { useVault } from '../../state/vault.js';
import { shortAddress, shown } from './text.js';
import { usePoll } from './use-poll.js';

interface Trades {
  licenses: BoughtLicense[] | null;
  sales: Sale[] | null;
  error: string | null;
}

/** What this Sahel bought (and where each delivery stands) and what it sold, side by side. */
export function MyTrades() {
  const [trades, setTrades] = useState<Trades>({ licenses: null, sales: null, error: null });
  const load = useCallback(async () => {
    try {
      const [licenses, sales] = await Promise.all([marketBuy.licenses(), marketBuy.sales()]);
      setTrades({ licenses, sales, error: null });
    } catch (err) {
      setTrades((t) => ({ ...t, error: errorMessage(err) }));
    }
  }, []);
  usePoll(load);
  return (
    <div className="market-trades">
      {trades.error && (
        <RetryError onRetry={load}>Could not read your licences and sales: {trades.error}</RetryError>
      )}
      <section className="market-section" aria-labelledby="market-licences-title">
        <h2 id="market-licences-title" className="market-section-title">
          My licences
        </h2>
        {trades.licenses?.length === 0 && <p className="field-hint">Nothing bought on this network yet.</p>}
        {trades.licenses && trades.licenses.length > 0 && (
          <ul className="market-list" data-testid="my-licences">
            {trades.licenses.map((l) => (
              <LicenceRow key={l.licenseId} licence={l} onChanged={load} />
            ))}
          </ul>
        )}
      </section>
      <section className="market-section" aria-labelledby="market-sales-title">
        <h2 id="market-sales-title" className="market-section-title">
          My sales
        </h2>
        {trades.sales?.length === 0 && <p className="field-hint">Nothing sold on this network yet.</p>}
        {trades.sales && trades.sales.length > 0 && (
          <ul className="market-list" data-testid="my-sales">
            {trades.sales.map((s) => (
              <li key={s.licenseId} className="market-item" data-state={s.state}>
                <div className="market-item-head">
                  <AssetButton assetId={s.assetId} />
                  <span>{SALE_STATE[s.state]}</span>
                </div>
                <div className="market-item-meta">
                  <span>licence #{s.licenseId}</span>
                  <span title={s.buyer}>to {shortAddress(s.buyer)}</span>
                </div>
                {s.reason && <p className="market-warning">{shown(s.reason)}</p>}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

const SALE_STATE: Record<Sale['state'], string> = {
  pending: 'delivery pending',
  sent: 'delivery sent',
  delivered: 'delivered',
  failed: 'delivery failed',
};

function licenceState(l: BoughtLicense): string {
  if (l.refundable) return 'not delivered in time: refundable';
  // An escrowed licence with a reason was delivered but not imported yet (the reason says why).
  if (l.state === 'escrowed' && l.reason) return 'delivered: not imported yet';
  if (l.state === 'escrowed') return 'escrowed: waiting for the seller’s delivery';
  if (l.state === 'buying') return 'buying';
  return l.state;
}

function LicenceRow({ licence: l, onChanged }: { licence: BoughtLicense; onChanged(): Promise<void> }) {
  const [asking, setAsking] = useState(false);
  return (
    <li className="market-item" data-licence={l.licenseId} data-state={l.state}>
      <div className="market-item-head">
        <AssetButton assetId={l.assetId} />
        <span className="market-licence-state">{licenceState(l)}</span>
      </div>
      <div className="market-item-meta">
        <span>licence #{l.licenseId}</span>
        <span title={l.seller}>from {shortAddress(l.seller)}</span>
      </div>
      {/* Received with a reason: a bought adapter or model whose file is not one (a plain vault file). */}
      {(l.state === 'failed' || l.state === 'escrowed' || l.state === 'received') && l.reason && (
        <p className="market-warning">{shown(l.reason)}</p>
      )}
      {((l.state === 'received' && l.itemId) || l.refundable) && (
        <div className="market-actions">
          {l.state === 'received' && l.itemId && <OpenInVault itemId={l.itemId} />}
          {l.refundable && <Button onClick={() => setAsking(true)}>Refund…</Button>}
        </div>
      )}
      {asking && (
        <ConfirmDialog
          title={`Refund licence #${l.licenseId}?`}
          confirmLabel="Refund"
          onClose={() => setAsking(false)}
          onConfirm={async () => {
            await marketBuy.refund(l.licenseId);
            setAsking(false);
            await onChanged();
          }}
        >
          The seller did not deliver by the deadline. Refunding ends this licence and credits its price back
          to you on the marketplace, where it waits to be withdrawn (under My earnings).
        </ConfirmDialog>
      )}
    </li>
  );
}

/** The asset's title when the listings on screen have it (the rows carry only its id). */
function AssetButton({ assetId }: { assetId: string }) {
  const open = useMarket((s) => s.open);
  const title = useMarket((s) => s.result?.listings.find((l) => l.assetId === assetId)?.title);
  return (
    <button type="button" className="market-item-title" onClick={() => void open(assetId)}>
      {title ? `${shown(title)} (asset #${assetId})` : `asset #${assetId}`}
    </button>
  );
}

/** Received assets are imported at the vault's top level. */
function OpenInVault({ itemId }: { itemId: string }) {
  return (
    <Button
      onClick={() => {
        const vault = useVault.getState();
        vault.openFolder([]);
        vault.select(itemId);
        useNavigation.getState().go('vault');
      }}
    >
      Open in vault
    </Button>
  );
}
