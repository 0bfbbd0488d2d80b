import type { AgentStep } from '../../../src-shared/domain/agent-steps.js';
import type {
  ChatMessage,
  ChatReadiness,
  ChatSearchHit,
  ChatTurn,
  Conversation,
  SamplingPatch,
  UnsearchedItem,
} from '../../../src-shared/domain/chat.js';
import { SahelError } from '../../../src-shared/errors.js';
import type { Logger } from '../../platform/index.js';
import type { ChatProvider, ModelMessage, TurnHandle } from '../providers/provider.js';
import type { AgentTurns } from './agent-turns.js';
import { type ChatHistory, newId } from './history.js';
import { EXTRACT_SCHEMA, type MemoryStore } from './memories.js';
import type { PersonaStore } from './persona.js';
import { citationsIn, extractionPrompt, type Passage, type Retriever, systemPrompt } from './prompt.js';
import { agentHandle, plainHandle } from './reply-handles.js';
import { resolveSampling, type SamplingDefaults, type TurnSampling } from './sampling.js';
import type { ChatSearchService } from './search-service.js';

export interface ChatEvents {
  started(e: { conversationId: string; replyId: string; userMessage: ChatMessage | null }): void;
  /** A piece of a reply; an agent's names its model turn (a later turn's text starts the reply again). */
  token(e: { conversationId: string; messageId: string; text: string; turn?: number }): void;
  /** An agent's step (only owners with the agent built listen). */
  step?(e: { conversationId: string; messageId: string; step: AgentStep }): void;
  done(turn: ChatTurn): void;
  changed(ids: string[]): void;
  memories(): void;
}

export interface ChatServiceOptions {
  history: ChatHistory;
  /** Conversation search: told of every write, loaded or built at unlock, dropped at lock. */
  search: ChatSearchService;
  persona: PersonaStore;
  memories: MemoryStore;
  /** Where replies come from now (the engine, or a script); asked on every turn. */
  provider(): ChatProvider;
  /** Vault grounding, when retrieval is available. */
  retriever?: () => Retriever | undefined;
  /** The user's chat settings, read on every turn. */
  settings(): {
    chatMemoryConsent?: boolean | undefined;
    chatWrapper?: string | undefined;
  } & SamplingDefaults;
  events: ChatEvents;
  log: Logger;
  /** A reply's length limit unless the caller gives one (default 1024 tokens). */
  defaultMaxTokens?: number;
  /** The agent's tool-using turn, once the agent layer is built (core.ts sets it); absent: none. */
  agent?: () => AgentTurns | undefined;
}

export interface TurnOptions extends TurnSampling {
  useVault?: boolean | undefined;
  /** The agent answers: it may call its tools, each through its policy. */
  agent?: boolean | undefined;
  /** Kept with the conversation from this turn on (merged over what it had). */
  sampling?: SamplingPatch | undefined;
}

const PASSAGES = 4;

/**
 * Conversations with the local model: each turn stores the user's message, streams the reply as
 * events and stores it sealed, with a visible notice when older turns no longer fit the context.
 * One turn at a time per conversation; the engine keeps each conversation's evaluated context.
 */
export class ChatService {
  private readonly active = new Map<string, TurnHandle | null>();
  private extraction: Promise<void> = Promise.resolve();

  constructor(private readonly opts: ChatServiceOptions) {}

  readiness(): ChatReadiness {
    const p = this.opts.provider();
    return { provider: p.kind, ...p.readiness(), search: this.opts.search.readiness() };
  }

  list(cursor: string | null, limit: number) {
    return this.opts.history.page(cursor, limit);
  }

  get(id: string): { conversation: Conversation; messages: ChatMessage[]; unreadable: string[] } {
    const conversation = this.opts.history.get(id);
    return { conversation, ...this.opts.history.messagesOf(id) };
  }

  create(title?: string): Conversation {
    const c = this.opts.history.create(title ?? 'New conversation');
    this.opts.search.changed();
    this.opts.events.changed([c.id]);
    return c;
  }

  setSampling(id: string, sampling: SamplingPatch): Conversation {
    const c = this.opts.history.setSampling(id, sampling);
    this.opts.events.changed([id]);
    return c;
  }

  rename(id: string, title: string): Conversation {
    const c = this.opts.history.rename(id, title);
    this.opts.search.changed();
    this.opts.events.changed([id]);
    return c;
  }

  remove(id: string): boolean {
    if (this.active.has(id))
      throw new SahelError('CONFLICT', 'Stop the reply before deleting the conversation');
    const removed = this.opts.history.remove(id);
    this.opts.search.changed();
    this.opts.provider().forget(id);
    this.opts.events.changed([id]);
    return removed;
  }

