// Runs in the engine child process: one stateless chat request (the /v1 API, the agent), with tools
// and structured output, on a sequence of its own.
import {
  type ChatHistoryItem,
  type ChatModelFunctions,
  LlamaChat,
  type LlamaContextSequence,
  type LlamaGrammar,
  type LlamaModel,
} from 'node-llama-cpp';
import type { MessagesInput } from '../protocol.js';
import { ChatFailure } from './chat-sessions.js';
import {
  forcedCallNote,
  forcedCallSchema,
  forcedTools,
  parseForcedCall,
  toFunctions,
  toolHistory,
} from './tool-calls.js';

/** Tokens kept free beyond the prompt: the template's closing tokens. */
const SLACK = 8;

export interface ChatRequestHooks {
  signal: AbortSignal;
  onText(text: string): void;
  onTokens(n: number): void;
  /** A grammar for a JSON schema, or for any JSON ('json'); throws a ChatFailure for a bad schema. */
  grammar(schema: Record<string, unknown> | 'json'): Promise<LlamaGrammar>;
}

export interface ChatRequestResult {
  stopReason: string;
  promptTokens: number;
  toolCalls?: { name: string; arguments: string }[];
}

/**
 * Counts the prompt before anything is evaluated and refuses one the context cannot hold (with room
 * for at least one token of reply): a request can never hold the engine longer than one context's
 * worth of prompt processing, nor be shifted or cut silently.
 */
export async function runChatRequest(
  model: LlamaModel,
  sequence: LlamaContextSequence,
  input: MessagesInput,
  hooks: ChatRequestHooks,
): Promise<ChatRequestResult> {
  const contextSize = sequence.context.contextSize;
  precheck(model, input, contextSize);
  let history = toolHistory(input.messages);
  const tools = input.tools ?? [];
  const choice = tools.length > 0 ? (input.toolChoice ?? 'auto') : 'none';
  const forced = choice === 'required' || typeof choice === 'object' ? forcedTools(tools, choice) : undefined;
  const functions: ChatModelFunctions | undefined = choice === 'auto' ? toFunctions(tools) : undefined;
  if (forced) history = withSystemNote(history, forcedCallNote(forced));

  const chat = new LlamaChat({ contextSequence: sequence, autoDisposeSequence: false });
  try {
    const { contextText } = chat.chatWrapper.generateContextState({
      chatHistory: history,
      ...(functions ? { availableFunctions: functions, documentFunctionParams: true } : {}),
    });
    const promptTokens = contextText.tokenize(model.tokenizer).length;
    const room = contextSize - promptTokens - SLACK;
    if (room < 1) throw overflow(contextSize, promptTokens + SLACK + 1);

    const schema = forced ? forcedCallSchema(forced) : input.grammar;
    const grammar = schema ? await hooks.grammar(schema) : undefined;
    const res = await chat.generateResponse(history, {
      maxTokens: Math.min(input.maxTokens, room),
      ...(input.temperature === undefined ? {} : { temperature: input.temperature }),
      ...(input.seed === undefined ? {} : { seed: input.seed }),
      ...(grammar ? { grammar } : functions ? { functions, documentFunctionParams: true } : {}),
      signal: hooks.signal,
      stopOnAbortSignal: true,
      onToken: (t) => hooks.onTokens(t.length),
      // A forced call's JSON is not text for the user: it comes back as the call.
      onTextChunk: forced ? () => {} : hooks.onText,
    });
    if (forced) {
      const call = parseForcedCall(res.response);
      return call
        ? { stopReason: 'toolCalls', promptTokens, toolCalls: [call] }
        : { stopReason: res.metadata.stopReason, promptTokens };
    }
    const calls = (res.functionCalls ?? []).map((c) => ({
      name: c.functionName,
      arguments: JSON.stringify(c.params ?? {}),
    }));
    return calls.length > 0
      ? { stopReason: 'toolCalls', promptTokens, toolCalls: calls }
      : { stopReason: res.metadata.stopReason, promptTokens };
  } finally {
    chat.dispose({ disposeSequence: false });
  }
}

/**
 * Tokenizing a huge request costs seconds (2 MB: ~1.5 s here), so the messages are counted piece by
 * piece and the count stops as soon as it passes the context: the work is bounded by the context
 * size, not the request size. Pieces tokenized apart may differ from the whole by a token at each cut,
 * hence the allowance of one per piece; the exact count follows with the template applied.
 */
function precheck(model: LlamaModel, input: MessagesInput, contextSize: number): void {
  const PIECE = 16_384;
  let tokens = 0;
  let pieces = 0;
  const texts = [
    ...input.messages.map((m) => m.content),
    ...(input.tools ?? []).map((t) => `${t.description ?? ''}${JSON.stringify(t.parameters ?? {})}`),
  ];
  for (const text of texts) {
    for (let at = 0; at < text.length; at += PIECE) {
      tokens += model.tokenize(text.slice(at, at + PIECE)).length;
      pieces++;
      if (tokens - pieces > contextSize) throw overflow(contextSize, tokens - pieces, 'at least ');
    }
  }
}

function overflow(contextSize: number, needed: number, bound = ''): ChatFailure {
  return new ChatFailure(
    'context-overflow',
    `This model's context length is ${contextSize} tokens; this request needs ${bound}${needed} (its messages, and at least one token of reply). Send fewer or shorter messages, or load the model with a larger context.`,
  );
}

function withSystemNote(history: ChatHistoryItem[], note: string): ChatHistoryItem[] {
  const first = history[0];
  if (first?.type === 'system' && typeof first.text === 'string') {
    return [{ type: 'system', text: `${first.text}\n\n${note}` }, ...history.slice(1)];
  }
  return [{ type: 'system', text: note }, ...history];
}
