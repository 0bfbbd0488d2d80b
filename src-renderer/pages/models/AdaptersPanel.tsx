import { useCallback, useEffect, useState } from 'react';
import { type LoraAdapterItem, licenceExpiredLabel } from '../../../src-shared/domain/models.js';
import { SahelError } from '../../../src-shared/errors.js';
import { Button } from '../../components/Button.js';
import { formatSize } from '../../components/format.js';
import { TextField } from '../../components/TextField.js';
import { errorMessage } from '../../state/errors.js';
import { on } from '../../state/events.js';
import { useModels } from '../../state/models.js';

/** Picked adapters by vault item id, with the scale typed for each (text until it is sent). */
type Picks = Record<string, string>;

/** 'locked' while the vault is: adapters are vault items, listed and decrypted only while unlocked. */
type Listing = { state: 'loading' } | { state: 'locked' } | { state: 'ready'; items: LoraAdapterItem[] };

/**
 * LoRA adapters kept in the vault, applied to the loaded model: pick some, set their strength,
 * reload. The adapters are decrypted for the load only; the model then runs with them until the next
 * load.
 */
export function AdaptersPanel() {
  const engine = useModels((s) => s.engine);
  const model = engine?.model ?? null;
  const [listing, setListing] = useState<Listing>({ state: 'loading' });
  const [picks, setPicks] = useState<Picks>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      setListing({ state: 'ready', items: await useModels.getState().fetchAdapters() });
    } catch (err) {
      if (SahelError.is(err) && err.code === 'LOCKED') setListing({ state: 'locked' });
      else setError(errorMessage(err));
    }
  }, []);

  useEffect(() => {
    void refresh();
    // models.changed: also sent when a bought adapter's licence ends, so its label follows at once.
    const offs = [
      on('vault.state', () => void refresh()),
      on('vault.changed', () => void refresh()),
      on('models.changed', () => void refresh()),
    ];
    return () => {
      for (const off of offs) off();
    };
  }, [refresh]);

  // What the loaded model runs with is the starting choice.
  const appliedKey = JSON.stringify(model?.adapters ?? []);
  useEffect(() => {
    const applied = JSON.parse(appliedKey) as { itemId: string; scale: number }[];
    setPicks(Object.fromEntries(applied.map((a) => [a.itemId, String(a.scale)])));
  }, [appliedKey]);

  const scales = Object.entries(picks).map(([itemId, text]) => ({ itemId, scale: Number(text) }));
  const invalid = scales.some((p) => badScale(p.scale));

  const reload = async () => {
    if (!model || invalid) return;
    setBusy(true);
    setError(null);
    try {
      await useModels.getState().reloadWithAdapters(scales);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const items = listing.state === 'ready' ? listing.items : [];
  return (
    <section className="models-section" aria-labelledby="models-adapters-title" data-testid="adapters-panel">
      <h2 id="models-adapters-title" className="models-section-title">
        Adapters
      </h2>
      <p className="field-hint">
        LoRA adapters from your vault change how the loaded model writes. They are decrypted only while the
        model loads. Mark a vault file as a LoRA adapter to see it here.
      </p>
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
      <p className="muted" role="status" data-testid="adapters-applied">
        {!model
          ? 'No model is loaded: load one, then choose its adapters.'
          : model.adapters.length === 0
            ? `${model.name} runs without adapters.`
            : `${model.name} runs with ${model.adapters.map((a) => `${a.name} ×${a.scale}`).join(', ')}.`}
      </p>
      {listing.state === 'loading' && <p className="muted">Loading…</p>}
      {listing.state === 'locked' && <p className="muted">Unlock the vault to choose adapters.</p>}
      {listing.state === 'ready' && items.length === 0 && (
        <p className="muted">No vault item is marked as a LoRA adapter yet.</p>
      )}
      {items.length > 0 && (
        <ul className="models-adapters">
          {items.map((a) => {
            const otherModel = a.model !== null && a.model !== model?.id;
            // A bought adapter whose licence ended stays listed (the user may delete it) but cannot be picked.
            const expired = a.licenceExpired !== null;
            const picked = a.itemId in picks;
            return (
              <li key={a.itemId}>
                <label className="checkbox-row">
                  <input
                    type="checkbox"
                    checked={picked}
                    disabled={busy || otherModel || expired || !model}
                    onChange={(e) =>
                      setPicks((p) => {
                        const { [a.itemId]: _, ...rest } = p;
                        return e.target.checked ? { ...p, [a.itemId]: '1' } : rest;
                      })
                    }
                  />
                  <span>
                    {a.name}{' '}
                    <span className="muted">
                      ({formatSize(a.size)}, {a.model ? `for ${a.model}` : 'any model'})
                    </span>
                    {a.licenceExpired !== null && (
                      <span className="models-badge" data-state="expired">
                        {licenceExpiredLabel(a.licenceExpired)}
                      </span>
                    )}
                  </span>
                </label>
                {picked && (
                  <TextField
                    variant="inline"
                    hideLabel
                    label={`Strength of ${a.name}`}
                    size="sm"
                    chars={5}
                    inputMode="decimal"
                    value={picks[a.itemId] ?? ''}
                    disabled={busy}
                    onChange={(v) => setPicks((p) => ({ ...p, [a.itemId]: v }))}
                    invalid={badScale(Number(picks[a.itemId]))}
                    describedBy={badScale(Number(picks[a.itemId])) ? 'models-adapter-scale-error' : undefined}
                  />
                )}
              </li>
            );
          })}
        </ul>
      )}
      {model && listing.state === 'ready' && (
        <div className="models-adapters-actions">
          <Button variant="primary" disabled={busy || invalid} onClick={() => void reload()}>
            {busy ? 'Reloading…' : 'Reload with these adapters'}
          </Button>
        </div>
      )}
      {invalid && (
        <p id="models-adapter-scale-error" className="inline-error">
          A strength is a number from 0 to 8.
        </p>
      )}
    </section>
  );
}

const badScale = (scale: number) => !Number.isFinite(scale) || scale < 0 || scale > 8;
