import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../../state/errors.js';
import { on } from '../../state/events.js';
import { type EmbeddingState as Embedding, useModels } from '../../state/models.js';
import { PathImportForm } from './PathImportForm.js';

/** Until every passage has its vector the figures move: look again this often. */
const POLL_MS = 1500;

function retrievalText(e: Embedding): string {
  const r = e.retrieval;
  if (r.state === 'locked') return 'The vault is locked: nothing is indexed until it is unlocked.';
  const mode =
    r.mode === 'hybrid'
      ? 'Hybrid: full text and embeddings'
      : e.id
        ? 'Full text only for now: the embeddings are not ready yet'
        : 'Full text only';
  const embedded = e.id ? ` · ${r.embedded} of ${r.chunks} embedded` : '';
  const indexing = r.state === 'indexing' ? ' · indexing…' : '';
  return `${mode} · ${r.items} documents, ${r.chunks} passages${embedded}${indexing}`;
}

/**
 * The embedding model retrieval uses, chosen among the installed embedding models (or none: BM25
 * alone), with how retrieval ranks right now, and an import for embedding GGUFs whose header does
 * not say what they are.
 */
export function EmbeddingPanel() {
  const installed = useModels((s) => s.installed);
  const [state, setState] = useState<Embedding | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const refresh = useCallback(async () => {
    try {
      setState(await useModels.getState().fetchEmbedding());
    } catch (err) {
      setError(errorMessage(err));
    }
  }, []);

  useEffect(() => {
    void refresh();
    const offModels = on('models.changed', () => void refresh());
    const offVault = on('vault.state', () => void refresh());
    return () => {
      offModels();
      offVault();
    };
  }, [refresh]);

  const settling =
    state !== null &&
    state.retrieval.state !== 'locked' &&
    (state.retrieval.state === 'indexing' ||
      (state.id !== null && state.retrieval.embedded < state.retrieval.chunks));
  useEffect(() => {
    if (!settling) return;
    const timer = setInterval(() => void refresh(), POLL_MS);
    return () => clearInterval(timer);
  }, [settling, refresh]);

  const act = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
      await refresh();
      return true;
    } catch (err) {
      setError(errorMessage(err));
      return false;
    } finally {
      setBusy(false);
      void useModels.getState().loadInstalled();
    }
  };
  const choose = (id: string) => act(() => useModels.getState().setEmbedding(id === '' ? null : id));

  const choices = (installed ?? []).filter((m) => m.purpose === 'embedding' && m.state === 'ready');
  return (
    <section
      className="models-section"
      aria-labelledby="models-embedding-title"
      data-testid="embedding-panel"
    >
      <h2 id="models-embedding-title" className="models-section-title">
        Embeddings
      </h2>
      <p className="field-hint">
        Answers from your documents rank passages by their words; with an embedding model they are also ranked
        by meaning. The vectors stay in memory and go when the vault locks.
      </p>
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
      <label className="models-add" htmlFor="models-embedding-choice">
        <span>Embedding model</span>
        <select
          id="models-embedding-choice"
          className="models-input"
          value={state?.id ?? ''}
          disabled={busy || state === null}
          onChange={(e) => void choose(e.target.value)}
        >
          <option value="">None (full text only)</option>
          {choices.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name} ({m.id})
            </option>
          ))}
        </select>
      </label>
      {choices.length === 0 && (
        <p className="muted">
          No embedding model installed: download one from the catalog (marked Embedding) or import one below.
        </p>
      )}
      <p className="muted" role="status" data-testid="retrieval-status" data-mode={state?.retrieval.mode}>
        {state ? retrievalText(state) : 'Loading…'}
      </p>
      <PathImportForm
        label="Embedding GGUF file path"
        placeholder="/home/you/models/nomic-embed-text-v1.5.Q8_0.gguf"
        submit="Add embedding model"
        purpose="embedding"
      />
    </section>
  );
}
