import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import type { ChatMessage } from '../../../src-shared/domain/chat.js';
import { Button } from '../../components/Button.js';
import { AgentSteps } from './AgentSteps.js';
import { Message } from './Message.js';
import { Markdown } from './markdown/Markdown.js';
import { useStream } from './stream.js';

/** Within this many pixels of the end counts as "at the end": the view keeps following the reply. */
const STICK_PX = 48;

interface MessageViewProps {
  conversationId: string | null;
  messages: ChatMessage[];
  busy: boolean;
  focusMessageId: string | null;
  onRegenerate(): void;
  onEdit(id: string, text: string): void;
}

/**
 * The conversation: stored messages, then the reply being written. It follows the end while the user
 * is there; scrolling up stops that (a button offers the way back), scrolling back down resumes it.
 */
export function MessageView({
  conversationId,
  messages,
  busy,
  focusMessageId,
  onRegenerate,
  onEdit,
}: MessageViewProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const content = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const [following, setFollowing] = useState(true);

  const toEnd = useCallback(() => {
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, []);

  const setStick = (value: boolean) => {
    stick.current = value;
    setFollowing(value);
  };

  // Whatever makes the conversation taller (a stored message, a frame of tokens) keeps the end in view.
  useLayoutEffect(() => {
    const el = content.current;
    if (!el) return;
    const observer = new ResizeObserver(() => {
      if (stick.current) toEnd();
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [toEnd]);

  // A new conversation opens at its end, or at the search hit it was opened for.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a change of conversation or hit does this
  useLayoutEffect(() => {
    const target = focusMessageId
      ? scroller.current?.querySelector<HTMLElement>(`[data-message-id="${focusMessageId}"]`)
      : null;
    if (target) {
      setStick(false);
      target.scrollIntoView({ block: 'center' });
    } else {
      setStick(true);
      toEnd();
    }
  }, [conversationId, focusMessageId, messages.length > 0]);

  // A reply stored while it streams (a conversation opened midway) shows once: as the live one.
  const liveId = useStream((s) => (s.live?.conversationId === conversationId ? s.live.replyId : null));
  const shown = liveId ? messages.filter((m) => m.id !== liveId) : messages;
  const lastAssistant = shown.findLastIndex((m) => m.role === 'assistant');
  const lastUser = shown.findLastIndex((m) => m.role === 'user');

  return (
    <div className="chat-scroll-wrap">
      <div
        ref={scroller}
        className="chat-scroll"
        onScroll={(e) => {
          const el = e.currentTarget;
          const atEnd = el.scrollHeight - el.scrollTop - el.clientHeight < STICK_PX;
          if (atEnd !== stick.current) setStick(atEnd);
        }}
        onWheel={(e) => {
          // Intent counts before the position does: a small flick up while tokens pour in must stick.
          if (e.deltaY < 0 && stick.current) setStick(false);
        }}
      >
        <div ref={content} className="chat-thread">
          {shown.map((m, i) => (
            <Message
              key={m.id}
              message={m}
              last={i === lastAssistant && lastAssistant > lastUser}
              busy={busy}
              highlighted={m.id === focusMessageId}
              onRegenerate={onRegenerate}
              onEdit={onEdit}
            />
          ))}
          {conversationId && <LiveReply conversationId={conversationId} />}
          {busy && <Waiting conversationId={conversationId} />}
        </div>
      </div>
      {!following && (
        <Button
          className="chat-jump"
          onClick={() => {
            setStick(true);
            toEnd();
          }}
        >
          Jump to latest
        </Button>
      )}
    </div>
  );
}

/** The reply as it streams: the only part of the page a frame of tokens re-renders. */
export function LiveReply({ conversationId }: { conversationId: string }) {
  const live = useStream((s) => (s.live?.conversationId === conversationId ? s.live : null));
  if (!live) return null;
  return (
    <article className="chat-msg" data-role="assistant" data-live aria-label="Reply" aria-busy="true">
      {live.steps && <AgentSteps steps={live.steps} />}
      <div className="chat-msg-body">
        <Markdown text={live.text} />
        <span className="chat-caret" aria-hidden="true" />
      </div>
    </article>
  );
}

/** Before the first token: something is happening. */
function Waiting({ conversationId }: { conversationId: string | null }) {
  const streaming = useStream((s) => s.live !== null && s.live.conversationId === conversationId);
  if (streaming) return null;
  return (
    <p className="chat-waiting muted" role="status">
      <span className="spinner" aria-hidden="true" /> Thinking…
    </p>
  );
}
