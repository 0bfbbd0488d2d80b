// Runs in the engine child process: OpenAI-style tool messages as node-llama-cpp chat history, and the
// grammar that forces a tool call.
import type {
  ChatHistoryItem,
  ChatModelFunctionCall,
  ChatModelFunctions,
  ChatModelResponse,
} from 'node-llama-cpp';
import type { ConversationMessage, JsonSchema, ToolChoice, ToolSpec } from '../protocol.js';
import { ChatFailure } from './chat-sessions.js';

const NO_ARGUMENTS: JsonSchema = { type: 'object', properties: {} };

/**
 * The conversation as node-llama-cpp history. An assistant turn's calls become function-call items of
 * its response and each 'tool' message fills in its call's result, as LlamaChatSession records them;
 * the history always ends with the model's turn to write: a new one after a user message, or the same
 * one, continued, after tool results.
 */
export function toolHistory(messages: ConversationMessage[]): ChatHistoryItem[] {
  const last = messages.at(-1);
  if (last?.role !== 'user' && last?.role !== 'tool') {
    throw new ChatFailure('bad-request', 'The last message must be from the user or a tool’s result.');
  }
  const history: ChatHistoryItem[] = [];
  const open = new Map<string, ChatModelFunctionCall>();
  for (const m of messages) {
    if (m.role === 'system') history.push({ type: 'system', text: m.content });
    else if (m.role === 'user') history.push({ type: 'user', text: m.content });
    else if (m.role === 'assistant') {
      const response: ChatModelResponse['response'] = m.content ? [m.content] : [];
      for (const call of m.toolCalls ?? []) {
        const item: ChatModelFunctionCall = {
          type: 'functionCall',
          name: call.name,
          params: parseArguments(call.arguments, call.name),
          result: '',
        };
        open.set(call.id, item);
        response.push(item);
      }
      history.push({ type: 'model', response });
    } else if (m.role === 'tool') {
      const call = open.get(m.toolCallId);
      if (!call) {
        throw new ChatFailure(
          'bad-request',
          `A tool message answers the call '${m.toolCallId.slice(0, 64)}', which no earlier assistant message made.`,
        );
      }
      call.result = m.content;
    }
  }
  if (last.role === 'user') history.push({ type: 'model', response: [] });
  return history;
}

function parseArguments(text: string, name: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ChatFailure(
      'bad-request',
      `The arguments of an earlier call to '${name.slice(0, 64)}' are not valid JSON.`,
    );
  }
}

/** The tools as node-llama-cpp functions (documented to the model by the chat template). */
export function toFunctions(tools: ToolSpec[]): ChatModelFunctions {
  const out: Record<string, ChatModelFunctions[string]> = {};
  for (const t of tools) {
    out[t.name] = {
      ...(t.description ? { description: t.description } : {}),
      params: (t.parameters ?? NO_ARGUMENTS) as never,
    };
  }
  return out;
}

/** The tools a forced call may pick from: the named one, or all of them ('required'). */
export function forcedTools(tools: ToolSpec[], choice: ToolChoice): ToolSpec[] {
  if (typeof choice !== 'object') return tools;
  const named = tools.filter((t) => t.name === choice.name);
  if (named.length === 0) {
    throw new ChatFailure(
      'bad-request',
      `tool_choice names '${choice.name.slice(0, 64)}', which is not among the tools.`,
    );
  }
  return named;
}

/** `{"name": …, "arguments": {…}}` for exactly one of the tools, its arguments valid for its schema. */
export function forcedCallSchema(tools: ToolSpec[]): JsonSchema {
  const branch = (t: ToolSpec): JsonSchema => ({
    type: 'object',
    properties: { name: { const: t.name }, arguments: t.parameters ?? NO_ARGUMENTS },
    required: ['name', 'arguments'],
  });
  return tools.length === 1 ? branch(tools[0] as ToolSpec) : { oneOf: tools.map(branch) };
}

/** Tells the model what the grammar will hold it to (it writes better arguments knowing the tools). */
export function forcedCallNote(tools: ToolSpec[]): string {
  const list = tools
    .map(
      (t) =>
        `- ${t.name}${t.description ? `: ${t.description}` : ''}\n  arguments schema: ${JSON.stringify(t.parameters ?? NO_ARGUMENTS)}`,
    )
    .join('\n');
  return `Answer by calling one of these tools, as a JSON object {"name": <tool name>, "arguments": <its arguments>}:\n${list}`;
}

/** The call in a forced answer; undefined when the answer was cut short (the token limit). */
export function parseForcedCall(text: string): { name: string; arguments: string } | undefined {
  try {
    const v = JSON.parse(text) as { name?: unknown; arguments?: unknown };
    if (typeof v.name !== 'string') return undefined;
    return { name: v.name, arguments: JSON.stringify(v.arguments ?? {}) };
  } catch {
    return undefined;
  }
}
