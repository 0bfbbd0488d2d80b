import { z } from 'zod';

/**
 * Messages between the owner and the engine child process. The owner validates everything it
 * receives with these schemas: the child runs llama.cpp on files from the internet, so its output is
 * treated as untrusted. The child trusts the owner and only type-checks what it sends.
 */

export const GpuLayers = z.union([z.number().int().min(0), z.literal('auto'), z.literal('max')]);
export type GpuLayers = z.infer<typeof GpuLayers>;

export const ChatMessage = z.object({
  role: z.enum(['system', 'user', 'assistant']),
  content: z.string(),
});
export type ChatMessage = z.infer<typeof ChatMessage>;

/** A LoRA adapter file for the engine to apply, and its strength. */
export interface LoraFile {
  filePath: string;
  scale: number;
}

/**
 * Adapter files that exist only around a load (decrypted from the vault): the host asks for them
 * before every load, a reload after a crash included, and releases them as soon as the engine answers.
 */
export type LoraSource = () => Promise<{ files: LoraFile[]; release(): void }>;

/** A model file that exists only around a load (decrypted from the vault), asked for like LoRA adapters. */
export type ModelFileSource = () => Promise<{ path: string; release(): void }>;

export interface LoadOptions {
  modelPath: string;
  /** LoRA adapters applied to the context; llama.cpp refuses one made for another model. */
  lora?: LoraFile[];
  /** 'auto' (the default) lets node-llama-cpp fit as many layers as the free VRAM allows. */
  gpuLayers?: GpuLayers;
  contextSize?: number;
  /** CPU threads for evaluation; 0 or absent: defaultThreads(math cores). */
  threads?: number;
  /**
   * Context sequences: conversations whose evaluated state stays warm at once (each costs a context's
   * KV memory). Default 1; the least recently used conversation gives its sequence up when needed.
   */
  sequences?: number;
}

/** What the owner asks the host for: adapter files come from a source, never stale paths. */
export interface HostLoadOptions extends Omit<LoadOptions, 'lora'> {
  lora?: LoraSource;
  /** In place of `modelPath`: llama.cpp maps the file at load, so it may go once the engine answered. */
  modelFile?: ModelFileSource;
}

/** A JSON schema in node-llama-cpp's supported subset; the engine turns it into a GBNF grammar. */
export type JsonSchema = Record<string, unknown>;

/** A function the model may call: its arguments are generated under a grammar made from `parameters`. */
export interface ToolSpec {
  name: string;
  description?: string;
  /** A JSON schema of the arguments (an object); absent: no arguments. */
  parameters?: JsonSchema;
}

/**
 * Whether the model calls a tool: 'auto' lets it choose (node-llama-cpp's function calling, in the
 * chat template's own syntax); 'required' and `{ name }` force a call under a grammar, so the answer
 * is always a schema-valid call; 'none' keeps the tools out.
 */
export type ToolChoice = 'auto' | 'none' | 'required' | { name: string };

/** A call the model made; `arguments` is JSON text (as OpenAI sends it). */
export interface ToolCall {
  id: string;
  name: string;
  arguments: string;
}

/**
 * A message of a tool-using conversation: an assistant turn may carry the calls it made, and each
 * call's result follows as a 'tool' message naming its id.
 */
export type ConversationMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string; toolCalls?: ToolCall[] }
  | { role: 'tool'; toolCallId: string; content: string };

interface GenerateCommon {
  maxTokens: number;
  temperature?: number;
  topP?: number;
  seed?: number;
  /** The answer is JSON: valid for this schema, or ('json') any JSON object. */
  grammar?: JsonSchema | 'json';
}
export interface MessagesInput extends GenerateCommon {
  /** The conversation so far; the last message is the user's or a tool's result. */
  messages: ConversationMessage[];
  tools?: ToolSpec[];
  /** Default 'auto' when there are tools. */
  toolChoice?: ToolChoice;
}
export type GenerateInput = (GenerateCommon & { prompt: string }) | MessagesInput;

/** Texts to embed: with `modelPath` a separate embedding GGUF (kept loaded beside the chat model), else the loaded model. */
export interface EmbedInput {
  texts: string[];
  modelPath?: string;
}

/**
 * A turn of a conversation the engine keeps a context sequence for (`sessionId`), so a follow-up only
 * evaluates what is new. `messages` is the whole history the model should see, the new user message
 * last; the engine drops the oldest turns when they do not fit and says how many in 'chatDone'.
 */
export interface ChatInput extends Omit<GenerateCommon, 'grammar'> {
  sessionId: string;
  messages: ChatMessage[];
  /** A node-llama-cpp chat wrapper name; absent or 'auto': resolved from the model. */
  chatWrapper?: string;
}

export type EngineCommand =
  | ({ type: 'chat'; requestId: string } & ChatInput)
  | { type: 'chatClose'; requestId: string; sessionId: string }
  | ({ type: 'embed'; requestId: string } & EmbedInput)
  | { type: 'hardware'; requestId: string }
  | ({ type: 'load'; requestId: string } & LoadOptions)
  | { type: 'unload'; requestId: string }
  /** Frees a separate embedding GGUF (the user chose none, or another one). */
  | { type: 'embedRelease'; requestId: string }
  | ({ type: 'generate'; requestId: string } & GenerateInput)
  | { type: 'cancel'; requestId: string };

