import type { ChatMessage as ModelMessage, StopReason } from '../engine/protocol.js';

export type { ModelMessage };

/** One reply to write: the whole history the model should see, the system prompt first. */
export interface ProviderTurn {
  /** The engine keeps one warm context sequence per conversation. */
  conversationId: string;
  messages: ModelMessage[];
  maxTokens: number;
  /** Sampling; absent: the engine's greedy default. */
  temperature?: number;
  topP?: number;
  seed?: number;
  /** A chat template override ('auto' or absent: from the model). */
  chatWrapper?: string;
  onToken(text: string): void;
}

export interface ProviderResult {
  reason: StopReason;
  tokens: number;
  /** Oldest messages the model did not see because they did not fit its context. */
  dropped: number;
  /** The model that wrote it (its id, or the script's name). */
  model: string;
  promptTokens: number;
  reusedTokens: number;
  ttftMs: number;
}

export interface TurnHandle {
  /** Rejects with a SahelError that is safe to show. */
  readonly done: Promise<ProviderResult>;
  cancel(): void;
}

export interface Readiness {
  ready: boolean;
  model: string | null;
  reason: string | null;
}

/**
 * Where replies come from: the local engine, or a script of fixed outputs for deterministic tests of
 * everything above it. Chat code is the same for both.
 */
export interface ChatProvider {
  readonly kind: 'engine' | 'scripted';
  readiness(): Readiness;
  /** Loads the model `id` first, when the caller asks for one that is not the loaded one. */
  use(modelId: string): Promise<void>;
  streamChat(turn: ProviderTurn): TurnHandle;
  /** Text constrained to a JSON schema (memory extraction); the caller validates what comes back. */
  json(prompt: string, schema: Record<string, unknown>, maxTokens: number): Promise<unknown>;
  /** The conversation is gone: free what the provider keeps for it. */
  forget(conversationId: string): void;
}
