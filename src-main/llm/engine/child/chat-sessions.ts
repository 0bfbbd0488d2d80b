// Engine-side chat sessions (runs in the engine child process): one context sequence per active
// conversation, so a follow-up turn evaluates only the tokens the sequence does not hold yet.
import {
  type ChatHistoryItem,
  type ChatWrapper,
  LlamaChat,
  type LlamaContext,
  type LlamaContextSequence,
  type LlamaModel,
  type ResolvableChatWrapperTypeName,
  resolvableChatWrapperTypeNames,
  resolveChatWrapper,
  type Token,
} from 'node-llama-cpp';
import type { ChatDone, ChatInput, ChatMessage } from '../protocol.js';

interface Session {
  sequence: LlamaContextSequence;
  chat: LlamaChat;
  wrapperName: string;
}

export interface Loaded {
  model: LlamaModel;
  context: LlamaContext;
}

/** A failure with one of the protocol's error codes, for the process to report. */
export class ChatFailure extends Error {
  constructor(
    readonly code: 'bad-request' | 'context-overflow' | 'no-model-loaded',
    message: string,
  ) {
    super(message);
  }
}

export type ChatResult = Omit<ChatDone, 'requestId' | 'timings' | 'reason'> & { stopReason: string };

/** Tokens kept free beyond the reply's budget: the template's own closing tokens. */
const SLACK = 8;

export class ChatSessions {
  /** Map order is recency: the first entry is the least recently used. */
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly loaded: () => Loaded | undefined) {}

  /** A sequence for a one-off generation or a new session; the least recently used session yields one. */
  acquireSequence(context: LlamaContext): LlamaContextSequence {
    while (context.sequencesLeft === 0) {
      const oldest = this.sessions.keys().next();
      if (oldest.done) break;
      this.close(oldest.value);
    }
    return context.getSequence();
  }

  close(sessionId: string): void {
    const s = this.sessions.get(sessionId);
    if (!s) return;
    this.sessions.delete(sessionId);
    s.chat.dispose({ disposeSequence: false });
    s.sequence.dispose();
  }

  /** Before the context goes (unload, load of another model). */
  clear(): void {
    for (const id of [...this.sessions.keys()]) this.close(id);
  }

  async run(
    input: ChatInput,
    hooks: { signal: AbortSignal; onText(text: string): void; onTokens(n: number): void },
  ): Promise<ChatResult> {
    const l = this.loaded();
    if (!l) throw new ChatFailure('no-model-loaded', 'No model is loaded.');
    if (input.messages.at(-1)?.role !== 'user') {
      throw new ChatFailure('bad-request', 'The last message must be from the user.');
    }
    const session = this.session(input.sessionId, l, input.chatWrapper);
    const contextSize = l.context.contextSize;
    // The reply's budget is reserved up front, so llama.cpp never has to shift the context mid-reply.
    const reserve = Math.max(1, Math.min(input.maxTokens, Math.floor(contextSize / 2)));
    const fitted = fitHistory(
      toHistory(input.messages),
      session.chat.chatWrapper,
      l.model,
      contextSize - reserve - SLACK,
    );
    const reusedTokens = Math.min(
      session.sequence.compareContextTokens(fitted.tokens).firstDifferentIndex,
      fitted.tokens.length,
    );
    const res = await session.chat.generateResponse([...fitted.history, { type: 'model', response: [] }], {
      maxTokens: reserve,
      ...(input.temperature === undefined ? {} : { temperature: input.temperature }),
      ...(input.topP === undefined ? {} : { topP: input.topP }),
      ...(input.seed === undefined ? {} : { seed: input.seed }),
      signal: hooks.signal,
      stopOnAbortSignal: true,
      onToken: (t) => hooks.onTokens(t.length),
      onTextChunk: hooks.onText,
    });
    // Should node-llama-cpp still have shifted the context, the turns it erased are reported, not hidden.
    const window = res.lastEvaluation.contextWindow.filter((h) => h.type !== 'system').length;
    const sent = fitted.history.filter((h) => h.type !== 'system').length + 1;
    const shifted = Math.max(0, sent - window);
    return {
      stopReason: res.metadata.stopReason,
      tokens: 0,
      promptTokens: fitted.tokens.length,
      reusedTokens,
      dropped: fitted.dropped + shifted,
      chatWrapper: session.wrapperName,
      contextSize,
    };
  }

  private session(id: string, l: Loaded, wrapper: string | undefined): Session {
    const wanted = wrapper ?? 'auto';
    if (!(resolvableChatWrapperTypeNames as readonly string[]).includes(wanted)) {
      throw new ChatFailure('bad-request', `Unknown chat template ${JSON.stringify(wanted.slice(0, 64))}.`);
    }
    const existing = this.sessions.get(id);
    if (existing && existing.wrapperName === wrapperLabel(existing.chat.chatWrapper, wanted)) {
      this.sessions.delete(id);
      this.sessions.set(id, existing);
      return existing;
    }
    if (existing) this.close(id);
    const chatWrapper = resolveWrapper(l.model, wanted);
    const sequence = this.acquireSequence(l.context);
    const chat = new LlamaChat({ contextSequence: sequence, chatWrapper, autoDisposeSequence: false });
    const s: Session = { sequence, chat, wrapperName: wrapperLabel(chatWrapper, wanted) };
    this.sessions.set(id, s);
    return s;
  }
}

function resolveWrapper(model: LlamaModel, name: string): ChatWrapper {
  return resolveChatWrapper(model, { type: name as ResolvableChatWrapperTypeName });
}

/** The session's wrapper and how it was asked for: a changed override means a new session. */
function wrapperLabel(wrapper: ChatWrapper, wanted: string): string {
  return wanted === 'auto' ? `auto:${wrapper.wrapperName}` : wrapper.wrapperName;
}

function toHistory(messages: ChatMessage[]): ChatHistoryItem[] {
  return messages.map((m): ChatHistoryItem => {
    if (m.role === 'system') return { type: 'system', text: m.content };
    if (m.role === 'user') return { type: 'user', text: m.content };
    return { type: 'model', response: [m.content] };
  });
}

/**
 * Drops the oldest whole turns (a user message and the replies after it) until the rendered history
 * fits `budget` tokens; the system message and the new user message always stay.
 */
function fitHistory(
  history: ChatHistoryItem[],
  wrapper: ChatWrapper,
  model: LlamaModel,
  budget: number,
): { history: ChatHistoryItem[]; tokens: Token[]; dropped: number } {
  const system = history[0]?.type === 'system' ? [history[0]] : [];
  let rest = history.slice(system.length);
  let dropped = 0;
  for (;;) {
    const candidate = [...system, ...rest];
    const { contextText } = wrapper.generateContextState({
      chatHistory: [...candidate, { type: 'model', response: [] }],
    });
    const tokens = contextText.tokenize(model.tokenizer);
    if (tokens.length <= budget) return { history: candidate, tokens, dropped };
    if (rest.length <= 1) {
      throw new ChatFailure(
        'context-overflow',
        `The message is too long for the model's context (${tokens.length} tokens, room for ${Math.max(0, budget)}).`,
      );
    }
    let cut = 1;
    while (cut < rest.length - 1 && rest[cut]?.type !== 'user') cut++;
    dropped += cut;
    rest = rest.slice(cut);
  }
}
