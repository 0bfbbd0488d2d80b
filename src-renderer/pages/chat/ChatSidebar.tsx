import { useEffect, useRef } from 'react';
import { MATCH_END, MATCH_START } from '../../../src-shared/domain/vault.js';
import { Button } from '../../components/Button.js';
import { PlusIcon, SearchIcon } from '../../components/icons.js';
import { RetryError } from '../../components/RetryError.js';
import { TextField } from '../../components/TextField.js';
import { useChat } from '../../state/chat.js';
import { ConversationList } from './ConversationList.js';

/** How long typing pauses before the search runs. */
const SEARCH_DEBOUNCE_MS = 150;

/** New chat, search, and the conversations (or what the search found). */
export function ChatSidebar({ onNewChat }: { onNewChat(): void }) {
  const conversations = useChat((s) => s.conversations);
  const selectedId = useChat((s) => s.selectedId);
  const listError = useChat((s) => s.listError);
  const listLoading = useChat((s) => s.listLoading);
  const query = useChat((s) => s.query);
  const hits = useChat((s) => s.hits);
  const searchError = useChat((s) => s.searchError);
  const index = useChat((s) => s.readiness?.search);
  const { select, setQuery, runSearch, loadList } = useChat.getState();
  const searchRef = useRef<HTMLInputElement>(null);

  // `/` jumps to the search from anywhere outside a text field, as on the vault page.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
      if (t?.closest('input, textarea, select, [contenteditable="true"]')) return;
      e.preventDefault();
      searchRef.current?.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    if (!query.trim()) return;
    const timer = window.setTimeout(() => void runSearch(), SEARCH_DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [query, runSearch]);

  const searching = query.trim().length > 0;
  return (
    <nav className="chat-sidebar" aria-label="Conversations">
      <Button className="chat-new" onClick={onNewChat}>
        <PlusIcon /> New chat
      </Button>
      <TextField
        variant="inline"
        hideLabel
        label="Search conversations"
        className="chat-search"
        type="search"
        icon={<SearchIcon />}
        inputRef={searchRef}
        keyShortcuts="/"
        placeholder="Search conversations  ( / )"
        value={query}
        onChange={setQuery}
        onKeyDown={(e) => e.key === 'Escape' && setQuery('')}
        autoComplete="off"
      />
      {searching ? (
        searchResults()
      ) : listError && conversations.length === 0 ? (
        <RetryError onRetry={() => loadList()}>{listError}</RetryError>
      ) : conversations.length === 0 ? (
        <p className="chat-list-empty muted">{listLoading ? 'Loading…' : 'No conversations yet.'}</p>
      ) : (
        <ConversationList
          conversations={conversations}
          selectedId={selectedId}
          onSelect={(id) => void select(id)}
          onEndReached={() => void loadList(true)}
        />
      )}
      {searching && searchError && (
        <p className="field-error" role="alert">
          {searchError}
        </p>
      )}
      {searching && hits === null && !searchError && (
        <p className="muted chat-list-empty" role="status">
          Searching…
          {index?.state === 'building' &&
            ' The search index is being rebuilt after unlock; a long history takes a minute.'}
        </p>
      )}
      {searching && hits !== null && index?.state === 'catching-up' && (
        <p className="muted chat-list-empty" role="status">
          The index is still catching up on {index.pending} recent change{index.pending === 1 ? '' : 's'}:
          results may miss them.
        </p>
      )}
      {hits !== null && hits.length === 0 && searching && (
        <p className="muted chat-list-empty">Nothing found</p>
      )}
    </nav>
  );

  function searchResults() {
    if (!hits || hits.length === 0) return null;
    return (
      <ul className="chat-hits" aria-label="Search results">
        {hits.map((h) => (
          <li key={`${h.conversationId}-${h.messageId}`}>
            <button
              type="button"
              className="chat-hit"
              aria-current={h.conversationId === selectedId || undefined}
              onClick={() => void select(h.conversationId, h.messageId)}
            >
              <span className="chat-list-title">{h.title || 'Untitled'}</span>
              <Snippet text={h.snippet} />
            </button>
          </li>
        ))}
      </ul>
    );
  }
}

/** The matched words marked (between MATCH_START and MATCH_END). */
function Snippet({ text }: { text: string }) {
  const parts = text.split(new RegExp(`${MATCH_START}([^${MATCH_END}]*)${MATCH_END}`));
  return (
    <span className="chat-hit-snippet">
      {parts.map((part, i) =>
        // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one string never reorder
        i % 2 === 1 ? <mark key={i}>{part}</mark> : <span key={i}>{part}</span>,
      )}
    </span>
  );
}