export const Backend = z.enum(['cuda', 'vulkan', 'metal', 'cpu']);
export type Backend = z.infer<typeof Backend>;

const bytes = z.number().nonnegative();
export const HardwareInfo = z.object({
  backend: Backend,
  gpuNames: z.array(z.string()),
  vram: z.object({ total: bytes, free: bytes }),
  ram: z.object({ total: bytes, free: bytes }),
  cpuThreads: z.number().int().nonnegative(),
  cpuMathCores: z.number().int().nonnegative(),
});
export type HardwareInfo = z.infer<typeof HardwareInfo>;

export const LoadedModel = z.object({
  modelPath: z.string(),
  gpuLayers: z.number().int().nonnegative(),
  contextSize: z.number().int().positive(),
  threads: z.number().int().nonnegative(),
  trainContextSize: z.number().int().nonnegative(),
  sizeBytes: bytes,
  /** Sequences the context got: fewer than asked when the GPU could not hold all their KV caches. */
  sequences: z.number().int().positive(),
});
export type LoadedModel = z.infer<typeof LoadedModel>;

export const StopReason = z.enum(['eos', 'maxTokens', 'cancelled', 'stop', 'toolCalls']);
export type StopReason = z.infer<typeof StopReason>;

export const Timings = z.object({
  /** Request received by the engine → first token text produced. */
  ttftMs: z.number().nonnegative(),
  tokensPerSecond: z.number().nonnegative(),
  totalMs: z.number().nonnegative(),
});
export type Timings = z.infer<typeof Timings>;

export const Done = z.object({
  requestId: z.string(),
  tokens: z.number().int().nonnegative(),
  reason: StopReason,
  timings: Timings,
});
export type Done = z.infer<typeof Done>;

/** The calls the model made, checked by the owner: the model's output is untrusted. */
const ModelToolCall = z.object({ name: z.string().min(1).max(256), arguments: z.string().max(1_000_000) });

export const GenerateDone = Done.extend({
  /** Tokens of the prompt (the messages rendered with the chat template, tools documented). */
  promptTokens: z.number().int().nonnegative(),
  /** Present when the model called tools (reason 'toolCalls'); ids are given by the owner. */
  toolCalls: z.array(ModelToolCall).max(64).optional(),
});
export type GenerateDone = z.infer<typeof GenerateDone>;

export const ChatDone = Done.extend({
  /** Tokens of the prompt (history rendered with the chat template). */
  promptTokens: z.number().int().nonnegative(),
  /** Of those, how many were already in the session's context sequence and not evaluated again. */
  reusedTokens: z.number().int().nonnegative(),
  /** Oldest messages left out because the history did not fit the context (0: none). */
  dropped: z.number().int().nonnegative(),
  /** The chat wrapper used (its name in node-llama-cpp). */
  chatWrapper: z.string().max(100),
  contextSize: z.number().int().positive(),
});
export type ChatDone = z.infer<typeof ChatDone>;

/** Failures the engine itself reports (it is alive); the host adds crash and timeout. */
export const EngineErrorCode = z.enum([
  'model-load-failed',
  'no-model-loaded',
  'busy',
  'bad-request',
  'generation-failed',
  /**
   * The newest message alone (with the system prompt) is larger than the context; for a one-off
   * generation, the whole request is.
   */
  'context-overflow',
  'internal',
]);
export type EngineErrorCode = z.infer<typeof EngineErrorCode>;

const id = z.string().max(200);
export const EngineEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), pid: z.number().int() }),
  z.object({ type: z.literal('hardware'), requestId: id, info: HardwareInfo }),
  z.object({ type: z.literal('loaded'), requestId: id, model: LoadedModel }),
  z.object({ type: z.literal('unloaded'), requestId: id }),
  z.object({ type: z.literal('token'), requestId: id, text: z.string() }),
  z.object({
    type: z.literal('embeddings'),
    requestId: id,
    vectors: z.array(z.instanceof(Float32Array)).max(4096),
    /** How many texts were cut to fit the embedding context. */
    truncated: z.number().int().nonnegative(),
    /** Tokens embedded, all texts together. */
    tokens: z.number().int().nonnegative(),
  }),
  GenerateDone.extend({ type: z.literal('done'), requestId: id }),
  ChatDone.extend({ type: z.literal('chatDone'), requestId: id }),
  z.object({ type: z.literal('chatClosed'), requestId: id }),
  /** Whether an embedding GGUF of its own was held (and is now freed). */
  z.object({ type: z.literal('embedReleased'), requestId: id, released: z.boolean() }),
  z.object({
    type: z.literal('error'),
    requestId: id,
    code: EngineErrorCode,
    message: z.string().max(2000),
  }),
]);
export type EngineEvent = z.infer<typeof EngineEvent>;
