import { create } from 'zustand';
import type { ServiceClient } from '../../src-shared/api/define.js';
import type { chatService } from '../../src-shared/api/services/chat.js';
import type {
  ChatMessage,
  ChatReadiness,
  ChatSearchHit,
  ChatTurn,
  Conversation,
} from '../../src-shared/domain/chat.js';
import { SahelError } from '../../src-shared/errors.js';
import { client } from '../bridge.js';
import { TokenBuffer, useStream } from '../pages/chat/stream.js';
import { errorMessage } from './errors.js';
import { useVault } from './vault.js';

export type ChatClient = ServiceClient<typeof chatService>;

/** The chat procedures (the UI and the owner ship together: the service is always there). */
export function chatApi(): ChatClient {
  return client.chat;
}

/** A turn in flight from this window: what the user is waiting for. */
export interface Pending {
  kind: 'send' | 'regenerate' | 'edit';
  /** null until 'chat.started' names the conversation a first message created. */
  conversationId: string | null;
}

interface ChatStore {
  /** The owner has answered whether chat can run (readiness, or why it could not say). */
  readinessKnown: boolean;
  readiness: ChatReadiness | null;
  conversations: Conversation[];
  nextCursor: string | null;
  /** Every page of the list has been loaded. */
  listComplete: boolean;
  listLoading: boolean;
  listError: string | null;
  selectedId: string | null;
  messages: ChatMessage[] | null;
  messagesError: string | null;
  /** A message to bring into view (a search hit). */
  focusMessageId: string | null;
  pending: Pending | null;
  turnError: string | null;
  /** Messages go to the agent, which may act with its tools under the user's policy. */
  agentMode: boolean;
  query: string;
  hits: ChatSearchHit[] | null;
  searchError: string | null;

  loadReadiness(): Promise<void>;
  loadList(more?: boolean): Promise<void>;
  select(id: string | null, focusMessageId?: string | null): Promise<void>;
  send(text: string): Promise<void>;
  setAgentMode(on: boolean): void;
  regenerate(): Promise<void>;
  edit(messageId: string, text: string): Promise<void>;
  stop(): Promise<void>;
  rename(id: string, title: string): Promise<void>;
  remove(id: string): Promise<void>;
  setQuery(query: string): void;
  runSearch(): Promise<void>;
  /** Forgets everything shown: the vault locked (titles and messages are vault contents). */
  clear(): void;
}

const PAGE = 200;
const SEARCH_LIMIT = 50;
export const tokens = new TokenBuffer();

/** Counts clears and selections: answers that arrive after either are stale and dropped. */
let epoch = 0;
let selectSeq = 0;
let searchSeq = 0;

const EMPTY = {
  conversations: [] as Conversation[],
  nextCursor: null,
  listComplete: false,
  listLoading: false,
  listError: null,
  selectedId: null,
  messages: null,
  messagesError: null,
  focusMessageId: null,
  pending: null,
  turnError: null,
  query: '',
  hits: null,
  searchError: null,
};

