import { type FormEvent, useEffect } from 'react';
import { ASSET_KINDS, type AssetKind } from '../../../src-shared/domain/asset-metadata.js';
import type { MarketListing, MarketSort } from '../../../src-shared/domain/market.js';
import { Button } from '../../components/Button.js';
import { RetryError } from '../../components/RetryError.js';
import { SelectField } from '../../components/SelectField.js';
import { TextField } from '../../components/TextField.js';
import { useMarket } from '../../state/market.js';
import { useNavigation } from '../../state/navigation.js';
import { priceText, shown, termsText } from './text.js';

const KIND_OPTIONS = [
  { value: '', label: 'Any kind' },
  ...ASSET_KINDS.map((k) => ({ value: k, label: k[0]!.toUpperCase() + k.slice(1) })),
] as const;
const SORT_OPTIONS: { value: MarketSort; label: string }[] = [
  { value: 'newest', label: 'Newest' },
  { value: 'price', label: 'Price, lowest first' },
  { value: 'sold', label: 'Most licences sold' },
];
const LICENSES = [
  ['commercial', 'Commercial use'],
  ['derivatives', 'Derivatives allowed'],
  ['perpetual', 'Perpetual'],
] as const;

/** The listings, with filters and a sort; a row opens the asset's page. */
export function Browse() {
  const { query, result, searching, searchError, setQuery, search, more } = useMarket();
  useEffect(() => {
    void useMarket.getState().search();
  }, []);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void search();
  };
  const licence = query.license ?? [];
  return (
    <>
      <p className="field-hint market-publish-pointer">
        To sell something, open it on the{' '}
        <Button variant="link" onClick={() => useNavigation.getState().go('vault')}>
          Vault page
        </Button>{' '}
        and choose “Publish…”.
      </p>
      <form className="market-filters" onSubmit={submit} aria-label="Search the market">
        <TextField
          label="Search"
          value={query.text ?? ''}
          onChange={(text) => setQuery({ text })}
          placeholder="Words in the title, description or tags"
          maxLength={200}
        />
        <div className="market-filter-row">
          <div className="market-filter">
            <SelectField
              label="Kind"
              value={query.kind ?? ''}
              options={KIND_OPTIONS}
              onChange={(k) => setQuery({ kind: k === '' ? undefined : (k as AssetKind) })}
            />
          </div>
          <div className="market-filter">
            <TextField
              label="Highest price"
              value={query.maxPrice ?? ''}
              onChange={(p) => setQuery({ maxPrice: p.trim() === '' ? undefined : p })}
              placeholder="Any"
              inputMode="decimal"
              mono
            />
          </div>
          <div className="market-filter">
            <SelectField
              label="Sort"
              value={query.sort ?? 'newest'}
              options={SORT_OPTIONS}
              onChange={(sort) => {
                setQuery({ sort });
                void search();
              }}
            />
          </div>
        </div>
        <fieldset className="market-licence">
          <legend className="field-label">The licence must allow</legend>
          {LICENSES.map(([key, label]) => (
            <label key={key} className="checkbox-row">
              <input
                type="checkbox"
                checked={licence.includes(key)}
                onChange={(e) =>
                  setQuery({
                    license: e.target.checked ? [...licence, key] : licence.filter((l) => l !== key),
                  })
                }
              />
              {label}
            </label>
          ))}
        </fieldset>
        <div className="form-actions">
          <Button type="submit" variant="primary" disabled={searching}>
            {searching ? 'Searching…' : 'Search'}
          </Button>
        </div>
      </form>
      {searchError && <RetryError onRetry={search}>Could not search the market: {searchError}</RetryError>}
      {result?.stale && <p className="field-note">{shown(result.stale)}</p>}
      {result && (
        <section aria-labelledby="market-results-title" className="market-section">
          <h2 id="market-results-title" className="market-section-title">
            {result.total === 0
              ? 'No listings match'
              : `${result.total} listing${result.total === 1 ? '' : 's'}`}
          </h2>
          <ul className="market-list">
            {result.listings.map((l) => (
              <ListingRow key={l.offerId} listing={l} />
            ))}
          </ul>
          {result.nextCursor && (
            <Button onClick={() => void more()} disabled={searching}>
              Show more
            </Button>
          )}
        </section>
      )}
    </>
  );
}

function ListingRow({ listing: l }: { listing: MarketListing }) {
  const open = useMarket((s) => s.open);
  return (
    <li className="market-item" data-offer={l.offerId}>
      <div className="market-item-head">
        <button type="button" className="market-item-title" onClick={() => void open(l.assetId)}>
          {shown(l.title)}
        </button>
        <span className="market-price">{priceText(l.terms)}</span>
      </div>
      <div className="market-item-meta">
        <span className="market-kind">{l.kind}</span>
        <span>asset #{l.assetId}</span>
        <span>{termsText(l.terms)}</span>
        <span>{l.sold} sold</span>
      </div>
      {l.summary && <p className="market-summary">{shown(l.summary)}</p>}
      {l.metadata.problem && (
        <p className="market-warning" data-state={l.metadata.state}>
          {shown(l.metadata.problem)}
        </p>
      )}
    </li>
  );
}