  async send(
    input: { conversationId: string | null; text: string; model?: string | undefined } & TurnOptions,
  ): Promise<ChatTurn> {
    const h = this.opts.history;
    let conv = input.conversationId ? h.get(input.conversationId) : undefined;
    // Loading the asked-for model comes first: it is what makes the provider ready.
    if (input.model) await this.opts.provider().use(input.model);
    const provider = this.provider();
    if (conv) this.claim(conv.id);
    try {
      const isNew = !conv;
      conv ??= h.create(titleFrom(input.text));
      if (isNew) this.claim(conv.id);
      const user = this.message(conv.id, 'user', input.text);
      const sampling = input.sampling ? { ...conv.sampling, ...input.sampling } : conv.sampling;
      conv = h.save({ ...conv, messageCount: conv.messageCount + 1, ...(sampling ? { sampling } : {}) }, [
        user,
      ]);
      this.opts.search.changed();
      if (isNew) this.opts.events.changed([conv.id]);
      return await this.reply(conv, provider, [user], input.text, input);
    } finally {
      if (conv) this.active.delete(conv.id);
    }
  }

  async regenerate(conversationId: string, opts: TurnOptions = {}): Promise<ChatTurn> {
    const h = this.opts.history;
    let conv = h.get(conversationId);
    const provider = this.provider();
    this.claim(conversationId);
    try {
      const msgs = h.messages(conversationId);
      const lastUser = msgs.findLast((m) => m.role === 'user');
      if (!lastUser) throw new SahelError('BAD_INPUT', 'There is no message to answer again');
      const stale = msgs.slice(msgs.indexOf(lastUser) + 1).filter((m) => m.role === 'assistant');
      if (stale.length > 0) {
        conv = h.save({ ...conv, messageCount: conv.messageCount - stale.length }, [], ids(stale));
        this.opts.search.changed();
      }
      // A reply the agent wrote (it has steps) is answered again by the agent, not by a plain reply.
      const agent = opts.agent ?? stale.some((m) => m.steps !== undefined);
      return await this.reply(conv, provider, [], lastUser.text, { ...opts, agent });
    } finally {
      this.active.delete(conversationId);
    }
  }

  /** Changes a user message and answers again; what came after it is replaced (no branches). */
  async edit(
    conversationId: string,
    messageId: string,
    text: string,
    opts: TurnOptions = {},
  ): Promise<ChatTurn> {
    const h = this.opts.history;
    let conv = h.get(conversationId);
    const provider = this.provider();
    this.claim(conversationId);
    try {
      const msgs = h.messages(conversationId);
      const at = msgs.findIndex((m) => m.id === messageId);
      const target = msgs[at];
      if (!target) throw new SahelError('NOT_FOUND', 'No such message in this conversation');
      if (target.role !== 'user') throw new SahelError('BAD_INPUT', 'Only your own messages can be edited');
      const later = msgs.slice(at + 1);
      const visibleBefore = msgs.slice(0, at).filter(visible).length;
      const user = { ...target, text };
      conv = h.save(
        {
          ...conv,
          messageCount: conv.messageCount - later.length,
          droppedMessages: Math.min(conv.droppedMessages, visibleBefore),
        },
        [user],
        ids(later),
      );
      this.opts.search.changed();
      return await this.reply(conv, provider, [user], text, opts);
    } finally {
      this.active.delete(conversationId);
    }
  }

  stop(conversationId: string): boolean {
    const h = this.active.get(conversationId);
    h?.cancel();
    return Boolean(h);
  }

  search(query: string, limit: number): Promise<ChatSearchHit[]> {
    return this.opts.search.search(query, limit);
  }

  /** Loads (or builds) the search index; called when the vault unlocks. */
  onUnlocked(): Promise<void> {
    return this.opts.search.onUnlocked();
  }

  /** The vault locked: replies in flight stop and the search index (plaintext in memory) goes. */
  onLocked(): void {
    for (const h of this.active.values()) h?.cancel();
    this.opts.search.onLocked();
  }

  /** Resolves when background memory extraction has finished (tests, shutdown). */
  settled(): Promise<void> {
    return this.extraction;
  }

  private provider(): ChatProvider {
    const p = this.opts.provider();
    const r = p.readiness();
    if (!r.ready) throw new SahelError('UNAVAILABLE', r.reason ?? 'The model is not ready');
    return p;
  }

  private claim(id: string): void {
    if (this.active.has(id))
      throw new SahelError('CONFLICT', 'A reply is still being written in this conversation');
    this.active.set(id, null);
  }

