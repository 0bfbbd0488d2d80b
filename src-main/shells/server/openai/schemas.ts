import { z } from 'zod';

// Unknown fields (user, top_p, penalties, …) are accepted and ignored, as OpenAI clients send many.
const MAX_TEXT = 1_000_000;

const TextPart = z.object({ type: z.literal('text'), text: z.string().max(MAX_TEXT) });
const Content = z.union([
  z.string().max(MAX_TEXT),
  z
    .array(z.union([TextPart, z.object({ type: z.string() }).passthrough()]))
    .max(256)
    .superRefine((parts, ctx) => {
      parts.forEach((p, i) => {
        if (p.type !== 'text')
          ctx.addIssue({
            code: 'custom',
            path: [i, 'type'],
            message: `'${p.type}' parts are not supported; send text`,
          });
      });
    }),
  z.null(),
]);

const ToolName = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'a tool name is 1–64 letters, digits, underscores or dashes');
const CallId = z.string().min(1).max(200);

export const RequestToolCall = z.object({
  id: CallId,
  type: z.literal('function').optional(),
  function: z.object({ name: ToolName, arguments: z.string().max(MAX_TEXT) }),
});

export const ChatRequestMessage = z.discriminatedUnion('role', [
  // 'developer' is OpenAI's newer name for the system role.
  z.object({
    role: z.enum(['system', 'developer', 'user']),
    content: Content,
    name: z.string().max(64).optional(),
  }),
  z.object({
    role: z.literal('assistant'),
    content: Content.optional(),
    name: z.string().max(64).optional(),
    tool_calls: z.array(RequestToolCall).max(64).nullish(),
  }),
  z.object({ role: z.literal('tool'), content: Content, tool_call_id: CallId }),
]);
export type ChatRequestMessage = z.infer<typeof ChatRequestMessage>;

const SchemaObject = z.record(z.string(), z.unknown());

export const RequestTool = z.object({
  type: z.literal('function'),
  function: z.object({
    name: ToolName,
    description: z.string().max(10_000).optional(),
    parameters: SchemaObject.optional(),
    strict: z.boolean().nullish(),
  }),
});

export const ToolChoiceParam = z.union([
  z.enum(['auto', 'none', 'required']),
  z.object({ type: z.literal('function'), function: z.object({ name: ToolName }) }),
]);

export const ResponseFormat = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text') }),
  z.object({ type: z.literal('json_object') }),
  z.object({
    type: z.literal('json_schema'),
    json_schema: z.object({
      name: z.string().max(64),
      description: z.string().max(10_000).optional(),
      schema: SchemaObject.optional(),
      strict: z.boolean().nullish(),
    }),
  }),
]);

export const ChatCompletionRequest = z.object({
  model: z.string().min(1).max(256),
  messages: z.array(ChatRequestMessage).min(1).max(1000),
  stream: z.boolean().optional(),
  max_tokens: z.number().int().positive().max(1_000_000).nullish(),
  max_completion_tokens: z.number().int().positive().max(1_000_000).nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  seed: z.number().int().nullish(),
  stop: z.union([z.string().min(1).max(256), z.array(z.string().min(1).max(256)).max(4)]).nullish(),
  n: z.literal(1).nullish(),
  stream_options: z.object({ include_usage: z.boolean().optional() }).nullish(),
  tools: z.array(RequestTool).max(128).nullish(),
  tool_choice: ToolChoiceParam.nullish(),
  // Calls come one at a time or several as the model writes them; the flag changes nothing here.
  parallel_tool_calls: z.boolean().nullish(),
  response_format: ResponseFormat.nullish(),
});
export type ChatCompletionRequest = z.infer<typeof ChatCompletionRequest>;

export const EmbeddingsRequest = z.object({
  model: z.string().min(1).max(256),
  input: z.union([z.string().max(MAX_TEXT), z.array(z.string().max(MAX_TEXT)).min(1).max(512)]),
  encoding_format: z.enum(['float', 'base64']).optional(),
  dimensions: z.number().int().positive().optional(),
});
export type EmbeddingsRequest = z.infer<typeof EmbeddingsRequest>;

/** A message's text: parts joined, null (an assistant turn that only called tools) as empty. */
export function messageText(content: z.infer<typeof Content>): string {
  if (content === null) return '';
  if (typeof content === 'string') return content;
  return content.map((p) => ('text' in p && typeof p.text === 'string' ? p.text : '')).join('');
}
