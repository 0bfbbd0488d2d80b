import { useEffect, useRef, useState } from 'react';
import type { VaultItem, VaultPreview } from '../../../src-shared/domain/vault.js';
import { SahelError } from '../../../src-shared/errors.js';
import { Button, LinkButton } from '../../components/Button.js';
import { FormError } from '../../components/FormError.js';
import { formatBytes, formatFull } from '../../components/format.js';
import { CopyIcon, DownloadIcon, EyeIcon, FolderIcon, TrashIcon } from '../../components/icons.js';
import { useVault, vaultErrorMessage, vaultItems } from '../../state/vault.js';
import { DeleteDialog } from './DeleteDialog.js';
import { KIND_LABELS } from './format.js';
import { LicenceExpired, Tags } from './ItemList.js';
import { KindIcon } from './KindIcon.js';
import { ModelPartSetting } from './ModelPartSetting.js';
import { PublishAction } from './PublishDialog.js';

const TEXT_PREVIEW_BYTES = 256 * 1024;
const IMAGE_PREVIEW_BYTES = 4 * 1024 * 1024;
/** A revealed secret hides itself again after this long. */
const REVEAL_MS = 30_000;

const inElectron = typeof window !== 'undefined' && window.sahel !== undefined;

interface ItemDetailProps {
  id: string;
  onOpenFolder(item: VaultItem): void;
  /** After a delete: the pane goes, and focus goes back to the list. */
  onDeleted(id: string): void;
}

type Loaded<T> = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ok'; value: T };

/** The selected item: its metadata, a preview, and what can be done with it. */
export function ItemDetail({ id, onOpenFolder, onDeleted }: ItemDetailProps) {
  const change = useChangeCount(id);
  const [item, setItem] = useState<Loaded<VaultItem>>({ status: 'loading' });
  const [confirmDelete, setConfirmDelete] = useState(false);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `change` is the signal to reload
  useEffect(() => {
    let stale = false;
    setItem((prev) => (prev.status === 'ok' && prev.value.id === id ? prev : { status: 'loading' }));
    vaultItems
      .get({ id })
      .then((value) => {
        if (!stale) setItem({ status: 'ok', value });
      })
      .catch((err: unknown) => {
        if (stale) return;
        const message =
          SahelError.is(err) && err.code === 'NOT_FOUND'
            ? 'This item is no longer in the vault.'
            : vaultErrorMessage(err);
        setItem({ status: 'error', message });
      });
    return () => {
      stale = true;
    };
  }, [id, change]);

  if (item.status === 'loading') {
    return (
      <aside className="vault-detail" aria-label="Item details" aria-busy="true">
        <p className="muted">Loading…</p>
      </aside>
    );
  }
  if (item.status === 'error') {
    return (
      <aside className="vault-detail" aria-label="Item details">
        <p className="field-error" role="alert">
          {item.message}
        </p>
      </aside>
    );
  }

  const it = item.value;
  return (
    <aside className="vault-detail" aria-labelledby="vault-detail-title">
      <header className="vault-detail-header">
        <span className="vault-detail-icon" data-kind={it.kind}>
          <KindIcon kind={it.kind} size={20} />
        </span>
        <div className="vault-detail-heading">
          <h2 id="vault-detail-title" className="vault-detail-title">
            {it.name}
          </h2>
          <p className="vault-detail-kind">
            {it.modelPart ? `Model part · ${modelPartLabel(it.modelPart.role)}` : KIND_LABELS[it.kind]}
            {it.kind !== 'folder' && it.kind !== 'secret' ? ` · ${formatBytes(it.size)}` : ''}
          </p>
          {it.licenceExpired && <LicenceExpired at={it.licenceExpired} />}
        </div>
      </header>

      <div className="vault-detail-actions">
        {it.kind === 'folder' ? (
          <Button onClick={() => onOpenFolder(it)}>
            <FolderIcon />
            Open folder
          </Button>
        ) : it.kind !== 'secret' && !inElectron ? (
          <LinkButton href={`/vault/items/${it.id}/content`} download={it.name}>
            <DownloadIcon />
            Export
          </LinkButton>
        ) : null}
        <PublishAction item={it} />
        <Button variant="destructive" onClick={() => setConfirmDelete(true)}>
          <TrashIcon />
          Delete
        </Button>
      </div>
      {inElectron && it.kind !== 'secret' && (
        <p className="hint">
          Export from the command line: <code className="mono">sahel vault get {it.id} -o &lt;path&gt;</code>
        </p>
      )}

      {it.kind === 'secret' ? (
        <SecretValue key={it.id} id={it.id} />
      ) : it.kind === 'folder' ? null : (
        <Preview key={`${it.id}:${it.sha256 ?? ''}:${change}`} item={it} />
      )}

      <ModelPartSetting item={it} />

      <dl className="vault-meta">
        <dt>Tags</dt>
        <dd>{it.tags.length ? <Tags tags={it.tags} /> : <span className="muted">None</span>}</dd>
        {it.mime && (
          <>
            <dt>Type</dt>
            <dd className="mono">{it.mime}</dd>
          </>
        )}
        {it.modelPart && (
          <>
            <dt>For model</dt>
            <dd>{it.modelPart.model ?? 'Any model'}</dd>
          </>
        )}
        <dt>Updated</dt>
        <dd>
          <time dateTime={it.updated}>{formatFull(it.updated)}</time>
        </dd>
        <dt>Created</dt>
        <dd>
          <time dateTime={it.created}>{formatFull(it.created)}</time>
        </dd>
        {it.sha256 && (
          <>
            <dt>SHA-256</dt>
            <dd className="mono vault-hash">{it.sha256}</dd>
          </>
        )}
        <dt>ID</dt>
        <dd className="mono vault-hash">{it.id}</dd>
      </dl>

      {confirmDelete && (
        <DeleteDialog
          item={it}
          onClose={() => setConfirmDelete(false)}
          onDeleted={() => {
            setConfirmDelete(false);
            onDeleted(it.id);
          }}
        />
      )}
    </aside>
  );
}

