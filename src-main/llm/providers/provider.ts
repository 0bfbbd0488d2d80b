import type {
  ConversationMessage,
  ChatMessage as ModelMessage,
  StopReason,
  ToolCall,
  ToolChoice,
  ToolSpec,
} from '../engine/protocol.js';

export type { ConversationMessage, ModelMessage, ToolCall, ToolChoice, ToolSpec };

/** One step of a tool-using loop (the agent): the conversation so far and the tools it may call. */
export interface ToolTurn {
  /** The last message is the user's, or a tool's result. */
  messages: ConversationMessage[];
  tools: ToolSpec[];
  /** 'auto' by default; 'required' or `{ name }` always yield a call valid for its schema. */
  toolChoice?: ToolChoice;
  maxTokens: number;
  onToken?(text: string): void;
}

export interface ToolTurnResult {
  reason: StopReason;
  /** What the model wrote as text (empty when it only called tools). */
  text: string;
  /** Calls to make, each with an id its result must name; empty when the model answered. */
  toolCalls: ToolCall[];
  promptTokens: number;
  tokens: number;
  model: string;
}

export interface ToolTurnHandle {
  /** Rejects with a SahelError that is safe to show. */
  readonly done: Promise<ToolTurnResult>;
  cancel(): void;
}

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
  /** One answer with tools: text, or calls for the caller to run and answer with 'tool' messages. */
  toolTurn(turn: ToolTurn): ToolTurnHandle;
  /** Text constrained to a JSON schema (memory extraction); the caller validates what comes back. */
  json(prompt: string, schema: Record<string, unknown>, maxTokens: number): Promise<unknown>;
  /** The conversation is gone: free what the provider keeps for it. */
  forget(conversationId: string): void;
}
