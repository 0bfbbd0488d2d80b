import { useState } from 'react';
import {
  type GpuLayersChoice,
  type InstalledModel,
  licenceExpiredLabel,
} from '../../../src-shared/domain/models.js';
import { Button } from '../../components/Button.js';
import { formatEta, formatSize, formatSpeed } from '../../components/format.js';
import { TextField } from '../../components/TextField.js';
import { useModels } from '../../state/models.js';

function hostOf(url: string | null): string {
  try {
    return url ? new URL(url).host : 'the internet';
  } catch {
    return 'the internet';
  }
}

function origin(m: InstalledModel): string {
  if (m.source === 'import') return `imported from ${m.path}`;
  if (m.source === 'vault') return 'kept in your vault, decrypted only to load';
  return `from ${hostOf(m.url)}`;
}

function DownloadProgress({ m }: { m: InstalledModel }) {
  const live = useModels((s) => s.progress[m.id]);
  const bytes = live?.bytes ?? m.bytes;
  const total = live?.total ?? m.sizeBytes;
  const pct = total ? Math.min(100, Math.floor((bytes / total) * 100)) : null;
  const running = m.state === 'downloading';
  return (
    <div className="models-progress-row">
      <span
        className="models-progress"
        role="progressbar"
        aria-label={`Downloading ${m.name}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct ?? undefined}
      >
        <span className="models-progress-fill" style={{ width: `${pct ?? 0}%` }} />
      </span>
      <span className="models-progress-text">
        {pct === null ? formatSize(bytes) : `${pct}% of ${formatSize(total ?? 0)}`}
        {running && live && live.speed > 0 && ` · ${formatSpeed(live.speed)} · ${formatEta(live.eta)}`}
        {m.state === 'paused' && ' · paused'}
      </span>
    </div>
  );
}

function GpuLayersInput({ value, onChange }: { value: string; onChange(v: string): void }) {
  return (
    <TextField
      variant="inline"
      label="GPU layers"
      size="sm"
      chars={5}
      value={value}
      onChange={onChange}
      placeholder="auto"
      describedBy="models-gpu-hint"
      invalid={parseGpu(value) === null}
      autoComplete="off"
    />
  );
}

function parseGpu(v: string): GpuLayersChoice | null {
  const t = v.trim().toLowerCase();
  if (t === '' || t === 'auto') return 'auto';
  if (t === 'max') return 'max';
  return /^\d{1,4}$/.test(t) ? Number(t) : null;
}

function Row({ m }: { m: InstalledModel }) {
  const { pause, resume, cancel, remove, use, busy } = useModels();
  const [gpu, setGpu] = useState('auto');
  const [confirming, setConfirming] = useState(false);
  const isBusy = busy[m.id] === true;
  const gpuLayers = parseGpu(gpu);
  const state = m.loaded ? 'loaded' : m.state;
  return (
    <li className="models-item" data-state={state} data-model={m.id}>
      <div className="models-item-main">
        <span className="models-item-name">{m.name}</span>
        <span className="models-badge" data-state={state}>
          {state === 'ready' ? 'Ready' : state[0]!.toUpperCase() + state.slice(1)}
        </span>
        {m.licenceExpired && (
          <span className="models-badge" data-state="expired">
            {licenceExpiredLabel(m.licenceExpired)}
          </span>
        )}
        {m.purpose === 'embedding' && (
          <span className="models-badge" data-purpose="embedding">
            {m.embedding ? 'Embedding · in use' : 'Embedding'}
          </span>
        )}
        <span className="muted models-item-meta">
          {m.id}
          {m.state === 'ready' && ` · ${formatSize(m.sizeBytes ?? m.bytes)}`}
          {m.architecture && ` · ${m.architecture}`} · {origin(m)}
        </span>
      </div>
      {(m.state === 'downloading' || m.state === 'paused') && <DownloadProgress m={m} />}
      {m.error && (
        <p className="field-error" role="alert">
          {m.error}
        </p>
      )}
      <div className="models-actions">
        {/* Embedding models are chosen under Embeddings; they never load as the chat model. */}
        {m.state === 'ready' && !m.loaded && m.purpose === 'chat' && !m.licenceExpired && (
          <>
            <GpuLayersInput value={gpu} onChange={setGpu} />
            <Button
              variant="primary"
              disabled={isBusy || gpuLayers === null}
              onClick={() => gpuLayers !== null && void use(m.id, gpuLayers)}
            >
              {isBusy ? 'Loading…' : 'Load'}
            </Button>
          </>
        )}
        {m.state === 'downloading' && (
          <Button disabled={isBusy} onClick={() => void pause(m.id)}>
            Pause
          </Button>
        )}
        {(m.state === 'paused' || m.state === 'failed') && m.url && (
          <Button disabled={isBusy} onClick={() => void resume(m.id)}>
            {m.state === 'failed' ? 'Retry' : 'Resume'}
          </Button>
        )}
        {(m.state === 'downloading' || m.state === 'paused' || m.state === 'failed') && (
          <Button disabled={isBusy} onClick={() => void cancel(m.id)}>
            Cancel
          </Button>
        )}
        {/* A model kept in the vault is deleted there, with the rest of the user's items. */}
        {m.source === 'vault' && !m.loaded && <span className="muted">Delete it on the Vault page.</span>}
        {(m.state === 'ready' || m.state === 'missing') &&
          m.source !== 'vault' &&
          (m.loaded ? (
            <span className="muted">Unload it to delete it.</span>
          ) : confirming ? (
            <>
              <span>{m.owned ? 'Delete the file?' : 'Forget it? The file stays where it is.'}</span>
              <Button variant="destructive" onClick={() => void remove(m.id)}>
                {m.owned ? 'Delete' : 'Forget'}
              </Button>
              <Button onClick={() => setConfirming(false)}>Keep</Button>
            </>
          ) : (
            <Button onClick={() => setConfirming(true)}>{m.owned ? 'Delete…' : 'Remove…'}</Button>
          ))}
      </div>
    </li>
  );
}

/** The models on this machine, downloads included, with what can be done to each. */
export function InstalledList() {
  const installed = useModels((s) => s.installed);
  return (
    <section className="models-section" aria-labelledby="models-installed-title">
      <h2 id="models-installed-title" className="models-section-title">
        Your models
      </h2>
      <p id="models-gpu-hint" className="field-hint">
        GPU layers: auto fits as many as the free VRAM allows; a number or max overrides it.
      </p>
      {installed === null ? (
        <p className="muted">Loading…</p>
      ) : installed.length === 0 ? (
        <p className="muted">No models yet. Download one from the catalog below, or import a GGUF file.</p>
      ) : (
        <ul className="models-list" aria-label="Your models">
          {installed.map((m) => (
            <Row key={m.id} m={m} />
          ))}
        </ul>
      )}
    </section>
  );
}
