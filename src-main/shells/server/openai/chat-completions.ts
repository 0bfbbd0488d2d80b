import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { callId, type GenerateDone } from '../../../llm/index.js';
import type { OpenAiBackend } from './backend.js';
import { readJsonBody } from './body.js';
import { sendJson, toOpenAiError } from './errors.js';
import { toEngineInput } from './request.js';
import { ChatCompletionRequest } from './schemas.js';
import { StopScanner } from './stop.js';

/** Without max_tokens, a reply may run to this many tokens (or what the context has left). */
const DEFAULT_MAX_TOKENS = 1024;

type FinishReason = 'stop' | 'length' | 'tool_calls';

/**
 * POST /v1/chat/completions: the loaded model answers the messages (calling tools, or in JSON, when
 * asked), streamed as server-sent events (`data: {chunk}` … `data: [DONE]`) or in one JSON body. The
 * status line waits for the first text, so a request the engine refuses (too long for the context,
 * say) gets its 4xx. The generation is cancelled as soon as the client goes away.
 */
export async function chatCompletions(
  req: IncomingMessage,
  res: ServerResponse,
  backend: OpenAiBackend,
): Promise<void> {
  const body = await readJsonBody(req, ChatCompletionRequest);
  const input = toEngineInput(body);
  const chat = await backend.chatFor(body.model);
  const stops = body.stop == null ? [] : typeof body.stop === 'string' ? [body.stop] : body.stop;
  const handle = chat.engine.generate({
    ...input,
    maxTokens: Math.min(
      body.max_completion_tokens ?? body.max_tokens ?? DEFAULT_MAX_TOKENS,
      chat.model.contextSize,
    ),
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

  const run = async (emit: (text: string) => void): Promise<GenerateDone> => {
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
  const finish = (done: GenerateDone): FinishReason =>
    done.toolCalls?.length
      ? 'tool_calls'
      : stoppedBySequence || done.reason !== 'maxTokens'
        ? 'stop'
        : 'length';
  const usage = (done: GenerateDone) => ({
    prompt_tokens: done.promptTokens,
    completion_tokens: done.tokens,
    total_tokens: done.promptTokens + done.tokens,
  });

  if (!body.stream) {
    let text = '';
    const done = await run((t) => {
      text += t;
    });
    if (res.destroyed) return;
    const calls = toolCalls(done);
    sendJson(res, 200, {
      ...meta,
      object: 'chat.completion',
      choices: [
        {
          index: 0,
          message: calls
            ? { role: 'assistant', content: text || null, tool_calls: calls }
            : { role: 'assistant', content: text },
          finish_reason: finish(done),
        },
      ],
      usage: usage(done),
    });
    return;
  }

  const send = (data: unknown) => {
    if (!res.headersSent) {
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive',
        'X-Accel-Buffering': 'no',
      });
    }
    if (!res.destroyed) res.write(`data: ${JSON.stringify(data)}\n\n`);
  };
  const chunk = (delta: Record<string, unknown>, finishReason: FinishReason | null) => ({
    ...meta,
    object: 'chat.completion.chunk',
    choices: [{ index: 0, delta, finish_reason: finishReason }],
  });
  const first = () => {
    if (!res.headersSent) send(chunk({ role: 'assistant', content: '' }, null));
  };
  try {
    const done = await run((t) => {
      first();
      send(chunk({ content: t }, null));
    });
    first();
    const calls = toolCalls(done);
    // Each call whole in one delta: clients join deltas by index, and a call is only useful whole.
    if (calls) send(chunk({ tool_calls: calls.map((c, index) => ({ index, ...c })) }, null));
    send(chunk({}, finish(done)));
    if (body.stream_options?.include_usage)
      send({ ...meta, object: 'chat.completion.chunk', choices: [], usage: usage(done) });
    if (!res.destroyed) res.end('data: [DONE]\n\n');
  } catch (err) {
    // Nothing sent yet: the caller answers with the error's own status.
    if (!res.headersSent) throw err;
    // The status line is gone already: report the failure as an event OpenAI clients raise on.
    send(toOpenAiError(err).body());
    if (!res.destroyed) res.end();
  }
}

function toolCalls(done: GenerateDone) {
  if (!done.toolCalls?.length) return undefined;
  return done.toolCalls.map((c) => ({
    id: callId(),
    type: 'function' as const,
    function: { name: c.name, arguments: c.arguments },
  }));
}
