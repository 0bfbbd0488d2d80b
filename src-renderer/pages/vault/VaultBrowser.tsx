import { type ChangeEvent, type KeyboardEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import type { VaultItem } from '../../../src-shared/domain/vault.js';
import { Button } from '../../components/Button.js';
import { plural } from '../../components/format.js';
import { ChevronIcon, KeyIcon, LockIcon, NoteIcon, SearchIcon, UploadIcon } from '../../components/icons.js';
import { RetryError } from '../../components/RetryError.js';
import { TextField } from '../../components/TextField.js';
import { type Crumb, useVault, vaultErrorMessage, vaultItems } from '../../state/vault.js';
import { NoteDialog, SecretDialog } from './AddDialogs.js';
import { ChangePassphraseDialog } from './ChangePassphraseDialog.js';
import { ItemDetail } from './ItemDetail.js';
import { focusList, HitList, ItemList } from './ItemList.js';
import { SetAsideNotice } from './SetAsideNotice.js';
import { Transfers } from './Transfers.js';
import { dragHasFiles, importFiles } from './upload.js';

const SEARCH_DEBOUNCE_MS = 150;

type OpenDialog = 'note' | 'secret' | 'passphrase' | null;

/** The unlocked vault: toolbar, the folder or search results, the selected item, imports. */
export function VaultBrowser() {
  const path = useVault((s) => s.path);
  const items = useVault((s) => s.items);
  const listError = useVault((s) => s.listError);
  const selectedId = useVault((s) => s.selectedId);
  const query = useVault((s) => s.query);
  const hits = useVault((s) => s.hits);
  const searchError = useVault((s) => s.searchError);
  const autoLock = useVault((s) => s.state?.autoLockMinutes ?? 0);
  const total = useVault((s) => s.state?.items ?? null);
  const { select, openFolder, setQuery, runSearch, refresh } = useVault.getState();

  const [dialog, setDialog] = useState<OpenDialog>(null);
  const [notice, setNotice] = useState<{ text: string; tone?: 'danger' } | null>(null);
  const [locking, setLocking] = useState(false);
  const [dragging, setDragging] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const debounce = useRef<number | undefined>(undefined);

  const parentId = path.at(-1)?.id ?? null;
  const searching = query.trim() !== '';

  // `/` focuses the search box, from anywhere but a text field or a dialog.
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
      const t = e.target as HTMLElement | null;
      if (t?.closest('input, textarea, select, [contenteditable="true"], dialog')) return;
      e.preventDefault();
      searchRef.current?.focus();
      searchRef.current?.select();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // Files dragged over the window: show the drop zone; dropped: import them into this folder.
  useEffect(() => {
    let depth = 0;
    const enter = (e: DragEvent) => {
      if (!dragHasFiles(e) || document.querySelector('dialog[open]')) return;
      e.preventDefault();
      depth++;
      setDragging(true);
    };
    const over = (e: DragEvent) => {
      if (!dragHasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer)
        e.dataTransfer.dropEffect = document.querySelector('dialog[open]') ? 'none' : 'copy';
    };
    const leave = (e: DragEvent) => {
      if (!dragHasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      if (!dragHasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setDragging(false);
      if (document.querySelector('dialog[open]')) return;
      startImport(Array.from(e.dataTransfer?.files ?? []));
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  });

  useEffect(() => () => window.clearTimeout(debounce.current), []);

  const startImport = (files: File[]) => {
    const result = importFiles(files, useVault.getState().path.at(-1)?.id ?? null);
    if (!result.ok) setNotice({ text: result.message });
  };

  const onSearch = (value: string) => {
    setQuery(value);
    window.clearTimeout(debounce.current);
    if (value.trim()) debounce.current = window.setTimeout(() => void runSearch(), SEARCH_DEBOUNCE_MS);
  };

  const onSearchKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Escape' && query) {
      e.preventDefault();
      onSearch('');
    } else if (e.key === 'ArrowDown') {
      e.preventDefault();
      focusList(listRef.current);
    }
  };

  const onPick = (e: ChangeEvent<HTMLInputElement>) => {
    startImport(Array.from(e.target.files ?? []));
    e.target.value = '';
  };

  const lock = async () => {
    setLocking(true);
    try {
      await useVault.getState().lock();
    } catch (err) {
      setNotice({ text: `Could not lock the vault: ${vaultErrorMessage(err)}`, tone: 'danger' });
      setLocking(false);
    }
  };

  const openItem = (item: VaultItem) => {
    if (item.kind === 'folder') openFolder([...path, { id: item.id, name: item.name }]);
  };

  const openHit = async (id: string) => {
    try {
      const item = await vaultItems.get({ id });
      if (item.kind !== 'folder') return;
      openFolder(await pathTo(item));
    } catch (err) {
      setNotice({ text: vaultErrorMessage(err), tone: 'danger' });
    }
  };

  /** Selects the row that took the deleted one's place, so the keyboard carries on from there. */
  const afterDelete = async (id: string) => {
    const rows = searching ? (useVault.getState().hits ?? []) : (useVault.getState().items ?? []);
    const at = rows.findIndex((r) => r.id === id);
    select(null);
    await refresh();
    const s = useVault.getState();
    const now = (searching ? s.hits : s.items)?.filter((r) => r.id !== id) ?? [];
    const next = now[Math.min(Math.max(at, 0), now.length - 1)];
    if (next) {
      select(next.id);
      requestAnimationFrame(() => focusList(listRef.current));
    } else {
      searchRef.current?.focus();
    }
  };

  const added = (item: VaultItem) => {
    setDialog(null);
    if (searching) onSearch('');
    void refresh().then(() => select(item.id));
  };

  return (
    <div className="vault">
      <div className="vault-toolbar">
        <TextField
          variant="inline"
          hideLabel
          label="Search vault"
          className="vault-search"
          type="search"
          size="sm"
          icon={<SearchIcon />}
          trailing={
            <span className="vault-kbd" aria-hidden="true">
              /
            </span>
          }
          inputRef={searchRef}
          keyShortcuts="/"
          placeholder="Search vault"
          value={query}
          onChange={onSearch}
          onKeyDown={onSearchKey}
          autoComplete="off"
          spellCheck={false}
        />
        <Button onClick={() => setDialog('note')}>
          <NoteIcon />
          Add note
        </Button>
        <Button onClick={() => setDialog('secret')}>
          <KeyIcon />
          Add secret
        </Button>
        <Button onClick={() => fileRef.current?.click()}>
          <UploadIcon />
          Import files
        </Button>
        <input
          ref={fileRef}
          type="file"
          multiple
          hidden
          tabIndex={-1}
          aria-hidden="true"
          data-testid="vault-file-input"
          onChange={onPick}
        />
        <span className="vault-toolbar-spacer" />
        <Button onClick={() => setDialog('passphrase')}>Change passphrase</Button>
        <Button onClick={() => void lock()} disabled={locking}>
          <LockIcon />
          Lock
        </Button>
      </div>

      <div className="vault-subbar">
        {searching ? (
          <p className="vault-search-summary" role="status">
            {searchError
              ? `Search failed: ${searchError}`
              : hits === null
                ? 'Searching…'
                : `${plural(hits.length, 'result')} for “${query.trim()}”`}
          </p>
        ) : (
          <Breadcrumb path={path} onGo={openFolder} />
        )}
        <p className="vault-meta-line">
          {total !== null && plural(total, 'item')}
          {total !== null && autoLock > 0 && ' · '}
          {autoLock > 0 && `locks after ${plural(autoLock, 'minute')} unused`}
        </p>
      </div>

      {notice && (
        <div className="vault-notice" data-tone={notice.tone} role={notice.tone ? 'alert' : 'status'}>
          <span>{notice.text}</span>
          <Button variant="link" onClick={() => setNotice(null)}>
            Dismiss
          </Button>
        </div>
      )}

      <SetAsideNotice />

      <Transfers />

      <div className="vault-split">
        <div className="vault-list-pane">
          {searching ? (
            hits && hits.length > 0 ? (
              <HitList
                hits={hits}
                query={query}
                selectedId={selectedId}
                onSelect={select}
                onOpen={(hit) => void openHit(hit.id)}
                listRef={listRef}
              />
            ) : hits ? (
              <Empty title="Nothing found">
                Search looks at names, tags, and the text of notes and text files. Press Escape to clear it.
              </Empty>
            ) : null
          ) : listError ? (
            <RetryError onRetry={() => refresh()}>Could not load the vault: {listError}</RetryError>
          ) : items === null ? (
            <p className="muted">Loading…</p>
          ) : items.length === 0 ? (
            path.length === 0 ? (
              <Empty title="Your vault is empty">
                Drop files anywhere on this page or use <strong>Import files</strong> to encrypt them into the
                vault. <strong>Add note</strong> keeps text, <strong>Add secret</strong> keeps passwords and
                API keys.
              </Empty>
            ) : (
              <Empty title="This folder is empty">Use the path above to go back up.</Empty>
            )
          ) : (
            <ItemList
              items={items}
              selectedId={selectedId}
              onSelect={select}
              onOpen={openItem}
              onBack={path.length > 0 ? () => openFolder(path.slice(0, -1)) : undefined}
              listRef={listRef}
            />
          )}
        </div>
        {selectedId ? (
          <ItemDetail
            key={selectedId}
            id={selectedId}
            onOpenFolder={openItem}
            onDeleted={(id) => void afterDelete(id)}
          />
        ) : (
          <aside className="vault-detail vault-detail-empty" aria-label="Item details">
            <p className="muted">
              Select an item to see its details and a preview. Use the arrow keys to move through the list,
              Enter to open a folder, Backspace to go back up.
            </p>
          </aside>
        )}
      </div>

      {dragging && (
        <div className="vault-dropzone" aria-hidden="true">
          <div className="vault-dropzone-inner">
            <UploadIcon size={28} />
            <p className="vault-dropzone-title">Drop to add to the vault</p>
            <p className="vault-dropzone-text">Each file is encrypted as it arrives.</p>
          </div>
        </div>
      )}

      {dialog === 'note' && (
        <NoteDialog parentId={parentId} onClose={() => setDialog(null)} onAdded={added} />
      )}
      {dialog === 'secret' && <SecretDialog onClose={() => setDialog(null)} onAdded={added} />}
      {dialog === 'passphrase' && (
        <ChangePassphraseDialog
          onClose={() => setDialog(null)}
          onChanged={() => {
            setDialog(null);
            setNotice({ text: 'Passphrase changed. Use the new one from now on.' });
          }}
        />
      )}
    </div>
  );
}

function Breadcrumb({ path, onGo }: { path: Crumb[]; onGo(path: Crumb[]): void }) {
  return (
    <nav className="vault-breadcrumb" aria-label="Folder">
      <ol>
        <li>
          {path.length === 0 ? (
            <span aria-current="location">All items</span>
          ) : (
            <button type="button" className="vault-crumb" onClick={() => onGo([])}>
              All items
            </button>
          )}
        </li>
        {path.map((c, i) => (
          <li key={c.id}>
            <ChevronIcon size={12} />
            {i === path.length - 1 ? (
              <span aria-current="location">{c.name}</span>
            ) : (
              <button type="button" className="vault-crumb" onClick={() => onGo(path.slice(0, i + 1))}>
                {c.name}
              </button>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}

function Empty({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="vault-empty">
      <p className="vault-empty-title">{title}</p>
      <p className="vault-empty-text">{children}</p>
    </div>
  );
}

/** The breadcrumb for a folder: its ancestors, found by walking parentId up. */
async function pathTo(folder: VaultItem): Promise<Crumb[]> {
  const path: Crumb[] = [{ id: folder.id, name: folder.name }];
  let parent = folder.parentId;
  for (let depth = 0; parent && depth < 64; depth++) {
    const item = await vaultItems.get({ id: parent });
    path.unshift({ id: item.id, name: item.name });
    parent = item.parentId;
  }
  return path;
}
