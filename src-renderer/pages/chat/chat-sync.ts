import type { ChatMessage } from '../../../src-shared/domain/chat.js';
import { connection, on } from '../../bridge.js';
import { chatApi, tokens, useChat } from '../../state/chat.js';
import { useVault } from '../../state/vault.js';
import { usePersonal } from './personal.js';
import { useStream } from './stream.js';

let started = false;

/**
 * Keeps the chat view in step with the owner: the turn's events, list changes, the engine, the vault
 * locking (which wipes what is shown), and a reconnect (events sent meanwhile are lost). Started by the
 * chat page the first time it shows, then for the life of the window.
 */
export function startChatSync(): void {
  if (started) return;
  started = true;

  on('chat.started', ({ conversationId, replyId, userMessage }) => {
    const s = useChat.getState();
    const mine = s.pending && (s.pending.conversationId ?? conversationId) === conversationId;
    if (mine && s.pending && s.pending.conversationId === null) {
      // The first message made this conversation: it becomes the one shown.
      useChat.setState({
        pending: { ...s.pending, conversationId },
        selectedId: conversationId,
        messages: [],
      });
    }
    if (useChat.getState().selectedId !== conversationId) return;
    if (userMessage) useChat.setState((cur) => ({ messages: placeUserMessage(cur.messages, userMessage) }));
    tokens.start(conversationId, replyId);
  });

  on('chat.token', ({ messageId, text, turn }) => tokens.push(messageId, text, turn));
  on('chat.step', ({ messageId, step }) => tokens.step(messageId, step));

  on('chat.done', (turn) => {
    const s = useChat.getState();
    // This window's own turns finish when their procedure answers; this is for turns from elsewhere.
    if (s.pending?.conversationId === turn.conversation.id) return;
    if (useStream.getState().live?.replyId === turn.reply.id) {
      tokens.flush();
      void s.select(turn.conversation.id).then(() => tokens.drop());
    }
  });

  on('chat.changed', () => void refreshTop());
  on('chat.memories', () => void usePersonal.getState().load());
  on('llm.engine', () => void useChat.getState().loadReadiness());
  on('models.changed', () => void useChat.getState().loadReadiness());

  let wasUnlocked = useVault.getState().state?.state === 'unlocked';
  useVault.subscribe((v) => {
    const unlocked = v.state?.state === 'unlocked';
    if (unlocked === wasUnlocked) return;
    wasUnlocked = unlocked;
    if (unlocked) {
      void useChat.getState().loadList();
      void usePersonal.getState().load();
    } else {
      useChat.getState().clear();
      usePersonal.getState().clear();
    }
  });

  connection.onChange((state) => {
    if (state !== 'open') return;
    void useChat.getState().loadReadiness();
    if (useVault.getState().state?.state !== 'unlocked') return;
    void refreshTop();
    const id = useChat.getState().selectedId;
    if (id && !useChat.getState().pending) void useChat.getState().select(id);
  });
}

/**
 * The list changed somewhere (a new, renamed or deleted conversation): the first page is fetched again
 * and laid over what is loaded, so a long list keeps its place and its pages.
 */
async function refreshTop(): Promise<void> {
  const api = chatApi();
  const s = useChat.getState();
  if (!api || useVault.getState().state?.state !== 'unlocked') return;
  if (s.conversations.length === 0) return s.loadList();
  try {
    const { conversations: top, nextCursor } = await api.list({ cursor: null, limit: 50 });
    const ids = new Set(top.map((c) => c.id));
    const oldest = top.at(-1)?.updatedAt ?? '';
    useChat.setState((cur) => ({
      conversations: [
        ...top,
        // What the fresh page no longer holds but is newer than its last entry was deleted.
        ...cur.conversations.filter(
          (c) => !ids.has(c.id) && (nextCursor === null ? false : c.updatedAt <= oldest),
        ),
      ],
    }));
  } catch {
    // The next change or reconnect tries again; the list shown stays as it was.
  }
}

/** A stored user message: replaces its optimistic copy (an edit), else joins the end. */
function placeUserMessage(messages: ChatMessage[] | null, m: ChatMessage): ChatMessage[] {
  const list = messages ?? [];
  const i = list.findIndex((x) => x.id === m.id);
  if (i >= 0) return [...list.slice(0, i), m];
  const last = list.at(-1);
  // An edit may store the new text under a new id: the optimistic copy is the last user message.
  if (useChat.getState().pending?.kind === 'edit' && last?.role === 'user') return [...list.slice(0, -1), m];
  return [...list, m];
}
