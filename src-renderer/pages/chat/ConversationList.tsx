import { type KeyboardEvent, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { Conversation } from '../../../src-shared/domain/chat.js';
import { formatWhen } from '../../components/format.js';

/** Every row is this tall (CSS keeps it so): the list computes which rows are visible without measuring. */
export const ROW_HEIGHT = 52;
/** Rows rendered above and below the visible ones, so fast scrolling does not show blanks. */
const OVERSCAN = 8;
/** Ask for the next page when the end is this many rows away. */
const PREFETCH_ROWS = 40;

interface ConversationListProps {
  conversations: Conversation[];
  selectedId: string | null;
  onSelect(id: string): void;
  /** Scrolled near the end of what is loaded. */
  onEndReached?(): void;
  now?: Date;
}

function optionId(id: string): string {
  return `chat-conv-${id}`;
}

/**
 * The conversation list, virtualised: whatever its length, only the rows in view (and a few around)
 * exist in the DOM. A listbox with aria-activedescendant, since a focused row could scroll out of
 * existence: focus stays on the list, Up/Down/Home/End/PageUp/PageDown move, Enter or a click opens.
 */
export function ConversationList({
  conversations,
  selectedId,
  onSelect,
  onEndReached,
  now,
}: ConversationListProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);
  const selectedIndex = conversations.findIndex((c) => c.id === selectedId);
  const [active, setActive] = useState(Math.max(0, selectedIndex));
  const activeIndex = Math.min(active, conversations.length - 1);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setHeight(el.clientHeight || 600);
    const observer = new ResizeObserver(() => setHeight(el.clientHeight || 600));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    if (selectedIndex >= 0) setActive(selectedIndex);
  }, [selectedIndex]);

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(conversations.length, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);

  useEffect(() => {
    if (onEndReached && conversations.length > 0 && last >= conversations.length - PREFETCH_ROWS)
      onEndReached();
  }, [last, conversations.length, onEndReached]);

  const moveTo = (i: number) => {
    const el = ref.current;
    const next = Math.max(0, Math.min(conversations.length - 1, i));
    setActive(next);
    if (!el) return;
    const top = next * ROW_HEIGHT;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_HEIGHT > el.scrollTop + el.clientHeight)
      el.scrollTop = top + ROW_HEIGHT - el.clientHeight;
  };

  const page = Math.max(1, Math.floor(height / ROW_HEIGHT) - 1);
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const moves: Record<string, number> = {
      ArrowDown: activeIndex + 1,
      ArrowUp: activeIndex - 1,
      Home: 0,
      End: conversations.length - 1,
      PageDown: activeIndex + page,
      PageUp: activeIndex - page,
    };
    if (e.key === 'Enter' || e.key === ' ') {
      const c = conversations[activeIndex];
      if (c) onSelect(c.id);
    } else if (e.key in moves) {
      moveTo(moves[e.key]!);
    } else {
      return;
    }
    e.preventDefault();
  };

  const activeId = conversations[activeIndex]?.id;
  const rows = conversations.slice(first, last);
  return (
    <div
      ref={ref}
      className="chat-list"
      role="listbox"
      aria-label="Conversations"
      tabIndex={0}
      aria-activedescendant={activeId ? optionId(activeId) : undefined}
      onKeyDown={onKeyDown}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
    >
      <div className="chat-list-spacer" style={{ height: conversations.length * ROW_HEIGHT }}>
        {rows.map((c, k) => {
          const i = first + k;
          return (
            // biome-ignore lint/a11y/useKeyWithClickEvents: keys are handled by the listbox
            <div
              key={c.id}
              id={optionId(c.id)}
              role="option"
              // Focus stays on the list (aria-activedescendant); a click must not move it to the row.
              tabIndex={-1}
              onMouseDown={(e) => e.preventDefault()}
              className="chat-list-row"
              aria-selected={c.id === selectedId}
              aria-setsize={conversations.length}
              aria-posinset={i + 1}
              data-active={i === activeIndex || undefined}
              style={{ transform: `translateY(${i * ROW_HEIGHT}px)` }}
              onClick={() => {
                setActive(i);
                onSelect(c.id);
              }}
            >
              <span className="chat-list-title">{c.title || 'Untitled'}</span>
              <span className="chat-list-meta">
                {formatWhen(c.updatedAt, now)} · {c.messageCount}{' '}
                {c.messageCount === 1 ? 'message' : 'messages'}
              </span>
            </div>
          );
        })}
      </div>
    </div>
  );
}
