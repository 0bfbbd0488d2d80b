import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ChatMessage, Done } from '../../../llm/engine/protocol.js';
import type { OpenAiBackend } from './backend.js';
import { readJsonBody } from './body.js';
import { noModel, OpenAiError, sendJson, toOpenAiError } from './errors.js';
import { ChatCompletionRequest, messageText } from './schemas.js';
import { StopScanner } from './stop.js';

/** Without max_tokens, a reply may run to this many tokens (or the context, if smaller). */
const DEFAULT_MAX_TOKENS = 1024;

type FinishReason = 'stop' | 'length';

/**
 * POST /v1/chat/completions: the loaded model answers the messages, streamed as server-sent events
 * (`data: {chunk}` … `data: [DONE]`) or in one JSON body. The generation is cancelled as soon as the
 * client goes away, so a closed tab never keeps the engine busy.
 */
export async function chatCompletions(
  req: IncomingMessage,
  res: ServerResponse,
  backend: OpenAiBackend,
): Promise<void> {
  const body = await readJsonBody(req, ChatCompletionRequest);
  const chat = backend.chat();
  if (!chat) throw noModel();
  if (body.model !== chat.model.id) throw modelNotFound(body.model, chat.model.id);
  const messages = toEngineMessages(body);
  const requested = body.max_completion_tokens ?? body.max_tokens ?? DEFAULT_MAX_TOKENS;
  const maxTokens = Math.min(requested, chat.model.contextSize);
  const stops = body.stop == null ? [] : typeof body.stop === 'string' ? [body.stop] : body.stop;

  const handle = chat.engine.generate({
    messages,
    maxTokens,
    ...(body.temperature == null ? {} : { temperature: body.temperature }),
    ...(body.seed == null ? {} : { seed: body.seed }),
  });
  // 'close' before the response ended means the client went away: stop generating for it.
  res.on('close', () => {
    if (!res.writableEnded) handle.cancel();
  });
  const meta = {
    id: `chatcmpl-${randomUUID()}`,
    created: Math.floor(Date.now() / 1000),
    model: chat.model.id,
  };
  const scanner = new StopScanner(stops);
  let stoppedBySequence = false;

  const run = async (emit: (text: string) => void): Promise<Done> => {
    for await (const piece of handle) {
      const out = scanner.push(piece);
      if (out.emit) emit(out.emit);
      if (out.stopped) {
        stoppedBySequence = true;
        handle.cancel();
        break;
      }
    }
    const done = await handle.done;
    const rest = scanner.flush();
    if (rest) emit(rest);
    return done;
  };
  const finish = (done: Done): FinishReason =>
    stoppedBySequence || done.reason !== 'maxTokens' ? 'stop' : 'length';

  if (!body.stream) {
    let text = '';
    const done = await run((t) => {
      text += t;
    });
    if (res.destroyed) return;
    sendJson(res, 200, {
      ...meta,
      object: 'chat.completion',
      choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: finish(done) }],
      // The engine counts generated tokens only; prompt tokens are not reported.
      usage: { completion_tokens: done.tokens },
    });
    return;
  }

  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  const send = (data: unknown) => {
    if (!res.destroyed) res.write(`data: ${JSON.stringify(data)}\n\n`);
  };
  const chunk = (delta: Record<string, string>, finishReason: FinishReason | null) => ({
    ...meta,
    object: 'chat.completion.chunk',
    choices: [{ index: 0, delta, finish_reason: finishReason }],
  });
  send(chunk({ role: 'assistant', content: '' }, null));
  try {
    const done = await run((t) => send(chunk({ content: t }, null)));
    send(chunk({}, finish(done)));
    if (body.stream_options?.include_usage)
      send({
        ...meta,
        object: 'chat.completion.chunk',
        choices: [],
        usage: { completion_tokens: done.tokens },
      });
    if (!res.destroyed) res.end('data: [DONE]\n\n');
  } catch (err) {
    // The status line is gone already: report the failure as an event OpenAI clients raise on.
    send(toOpenAiError(err).body());
    if (!res.destroyed) res.end();
  }
}

function toEngineMessages(body: ChatCompletionRequest): ChatMessage[] {
  const messages = body.messages.map(
    (m): ChatMessage => ({
      role: m.role === 'developer' ? 'system' : m.role,
      content: messageText(m.content),
    }),
  );
  if (messages.at(-1)?.role !== 'user') {
    throw new OpenAiError(
      400,
      'invalid_request_error',
      'The last message must be from the user.',
      'invalid_request',
      'messages',
    );
  }
  return messages;
}

export function modelNotFound(asked: string, available: string): OpenAiError {
  return new OpenAiError(
    404,
    'invalid_request_error',
    `The model '${asked.slice(0, 100)}' is not loaded; this server has '${available}' (see GET /v1/models).`,
    'model_not_found',
    'model',
  );
}
