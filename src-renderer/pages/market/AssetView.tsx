import type { AssetPage, AssetRef } from '../../../src-shared/domain/market.js';
import { Button } from '../../components/Button.js';
import { formatBytes } from '../../components/format.js';
import { RetryError } from '../../components/RetryError.js';
import { useMarket } from '../../state/market.js';
import { BuyButton } from './BuyButton.js';
import { SplitTable } from './SplitTable.js';
import { pct, priceText, shown, termsText } from './text.js';

/** One asset: what it is, where it comes from, its offers, and where a purchase's money goes. */
export function AssetView({ assetId }: { assetId: string }) {
  const { asset, assetError, open } = useMarket();
  const back = (
    <Button variant="quiet" onClick={() => void open(null)}>
      ← All listings
    </Button>
  );
  if (assetError) {
    return (
      <>
        {back}
        <RetryError onRetry={() => open(assetId)}>
          Could not show asset #{assetId}: {assetError}
        </RetryError>
      </>
    );
  }
  if (!asset) {
    return (
      <>
        {back}
        <p className="field-hint" aria-live="polite">
          Loading asset #{assetId}…
        </p>
      </>
    );
  }
  return (
    <article className="market-asset" aria-labelledby="market-asset-title">
      {back}
      <header className="market-asset-head">
        <h2 id="market-asset-title" className="market-asset-title">
          {shown(asset.title)}
        </h2>
        <span className="market-kind">{asset.kind}</span>
        <span className="field-hint">asset #{asset.assetId}</span>
      </header>
      {asset.metadata.problem && (
        <p className="market-warning" data-state={asset.metadata.state}>
          {shown(asset.metadata.problem)}
        </p>
      )}
      {asset.description && <p className="market-description">{shown(asset.description)}</p>}
      {asset.tags.length > 0 && <p className="field-hint">Tags: {asset.tags.map(shown).join(', ')}</p>}
      <Offers asset={asset} />
      <section className="market-section" aria-labelledby="market-split-title">
        <h3 id="market-split-title" className="market-section-title">
          Where one purchase goes
        </h3>
        {asset.split ? (
          <SplitTable split={asset.split} />
        ) : (
          <p className="field-hint">
            {asset.splitProblem ? shown(asset.splitProblem) : 'No live offer to quote.'}
          </p>
        )}
      </section>
      <Provenance asset={asset} />
      <section className="market-section" aria-labelledby="market-hashes-title">
        <h3 id="market-hashes-title" className="market-section-title">
          Content
        </h3>
        <dl className="market-facts">
          <dt>Plaintext sha256 (on chain)</dt>
          <dd className="mono">{asset.contentHash}</dd>
          <dt>Ciphertext sha256 (the seller's claim, checked on download)</dt>
          <dd className="mono">{asset.ciphertext?.sha256 ?? 'not given'}</dd>
          {asset.content && (
            <>
              <dt>Size and format</dt>
              <dd>
                {formatBytes(asset.content.size)}, {shown(asset.content.format)}
              </dd>
            </>
          )}
          {asset.ciphertext?.locations.map((l) => (
            <Fragmentless key={`${l.kind}-${l.where}`} term={`Location (${l.kind})`} value={l.where} />
          ))}
          <dt>Metadata URI</dt>
          <dd className="mono market-uri">{shown(asset.metadataURI)}</dd>
          <dt>Owner</dt>
          <dd className="mono">{asset.owner}</dd>
        </dl>
      </section>
      {asset.licenseText && (
        <section className="market-section" aria-labelledby="market-licence-title">
          <h3 id="market-licence-title" className="market-section-title">
            Licence text
          </h3>
          <p className="market-description">{shown(asset.licenseText)}</p>
        </section>
      )}
      <RefList title="The owner's other assets" refs={asset.sellerOther} />
    </article>
  );
}

function Fragmentless({ term, value }: { term: string; value: string }) {
  return (
    <>
      <dt>{term}</dt>
      <dd className="mono market-uri">{shown(value)}</dd>
    </>
  );
}

function Offers({ asset }: { asset: AssetPage }) {
  const l = asset.licenses;
  return (
    <section className="market-section" aria-labelledby="market-offers-title">
      <h3 id="market-offers-title" className="market-section-title">
        Offers
      </h3>
      <p className="field-hint">
        {l.sold} licence{l.sold === 1 ? '' : 's'} sold: {l.delivered} delivered, {l.escrowed} awaiting
        delivery, {l.refunded} refunded.
      </p>
      {asset.offers.length === 0 && <p className="field-hint">No offers.</p>}
      <ul className="market-list">
        {asset.offers.map((o) => (
          <li key={o.offerId} className="market-item" data-offer={o.offerId}>
            <div className="market-item-head">
              <span>
                Offer {o.offerId}
                {o.live ? '' : ' (closed)'}
              </span>
              <span className="market-price">{priceText(o.terms)}</span>
            </div>
            <div className="market-item-meta">
              <span>{termsText(o.terms)}</span>
              <span>{o.sold} sold</span>
            </div>
            {o.live && <BuyButton offerId={o.offerId} title={shown(asset.title)} />}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Provenance({ asset }: { asset: AssetPage }) {
  return (
    <section className="market-section" aria-labelledby="market-provenance-title">
      <h3 id="market-provenance-title" className="market-section-title">
        Provenance
      </h3>
      <p className="field-label">Contributors</p>
      <ul className="market-plain-list">
        {asset.contributors.map((c) => (
          <li key={c.account}>
            <span className="mono">{c.account}</span> — {pct(c.bps)}
          </li>
        ))}
      </ul>
      {asset.parents.length > 0 && (
        <>
          <p className="field-label">Derived from (each parent takes a royalty of the price after the fee)</p>
          <ul className="market-plain-list">
            {asset.parents.map((p) => (
              <li key={p.assetId}>
                <AssetLink r={p} /> — royalty {pct(p.bps)}
              </li>
            ))}
          </ul>
        </>
      )}
      <RefList title="Assets derived from it" refs={asset.derived} />
    </section>
  );
}

function RefList({ title, refs }: { title: string; refs: AssetRef[] }) {
  if (refs.length === 0) return null;
  return (
    <>
      <p className="field-label">{title}</p>
      <ul className="market-plain-list">
        {refs.map((r) => (
          <li key={r.assetId}>
            <AssetLink r={r} />
          </li>
        ))}
      </ul>
    </>
  );
}

function AssetLink({ r }: { r: AssetRef }) {
  const open = useMarket((s) => s.open);
  return (
    <Button variant="link" onClick={() => void open(r.assetId)}>
      #{r.assetId} {shown(r.title)} ({r.kind})
    </Button>
  );
}