  private message(conversationId: string, role: ChatMessage['role'], text: string): ChatMessage {
    return { id: newId(), conversationId, role, text, createdAt: new Date().toISOString() };
  }

  private async reply(
    conv: Conversation,
    provider: ChatProvider,
    added: ChatMessage[],
    query: string,
    opts: TurnOptions,
  ): Promise<ChatTurn> {
    const seen = this.opts.history.messages(conv.id).filter(visible).slice(conv.droppedMessages);
    // The agent looks in the vault with its own tool when it needs to.
    const { passages, unsearched } =
      opts.useVault === false || opts.agent ? { passages: [], unsearched: [] } : await this.passages(query);
    const messages: ModelMessage[] = [
      { role: 'system', content: systemPrompt(this.opts.persona.get(), this.opts.memories.list(), passages) },
      ...seen.map((m) => ({ role: m.role as 'user' | 'assistant', content: m.text })),
    ];
    const reply = this.message(conv.id, 'assistant', '');
    if (unsearched.length > 0) reply.unsearched = unsearched;
    const userMessage = added.find((m) => m.role === 'user') ?? null;
    this.opts.events.started({ conversationId: conv.id, replyId: reply.id, userMessage });
    const settings = this.opts.settings();
    const wrapper = settings.chatWrapper;
    const sampling = resolveSampling(settings, conv, opts, this.opts.defaultMaxTokens);
    reply.sampling = sampling;
    const handle = opts.agent
      ? agentHandle(this.opts, { conversationId: conv.id, seen, reply, maxTokens: sampling.maxTokens })
      : plainHandle(this.opts.events, provider, {
          conversationId: conv.id,
          messages,
          reply,
          sampling,
          wrapper,
        });
    this.active.set(conv.id, handle);
    const put: ChatMessage[] = [];
    let dropped = 0;
    try {
      const r = await handle.done;
      Object.assign(reply, {
        status: r.reason === 'cancelled' ? 'stopped' : 'done',
        model: r.model,
        tokens: r.tokens,
        citations: citationsIn(reply.text, passages),
      });
      dropped = r.dropped;
    } catch (err) {
      reply.status = 'failed';
      reply.error = SahelError.is(err) ? err.message : 'The model failed unexpectedly';
    }
    if (dropped > 0) {
      const total = conv.droppedMessages + dropped;
      put.push({
        ...this.message(
          conv.id,
          'notice',
          `${total} earlier messages were dropped to fit the model's context.`,
        ),
        dropped: total,
      });
    }
    put.push(reply);
    const saved = this.opts.history.save(
      {
        ...conv,
        messageCount: conv.messageCount + put.length,
        droppedMessages: conv.droppedMessages + dropped,
      },
      put,
    );
    this.opts.search.changed();
    const turn: ChatTurn = { conversation: saved, added: [...added, ...put], reply };
    this.opts.events.done(turn);
    if (userMessage && reply.status === 'done' && this.opts.settings().chatMemoryConsent) {
      this.extract(provider, userMessage);
    }
    return turn;
  }

  private async passages(query: string): Promise<{ passages: Passage[]; unsearched: UnsearchedItem[] }> {
    const r = this.opts.retriever?.();
    if (!r) return { passages: [], unsearched: [] };
    try {
      const got = await r.search(query, PASSAGES);
      return { passages: got.passages.slice(0, PASSAGES), unsearched: got.unsearched };
    } catch (err) {
      // Grounding is a help, not a requirement: the reply comes without it.
      this.opts.log.warn('chat: retrieval failed', { error: (err as Error).message });
      return { passages: [], unsearched: [] };
    }
  }

  /** Memories from the user's own words, in the background, only with the consent setting on. */
  private extract(provider: ChatProvider, user: ChatMessage): void {
    this.extraction = this.extraction.then(async () => {
      try {
        const facts = await provider.json(extractionPrompt(user.text), EXTRACT_SCHEMA, 256);
        if (!this.opts.settings().chatMemoryConsent) return;
        const added = this.opts.memories.addExtracted(facts, user.conversationId);
        if (added.length > 0) this.opts.events.memories();
      } catch (err) {
        this.opts.log.warn('chat: memory extraction failed', { error: (err as Error).message });
      }
    });
  }
}

/** What the model sees of a conversation: no notices, no failed empty replies. */
function visible(m: ChatMessage): boolean {
  return m.role !== 'notice' && !(m.status === 'failed' && m.text === '');
}

function ids(messages: ChatMessage[]): string[] {
  return messages.map((m) => m.id);
}

function titleFrom(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= 60 ? line : `${line.slice(0, 59)}…`;
}
