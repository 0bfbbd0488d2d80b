import { randomUUID } from 'node:crypto';
import { SahelError } from '../../../src-shared/errors.js';
import { EngineError, type EngineHost } from '../engine/host/engine-host.js';
import type {
  ChatProvider,
  ProviderResult,
  ProviderTurn,
  Readiness,
  ToolTurn,
  ToolTurnHandle,
  ToolTurnResult,
  TurnHandle,
} from './provider.js';

/** What the engine provider needs from the owner's LlmService (core.ts hands it in). */
export interface LlmSource {
  engine(): EngineHost;
  loaded(): { id: string; name: string } | null;
  /** Loads an installed model by id in place of the current one. */
  use(modelId: string): Promise<void>;
}

/** Replies from the local model, through the engine child process and its per-conversation sessions. */
export class EngineProvider implements ChatProvider {
  readonly kind = 'engine';

  constructor(private readonly llm: LlmSource) {}

  readiness(): Readiness {
    const m = this.llm.loaded();
    return m
      ? { ready: true, model: m.id, reason: null }
      : {
          ready: false,
          model: null,
          reason: 'No model is loaded: pick one on the Models page (or sahel models use).',
        };
  }

  async use(modelId: string): Promise<void> {
    if (this.llm.loaded()?.id !== modelId) await this.llm.use(modelId);
  }

  streamChat(turn: ProviderTurn): TurnHandle {
    const model = this.llm.loaded()?.id ?? 'unknown';
    const h = this.llm.engine().chat(
      {
        sessionId: turn.conversationId,
        messages: turn.messages,
        maxTokens: turn.maxTokens,
        ...(turn.temperature === undefined ? {} : { temperature: turn.temperature }),
        ...(turn.topP === undefined ? {} : { topP: turn.topP }),
        ...(turn.seed === undefined ? {} : { seed: turn.seed }),
        ...(turn.chatWrapper && turn.chatWrapper !== 'auto' ? { chatWrapper: turn.chatWrapper } : {}),
      },
      { onToken: turn.onToken },
    );
    const done = h.done.then(
      (d): ProviderResult => ({
        reason: d.reason,
        tokens: d.tokens,
        dropped: d.dropped,
        model,
        promptTokens: d.promptTokens,
        reusedTokens: d.reusedTokens,
        ttftMs: d.timings.ttftMs,
      }),
      (err: unknown) => {
        throw toSahel(err);
      },
    );
    return { done, cancel: () => h.cancel() };
  }

  toolTurn(turn: ToolTurn): ToolTurnHandle {
    const model = this.llm.loaded()?.id ?? 'unknown';
    let text = '';
    const h = this.llm.engine().generate(
      {
        messages: turn.messages,
        tools: turn.tools,
        ...(turn.toolChoice ? { toolChoice: turn.toolChoice } : {}),
        maxTokens: turn.maxTokens,
      },
      {
        onToken: (t) => {
          text += t;
          turn.onToken?.(t);
        },
      },
    );
    const done = h.done.then(
      (d): ToolTurnResult => ({
        reason: d.reason,
        text,
        toolCalls: (d.toolCalls ?? []).map((c) => ({ id: callId(), ...c })),
        promptTokens: d.promptTokens,
        tokens: d.tokens,
        model,
      }),
      (err: unknown) => {
        throw toSahel(err);
      },
    );
    return { done, cancel: () => h.cancel() };
  }

  async json(prompt: string, schema: Record<string, unknown>, maxTokens: number): Promise<unknown> {
    const h = this.llm.engine().generate({ prompt, grammar: schema, maxTokens, temperature: 0 });
    let text = '';
    try {
      for await (const t of h) text += t;
      await h.done;
    } catch (err) {
      throw toSahel(err);
    }
    try {
      return JSON.parse(text) as unknown;
    } catch {
      // The grammar forces valid JSON unless the length limit cut it short.
      throw new SahelError('UNAVAILABLE', 'The model’s answer was cut short');
    }
  }

  forget(conversationId: string): void {
    void this.llm
      .engine()
      .closeChat(conversationId)
      .catch(() => {});
  }
}

/** Ids for the calls of one turn: unique, so each tool result names exactly one call. */
export function callId(): string {
  return `call_${randomUUID().replaceAll('-', '').slice(0, 24)}`;
}

function toSahel(err: unknown): SahelError {
  if (SahelError.is(err)) return err;
  if (err instanceof EngineError) {
    const code = err.code === 'bad-request' || err.code === 'context-overflow' ? 'BAD_INPUT' : 'UNAVAILABLE';
    return new SahelError(code, err.message);
  }
  return new SahelError('INTERNAL', 'The local model failed unexpectedly');
}
