import type { CatalogItem } from '../../../src-shared/api/services/models.js';
import { Button } from '../../components/Button.js';
import { formatSize } from '../../components/format.js';
import { useModels } from '../../state/models.js';

const VERDICT = { fits: 'Fits', tight: 'Tight fit', 'too-big': 'Too big', unknown: 'Fit unknown' } as const;

function Entry({ c }: { c: CatalogItem }) {
  const pull = useModels((s) => s.pull);
  const busy = useModels((s) => s.busy[c.id] === true);
  return (
    <li className="models-item" data-catalog={c.id}>
      <div className="models-item-main">
        <span className="models-item-name">{c.name}</span>
        <span className="models-badge" data-fit={c.fit.verdict} title={c.fit.message}>
          {VERDICT[c.fit.verdict]}
        </span>
        {c.purpose === 'embedding' && <span className="models-badge">Embedding</span>}
        <span className="muted models-item-meta">
          {c.parameters} · {c.quantization} · {formatSize(c.sizeBytes)} download · needs ~
          {formatSize(c.ramBytes)} memory ·{' '}
          <a href={c.licenceUrl} target="_blank" rel="noreferrer">
            {c.licence}
          </a>
          {c.sha256 === null ? ' · checked against Hugging Face’s sha256' : ' · sha256 pinned in the catalog'}
        </span>
        <span className="models-item-desc">{c.description}</span>
      </div>
      <div className="models-actions">
        {c.installedId ? (
          <span className="muted">In your models</span>
        ) : (
          <Button
            disabled={busy || c.fit.verdict === 'too-big'}
            title={c.fit.verdict === 'too-big' ? c.fit.message : undefined}
            onClick={() => void pull({ catalogId: c.id })}
          >
            Download
          </Button>
        )}
      </div>
    </li>
  );
}

/** Recommended instruct models with tool calling, with a verdict on whether each fits here. */
export function CatalogList() {
  const catalog = useModels((s) => s.catalog);
  return (
    <section className="models-section" aria-labelledby="models-catalog-title">
      <h2 id="models-catalog-title" className="models-section-title">
        Recommended models
      </h2>
      {catalog === null ? (
        <p className="muted">Loading the catalog…</p>
      ) : (
        <ul className="models-list" aria-label="Recommended models">
          {catalog.map((c) => (
            <Entry key={c.id} c={c} />
          ))}
        </ul>
      )}
    </section>
  );
}
