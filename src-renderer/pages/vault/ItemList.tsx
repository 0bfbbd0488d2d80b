import type { KeyboardEvent, ReactNode, Ref } from 'react';
import { licenceExpiredLabel } from '../../../src-shared/domain/models.js';
import {
  MATCH_END,
  MATCH_START,
  type VaultItem,
  type VaultItemKind,
  type VaultSearchHit,
} from '../../../src-shared/domain/vault.js';
import { formatBytes, formatFull, formatWhen } from '../../components/format.js';
import { KIND_LABELS } from './format.js';
import { KindIcon } from './KindIcon.js';

interface Row {
  id: string;
  name: string;
  kind: VaultItemKind;
  body: ReactNode;
}

interface ListboxProps {
  label: string;
  rows: Row[];
  selectedId: string | null;
  onSelect(id: string): void;
  /** Enter or double-click on a row (opens folders). */
  onOpen(id: string): void;
  /** Backspace: up one folder. */
  onBack?(): void;
  listRef?: Ref<HTMLDivElement>;
  className?: string;
}

function optionId(id: string): string {
  return `vault-option-${id}`;
}

/**
 * A single-select listbox with a roving tab stop: the selected option (else the first) is the one tab
 * stop; Up/Down/Home/End/PageUp/PageDown move focus and the selection with it; Enter opens.
 * Options are named by the item's name alone; the other details are their description.
 */
function Listbox({ label, rows, selectedId, onSelect, onOpen, onBack, listRef, className }: ListboxProps) {
  const index = rows.findIndex((r) => r.id === selectedId);
  const tabStop = Math.max(index, 0);

  const moveTo = (i: number) => {
    const row = rows[i];
    if (!row) return;
    onSelect(row.id);
    const el = document.getElementById(optionId(row.id));
    el?.focus();
    el?.scrollIntoView({ block: 'nearest' });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const last = rows.length - 1;
    let next: number | undefined;
    switch (e.key) {
      case 'ArrowDown':
        next = index < 0 ? 0 : Math.min(last, index + 1);
        break;
      case 'ArrowUp':
        next = index < 0 ? last : Math.max(0, index - 1);
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = last;
        break;
      case 'PageDown':
        next = Math.min(last, Math.max(0, index) + 10);
        break;
      case 'PageUp':
        next = Math.max(0, index - 10);
        break;
      case 'Enter': {
        const row = rows[index];
        if (row) {
          e.preventDefault();
          onOpen(row.id);
        }
        return;
      }
      case 'Backspace':
        if (onBack) {
          e.preventDefault();
          onBack();
        }
        return;
      default:
        return;
    }
    e.preventDefault();
    moveTo(next);
  };

  return (
    // The options take focus; the listbox handles the keys they bubble up.
    <div
      ref={listRef}
      className={`vault-list ${className ?? ''}`}
      role="listbox"
      aria-label={label}
      onKeyDown={onKeyDown}
    >
      {rows.map((r, i) => (
        // biome-ignore lint/a11y/useKeyWithClickEvents: keys are handled by the listbox above
        <div
          key={r.id}
          id={optionId(r.id)}
          role="option"
          tabIndex={i === tabStop ? 0 : -1}
          className="vault-row"
          aria-selected={r.id === selectedId}
          aria-labelledby={`${optionId(r.id)}-name`}
          aria-describedby={`${optionId(r.id)}-body`}
          data-kind={r.kind}
          onClick={() => onSelect(r.id)}
          onFocus={() => {
            if (r.id !== selectedId) onSelect(r.id);
          }}
          onDoubleClick={() => onOpen(r.id)}
        >
          <span className="vault-row-icon" title={KIND_LABELS[r.kind]}>
            <KindIcon kind={r.kind} />
          </span>
          <span id={`${optionId(r.id)}-name`} className="vault-row-name">
            {r.name}
          </span>
          <span id={`${optionId(r.id)}-body`} className="vault-row-body">
            {r.body}
          </span>
        </div>
      ))}
    </div>
  );
}

/** Puts keyboard focus on a list's tab stop (its selected option, else its first). */
export function focusList(list: HTMLElement | null): void {
  list?.querySelector<HTMLElement>('[role="option"][tabindex="0"]')?.focus();
}

export function Tags({ tags }: { tags: string[] }) {
  if (tags.length === 0) return null;
  return (
    <span className="vault-tags">
      {tags.map((t) => (
        <span key={t} className="vault-tag">
          {t}
        </span>
      ))}
    </span>
  );
}

/** A bought item whose licence has ended: chat, retrieval and the engine no longer use it. */
export function LicenceExpired({ at }: { at: string }) {
  return (
    <span className="vault-tag" data-state="expired" title="No longer used by chat or the models">
      {licenceExpiredLabel(at)}
    </span>
  );
}

interface ItemListProps {
  items: VaultItem[];
  selectedId: string | null;
  onSelect(id: string): void;
  onOpen(item: VaultItem): void;
  onBack?(): void;
  listRef?: Ref<HTMLDivElement>;
}

export function ItemList({ items, selectedId, onSelect, onOpen, onBack, listRef }: ItemListProps) {
  const rows: Row[] = items.map((item) => ({
    id: item.id,
    name: item.name,
    kind: item.kind,
    body: (
      <>
        <Tags tags={item.tags} />
        {item.licenceExpired && <LicenceExpired at={item.licenceExpired} />}
        <span className="vault-row-size">
          {item.kind === 'folder'
            ? KIND_LABELS.folder
            : item.kind === 'secret'
              ? 'Secret'
              : formatBytes(item.size)}
        </span>
        <time
          className="vault-row-when"
          dateTime={item.updated}
          title={`Updated ${formatFull(item.updated)}`}
        >
          {formatWhen(item.updated)}
        </time>
      </>
    ),
  }));
  const byId = new Map(items.map((i) => [i.id, i]));
  return (
    <Listbox
      label="Vault items"
      rows={rows}
      selectedId={selectedId}
      onSelect={onSelect}
      onOpen={(id) => {
        const item = byId.get(id);
        if (item) onOpen(item);
      }}
      onBack={onBack}
      listRef={listRef}
    />
  );
}

interface HitListProps {
  hits: VaultSearchHit[];
  query: string;
  selectedId: string | null;
  onSelect(id: string): void;
  onOpen(hit: VaultSearchHit): void;
  listRef?: Ref<HTMLDivElement>;
}

export function HitList({ hits, query, selectedId, onSelect, onOpen, listRef }: HitListProps) {
  const rows: Row[] = hits.map((hit) => ({
    id: hit.id,
    name: hit.name,
    kind: hit.kind,
    body: hit.snippet ? <Highlighted text={hit.snippet} query={query} /> : null,
  }));
  const byId = new Map(hits.map((h) => [h.id, h]));
  return (
    <Listbox
      label="Search results"
      className="vault-hits"
      rows={rows}
      selectedId={selectedId}
      onSelect={onSelect}
      onOpen={(id) => {
        const hit = byId.get(id);
        if (hit) onOpen(hit);
      }}
      listRef={listRef}
    />
  );
}

/** The snippet with the words the index matched marked (between MATCH_START and MATCH_END). */
function Highlighted({ text }: { text: string; query: string }) {
  const parts = text.split(new RegExp(`${MATCH_START}([^${MATCH_END}]*)${MATCH_END}`));
  return (
    <span className="vault-snippet">
      {parts.map((part, i) =>
        // Odd parts are the captured matches.
        // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one string never reorder
        i % 2 === 1 ? <mark key={i}>{part}</mark> : <span key={i}>{part}</span>,
      )}
    </span>
  );
}
