import {
  type ConversationMessage,
  grammarSchema,
  type JsonSchema,
  type MessagesInput,
  type ToolChoice,
  type ToolSpec,
  UnsupportedSchemaError,
} from '../../../llm/index.js';
import { OpenAiError } from './errors.js';
import { type ChatCompletionRequest, messageText } from './schemas.js';

/**
 * A chat completion request as the engine's input, checked before it reaches the engine: the last
 * message is the user's or a tool's result, each tool message answers a call an assistant message
 * made, and every schema (tool parameters, response_format) is one the grammar can enforce.
 */
export function toEngineInput(
  body: ChatCompletionRequest,
): Omit<MessagesInput, 'maxTokens' | 'temperature' | 'seed'> {
  const messages = toMessages(body);
  const tools = (body.tools ?? []).map(
    (t, i): ToolSpec => ({
      name: t.function.name,
      ...(t.function.description ? { description: t.function.description } : {}),
      ...(t.function.parameters
        ? { parameters: checked(t.function.parameters, `tools.${i}.function.parameters`) }
        : {}),
    }),
  );
  if (new Set(tools.map((t) => t.name)).size !== tools.length) {
    throw invalid('Two tools have the same name.', 'tools');
  }
  const choice = toolChoice(body, tools);
  const grammar = responseGrammar(body);
  return {
    messages,
    ...(tools.length > 0 && choice !== 'none' ? { tools, toolChoice: choice } : {}),
    ...(grammar ? { grammar } : {}),
  };
}

function toMessages(body: ChatCompletionRequest): ConversationMessage[] {
  const calls = new Set<string>();
  const out = body.messages.map((m, i): ConversationMessage => {
    if (m.role === 'assistant') {
      const toolCalls = (m.tool_calls ?? []).map((c) => {
        calls.add(c.id);
        return { id: c.id, name: c.function.name, arguments: c.function.arguments };
      });
      return {
        role: 'assistant',
        content: messageText(m.content ?? null),
        ...(toolCalls.length ? { toolCalls } : {}),
      };
    }
    if (m.role === 'tool') {
      if (!calls.has(m.tool_call_id)) {
        throw invalid(
          `The tool message answers the call '${m.tool_call_id.slice(0, 64)}', which no earlier assistant message made (its tool_calls).`,
          `messages.${i}.tool_call_id`,
        );
      }
      return { role: 'tool', toolCallId: m.tool_call_id, content: messageText(m.content) };
    }
    return { role: m.role === 'developer' ? 'system' : m.role, content: messageText(m.content) };
  });
  const last = out.at(-1)?.role;
  if (last !== 'user' && last !== 'tool') {
    throw invalid('The last message must be from the user, or a tool’s result.', 'messages');
  }
  return out;
}

function toolChoice(body: ChatCompletionRequest, tools: ToolSpec[]): ToolChoice {
  const c = body.tool_choice;
  if (c == null) return 'auto';
  if (typeof c === 'string') {
    if (c === 'required' && tools.length === 0)
      throw invalid("tool_choice 'required' needs tools.", 'tool_choice');
    return c;
  }
  if (!tools.some((t) => t.name === c.function.name)) {
    throw invalid(
      `tool_choice names the function '${c.function.name}', which is not among the tools.`,
      'tool_choice',
    );
  }
  return { name: c.function.name };
}

function responseGrammar(body: ChatCompletionRequest): JsonSchema | 'json' | undefined {
  const f = body.response_format;
  if (!f || f.type === 'text') return undefined;
  if (f.type === 'json_object') return 'json';
  return f.json_schema.schema ? checked(f.json_schema.schema, 'response_format.json_schema.schema') : 'json';
}

function checked(schema: unknown, param: string): JsonSchema {
  try {
    return grammarSchema(schema);
  } catch (err) {
    if (err instanceof UnsupportedSchemaError) throw invalid(err.message, param, 'unsupported_schema');
    throw err;
  }
}

function invalid(message: string, param: string, code = 'invalid_request'): OpenAiError {
  return new OpenAiError(400, 'invalid_request_error', message, code, param);
}