/** Counts 'vault.changed' events that name this item. */
function useChangeCount(id: string): number {
  const [count, setCount] = useState(0);
  useEffect(
    () =>
      useVault.subscribe((s, prev) => {
        if (s.lastChange !== prev.lastChange && s.lastChange.ids.includes(id)) setCount((c) => c + 1);
      }),
    [id],
  );
  return count;
}

function modelPartLabel(role: NonNullable<VaultItem['modelPart']>['role']): string {
  switch (role) {
    case 'lora-adapter':
      return 'LoRA adapter';
    case 'weights':
      return 'weights';
    case 'system-prompt':
      return 'system prompt';
  }
}

/** The start of a text, or a small image, decrypted on request. */
function Preview({ item }: { item: VaultItem }) {
  const [preview, setPreview] = useState<Loaded<VaultPreview>>({ status: 'loading' });
  const isImage = item.mime?.startsWith('image/') ?? false;

  useEffect(() => {
    let stale = false;
    vaultItems
      .preview({ id: item.id, maxBytes: isImage ? IMAGE_PREVIEW_BYTES : TEXT_PREVIEW_BYTES })
      .then((value) => {
        if (!stale) setPreview({ status: 'ok', value });
      })
      .catch((err: unknown) => {
        if (!stale) setPreview({ status: 'error', message: vaultErrorMessage(err) });
      });
    return () => {
      stale = true;
    };
  }, [item.id, isImage]);

  return (
    <section className="vault-preview" aria-label="Preview">
      {preview.status === 'loading' ? (
        <p className="muted vault-preview-empty">Decrypting…</p>
      ) : preview.status === 'error' ? (
        <p className="muted vault-preview-empty">No preview: {preview.message}</p>
      ) : preview.value.kind === 'text' ? (
        <>
          <pre className="vault-preview-text" data-testid="vault-preview-text">
            {preview.value.text || <span className="muted">(empty)</span>}
          </pre>
          {preview.value.truncated && (
            <p className="hint">Showing the start only; export the item to read all of it.</p>
          )}
        </>
      ) : preview.value.kind === 'image' ? (
        <img
          className="vault-preview-image"
          src={`data:${preview.value.mime};base64,${preview.value.base64}`}
          alt={`Preview of ${item.name}`}
        />
      ) : (
        <p className="muted vault-preview-empty">{preview.value.reason}</p>
      )}
    </section>
  );
}

/** A secret stays hidden until asked for, then hides again after a while. */
function SecretValue({ id }: { id: string }) {
  const [value, setValue] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const timer = useRef<number | undefined>(undefined);

  useEffect(() => () => window.clearTimeout(timer.current), []);

  const hide = () => {
    window.clearTimeout(timer.current);
    setValue(null);
    setCopied(false);
  };

  const reveal = async () => {
    setBusy(true);
    setError(null);
    try {
      const { value } = await vaultItems.revealSecret({ id });
      setValue(value);
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(hide, REVEAL_MS);
    } catch (err) {
      setError(vaultErrorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const copy = async () => {
    if (value === null) return;
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      setError('Could not copy to the clipboard.');
    }
  };

  return (
    <section className="secret-field" aria-label="Secret value">
      {value === null ? (
        <div className="vault-secret-row">
          <span className="vault-secret-mask">
            <span aria-hidden="true">••••••••••••</span>
            <span className="sr-only">Hidden</span>
          </span>
          <Button onClick={() => void reveal()} disabled={busy}>
            <EyeIcon />
            Reveal
          </Button>
        </div>
      ) : (
        <>
          <div className="vault-secret-row">
            <code className="mono vault-secret-value">{value}</code>
          </div>
          <div className="vault-secret-row">
            <Button onClick={() => void copy()}>
              <CopyIcon />
              {copied ? 'Copied' : 'Copy'}
            </Button>
            <Button onClick={hide}>Hide</Button>
            <span className="hint">Hides again in 30 seconds.</span>
          </div>
        </>
      )}
      <FormError error={error} />
    </section>
  );
}