export const useChat = create<ChatStore>()((set, get) => {
  /** Handles a failure of any call: a locked vault, or a message to show. */
  const failed = (err: unknown): string => {
    if (SahelError.is(err) && err.code === 'LOCKED') void useVault.getState().loadState();
    return errorMessage(err);
  };

  /** Runs a turn; its tokens arrive as events, its end as the procedure's answer (and 'chat.done'). */
  const turn = async (pending: Pending, call: (api: ChatClient) => Promise<ChatTurn>) => {
    const api = chatApi();
    if (!api || get().pending) return;
    const myEpoch = epoch;
    set({ pending, turnError: null });
    try {
      const result = await call(api);
      if (myEpoch === epoch) await finishTurn(result);
    } catch (err) {
      if (myEpoch !== epoch) return;
      tokens.drop();
      set({ turnError: failed(err), pending: null });
      const id = get().selectedId;
      if (id) void get().select(id);
    }
  };

  /** The turn ended: the stored messages replace the streamed text in one step. */
  const finishTurn = async (result: ChatTurn) => {
    tokens.flush();
    const id = result.conversation.id;
    upsertConversation(result.conversation);
    if (get().selectedId === null && get().pending?.kind === 'send') set({ selectedId: id });
    if (get().selectedId === id) {
      try {
        const { messages } = await chatApi()!.get({ id });
        if (get().selectedId === id) set({ messages });
      } catch (err) {
        set({ messagesError: failed(err) });
      }
    }
    tokens.drop();
    set({ pending: null });
  };

  const upsertConversation = (c: Conversation) => {
    set((s) => ({ conversations: [c, ...s.conversations.filter((x) => x.id !== c.id)] }));
  };

  return {
    readinessKnown: false,
    readiness: null,
    ...EMPTY,
    // A choice of the user's, kept when the vault locks (it says nothing of the vault).
    agentMode: false,

    async loadReadiness() {
      try {
        set({ readiness: await chatApi().readiness({}), readinessKnown: true });
      } catch (err) {
        // The owner could not say: chat shows the reason instead of a model.
        set({ readinessKnown: true, readiness: null, turnError: failed(err) });
      }
    },

    async loadList(more = false) {
      const api = chatApi();
      const s = get();
      if (!api || s.listLoading || (more && (s.listComplete || !s.nextCursor))) return;
      const myEpoch = epoch;
      set({ listLoading: true });
      try {
        const page = await api.list({ cursor: more ? s.nextCursor : null, limit: PAGE });
        if (myEpoch !== epoch) return;
        set((cur) => ({
          conversations: more ? appendNew(cur.conversations, page.conversations) : page.conversations,
          nextCursor: page.nextCursor,
          listComplete: page.nextCursor === null,
          listLoading: false,
          listError: null,
        }));
      } catch (err) {
        if (myEpoch === epoch) set({ listLoading: false, listError: failed(err) });
      }
    },

    async select(id, focusMessageId = null) {
      const seq = ++selectSeq;
      // A reply streaming elsewhere keeps streaming: LiveReply shows it when its conversation is back.
      set({ selectedId: id, messages: null, messagesError: null, focusMessageId, turnError: null });
      const api = chatApi();
      if (!id || !api) return;
      try {
        const { conversation, messages } = await api.get({ id });
        if (seq !== selectSeq) return;
        set({ messages });
        set((s) => ({ conversations: s.conversations.map((c) => (c.id === id ? conversation : c)) }));
      } catch (err) {
        if (seq !== selectSeq) return;
        if (SahelError.is(err) && err.code === 'NOT_FOUND') {
          set((s) => ({ conversations: s.conversations.filter((c) => c.id !== id), selectedId: null }));
        }
        set({ messagesError: failed(err) });
      }
    },

    send(text) {
      const conversationId = get().selectedId;
      const agent = get().agentMode;
      return turn({ kind: 'send', conversationId }, (api) => api.send({ conversationId, text, agent }));
    },

    setAgentMode(on) {
      set({ agentMode: on });
    },

    regenerate() {
      const conversationId = get().selectedId;
      if (!conversationId) return Promise.resolve();
      // The old reply makes way for the new one at once.
      set((s) => ({ messages: dropLastReply(s.messages) }));
      return turn({ kind: 'regenerate', conversationId }, (api) => api.regenerate({ conversationId }));
    },

    edit(messageId, text) {
      const conversationId = get().selectedId;
      if (!conversationId) return Promise.resolve();
      set((s) => ({ messages: truncateAt(s.messages, messageId, text) }));
      return turn({ kind: 'edit', conversationId }, (api) => api.edit({ conversationId, messageId, text }));
    },

    async stop() {
      const id = get().pending?.conversationId ?? useStream.getState().live?.conversationId;
      if (!id) return;
      try {
        await chatApi()?.stop({ conversationId: id });
      } catch (err) {
        set({ turnError: failed(err) });
      }
    },

    async rename(id, title) {
      const conversation = await chatApi()!.rename({ id, title });
      set((s) => ({ conversations: s.conversations.map((c) => (c.id === id ? conversation : c)) }));
    },

    async remove(id) {
      await chatApi()!.remove({ id });
      set((s) => ({
        conversations: s.conversations.filter((c) => c.id !== id),
        hits: s.hits?.filter((h) => h.conversationId !== id) ?? null,
      }));
      if (get().selectedId === id) void get().select(null);
    },

    setQuery(query) {
      set({ query });
      if (!query.trim()) {
        searchSeq++;
        set({ hits: null, searchError: null });
      }
    },

    async runSearch() {
      const query = get().query.trim();
      const api = chatApi();
      if (!query || !api) return;
      const seq = ++searchSeq;
      // Where the index stands (rebuilding or catching up after unlock) is said beside the results.
      void get().loadReadiness();
      try {
        const { hits } = await api.search({ query, limit: SEARCH_LIMIT });
        if (seq === searchSeq) set({ hits, searchError: null });
        if (get().readiness?.search?.state === 'catching-up') void get().loadReadiness();
      } catch (err) {
        if (seq === searchSeq) set({ searchError: failed(err) });
      }
    },

    clear() {
      epoch++;
      selectSeq++;
      searchSeq++;
      tokens.drop();
      set({ ...EMPTY });
    },
  };
});

function appendNew(list: Conversation[], page: Conversation[]): Conversation[] {
  const seen = new Set(list.map((c) => c.id));
  return list.concat(page.filter((c) => !seen.has(c.id)));
}

/** Regenerate: the reply (and any notice written with it) after the last user message goes. */
function dropLastReply(messages: ChatMessage[] | null): ChatMessage[] | null {
  if (!messages) return messages;
  const lastUser = messages.findLastIndex((m) => m.role === 'user');
  return lastUser < 0 ? messages : messages.slice(0, lastUser + 1);
}

/** Edit: the message takes its new text and everything after it goes (no branches). */
function truncateAt(messages: ChatMessage[] | null, id: string, text: string): ChatMessage[] | null {
  if (!messages) return messages;
  const i = messages.findIndex((m) => m.id === id);
  return i < 0 ? messages : [...messages.slice(0, i), { ...messages[i]!, text }];
}
