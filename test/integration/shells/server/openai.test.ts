import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHost, type GenerateHandle } from '../../../../src-main/llm/engine/host/engine-host.js';
import { AccessToken, cookieName } from '../../../../src-main/shells/server/auth.js';
import type { RunningHttpServer } from '../../../../src-main/shells/server/http-server.js';
import {
  llmBackend,
  type OpenAiBackend,
  type ServedChat,
} from '../../../../src-main/shells/server/openai/backend.js';
import { ROOT } from '../../../support/sahel-process.js';
import { startV1Server } from '../../../support/v1-server.js';

const MODEL = join(ROOT, '..', 'shared', 'models', 'llama-2-tiny-random.gguf');
const token = new AccessToken();
const handles: GenerateHandle[] = [];
let host: EngineHost;
let server: RunningHttpServer;
let base: string;
let loaded: { id: string; contextSize: number } | null = null;

beforeAll(async () => {
  host = new EngineHost({ gpu: 'cpu' });
  const m = await host.load({ modelPath: MODEL, contextSize: 512 });
  loaded = { id: 'tiny-random', contextSize: m.contextSize };
  const real = llmBackend({ engine: () => host, loaded: () => loaded });
  // The real backend, with every generation handle kept so a test can see how it ended.
  const track = (c: ServedChat): ServedChat => ({
    ...c,
    engine: {
      generate: (input, opts) => {
        const h = c.engine.generate(input, opts);
        handles.push(h);
        return h;
      },
    },
  });
  const backend: OpenAiBackend = { ...real, chatFor: async (id) => track(await real.chatFor(id)) };
  server = await startV1Server(token, backend);
  base = `http://127.0.0.1:${server.port}`;
}, 60_000);

afterAll(async () => {
  await server?.close();
  await host?.dispose();
});

const auth = { authorization: `Bearer ${token.value}` };
function post(path: string, body: unknown, extra: RequestInit = {}) {
  return fetch(`${base}${path}`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...extra,
  });
}
const ask = (extra: Record<string, unknown> = {}) => ({
  model: 'tiny-random',
  messages: [
    { role: 'system', content: 'You are terse.' },
    { role: 'user', content: [{ type: 'text', text: 'Say something.' }] },
  ],
  temperature: 0,
  seed: 3,
  max_tokens: 12,
  ...extra,
});

/** A minimal SSE client: the `data:` payloads in order, as OpenAI's clients read them. */
async function readEvents(res: Response): Promise<string[]> {
  const text = await res.text();
  return text
    .split('\n\n')
    .filter((block) => block.startsWith('data: '))
    .map((block) => block.slice(6));
}

describe('the OpenAI-compatible API on the headless server', () => {
  it('answers 401 in OpenAI’s error shape without the token, and accepts the Bearer header or the cookie', async () => {
    const variants: Record<string, string>[] = [{}, { authorization: 'Bearer wrong' }];
    for (const headers of variants) {
      const res = await fetch(`${base}/v1/models`, { headers });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { type: string } }).error.type).toBe('authentication_error');
    }
    const denied = await fetch(`${base}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify(ask()),
    });
    expect(denied.status).toBe(401);
    expect(handles).toHaveLength(0);
    const byCookie = await fetch(`${base}/v1/models`, {
      headers: { cookie: `${cookieName(server.port)}=${token.value}` },
    });
    expect(byCookie.status).toBe(200);
  });

  it('lists the loaded model', async () => {
    const res = await fetch(`${base}/v1/models`, { headers: auth });
    const body = (await res.json()) as {
      object: string;
      data: { id: string; object: string; owned_by: string }[];
    };
    expect(body.object).toBe('list');
    expect(body.data).toEqual([
      expect.objectContaining({ id: 'tiny-random', object: 'model', owned_by: 'sahel' }),
    ]);
    expect((await fetch(`${base}/v1/models/tiny-random`, { headers: auth })).status).toBe(200);
    expect((await fetch(`${base}/v1/models/other`, { headers: auth })).status).toBe(404);
  });

  let reference = '';
  it('completes without streaming, honouring max_tokens', async () => {
    const res = await post('/v1/chat/completions', ask());
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      id: string;
      object: string;
      model: string;
      choices: { message: { role: string; content: string }; finish_reason: string }[];
      usage: { completion_tokens: number };
    };
    expect(body.object).toBe('chat.completion');
    expect(body.id).toMatch(/^chatcmpl-/);
    expect(body.model).toBe('tiny-random');
    expect(body.choices[0]!.message.role).toBe('assistant');
    expect(body.choices[0]!.message.content.length).toBeGreaterThan(0);
    expect(body.usage.completion_tokens).toBeLessThanOrEqual(12);
    if (body.usage.completion_tokens === 12) expect(body.choices[0]!.finish_reason).toBe('length');
    reference = body.choices[0]!.message.content;
  });

  it('streams the same text as server-sent chunks ending in [DONE]', async () => {
    const res = await post(
      '/v1/chat/completions',
      ask({ stream: true, stream_options: { include_usage: true } }),
    );
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = await readEvents(res);
    expect(events.at(-1)).toBe('[DONE]');
    const chunks = events.slice(0, -1).map(
      (e) =>
        JSON.parse(e) as {
          object: string;
          choices: { delta: { role?: string; content?: string }; finish_reason: string | null }[];
          usage?: { completion_tokens: number };
        },
    );
    expect(chunks.every((c) => c.object === 'chat.completion.chunk')).toBe(true);
    expect(chunks[0]!.choices[0]!.delta.role).toBe('assistant');
    const withText = chunks.filter((c) => c.choices[0]?.delta.content);
    expect(withText.length).toBeGreaterThan(1);
    expect(withText.map((c) => c.choices[0]!.delta.content).join('')).toBe(reference);
    const last = chunks.filter((c) => c.choices.length > 0).at(-1)!;
    expect(['stop', 'length']).toContain(last.choices[0]!.finish_reason);
    expect(chunks.at(-1)!.usage?.completion_tokens).toBeGreaterThan(0);
  });

  it('ends at a stop sequence, which is not sent', async () => {
    const at = reference.length > 4 ? Math.floor(reference.length / 2) : 0;
    const stop = reference.slice(at, at + 2);
    expect(stop.length).toBe(2);
    const cut = reference.slice(0, reference.indexOf(stop));
    for (const stream of [false, true]) {
      const res = await post('/v1/chat/completions', ask({ stop: [stop], stream }));
      if (stream) {
        const events = (await readEvents(res)).slice(0, -1).map((e) => JSON.parse(e));
        const text = events.map((c) => c.choices[0]?.delta.content ?? '').join('');
        expect(text).toBe(cut);
        expect(events.at(-1).choices[0].finish_reason).toBe('stop');
      } else {
        const body = (await res.json()) as {
          choices: { message: { content: string }; finish_reason: string }[];
        };
        expect(body.choices[0]!.message.content).toBe(cut);
        expect(body.choices[0]!.finish_reason).toBe('stop');
      }
    }
  });

  it('cancels the generation when the client disconnects, and serves the next request', async () => {
    const before = handles.length;
    const abort = new AbortController();
    const res = await post('/v1/chat/completions', ask({ stream: true, max_tokens: 400 }), {
      signal: abort.signal,
    });
    const reader = res.body!.getReader();
    await reader.read(); // the first event: the generation is running
    abort.abort();
    const handle = handles[before]!;
    const done = await handle.done;
    expect(done.reason).toBe('cancelled');
    expect(done.tokens).toBeLessThan(400);
    const next = await post('/v1/chat/completions', ask({ max_tokens: 2 }));
    expect(next.status).toBe(200);
  });

  it('rejects bad requests with 400s in OpenAI’s shape, and nothing reaches the engine', async () => {
    const before = handles.length;
    const cases: [string | unknown, number, string | null][] = [
      ['{"model": "tiny-random", "messages": [', 400, 'invalid_json'],
      [{ model: 'tiny-random' }, 400, 'invalid_request'],
      [{ ...ask(), temperature: 7 }, 400, 'invalid_request'],
      [
        { ...ask(), messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'x' } }] }] },
        400,
        'invalid_request',
      ],
      [{ ...ask(), messages: [{ role: 'assistant', content: 'hi' }] }, 400, 'invalid_request'],
      [{ ...ask(), model: 'gpt-4o' }, 404, 'model_not_found'],
      [{ ...ask(), n: 3 }, 400, 'invalid_request'],
      [
        `{"model":"tiny-random","messages":[{"role":"user","content":"${'x'.repeat(5 * 1024 * 1024)}"}]}`,
        413,
        'body_too_large',
      ],
    ];
    for (const [body, status, code] of cases) {
      const res = await post('/v1/chat/completions', body);
      expect(res.status, JSON.stringify(body).slice(0, 120)).toBe(status);
      const err = (
        (await res.json()) as { error: { message: string; type: string; code: string; param: unknown } }
      ).error;
      expect(err.code).toBe(code);
      expect(err.message.length).toBeGreaterThan(0);
      expect(err).toHaveProperty('param');
    }
    const text = await post('/v1/chat/completions', JSON.stringify(ask()), {
      headers: { ...auth, 'content-type': 'text/plain' },
    });
    expect(text.status).toBe(400);
    const wrongMethod = await fetch(`${base}/v1/chat/completions`, { headers: auth });
    expect(wrongMethod.status).toBe(405);
    expect((await fetch(`${base}/v1/nope`, { headers: auth })).status).toBe(404);
    expect(handles.length).toBe(before);
  });

  it('embeds text: one vector per input, in order, as floats or base64', async () => {
    const res = await post('/v1/embeddings', { model: 'tiny-random', input: ['one', 'two', 'three'] });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      object: string;
      model: string;
      data: { index: number; embedding: number[] }[];
    };
    expect(body.object).toBe('list');
    expect(body.data.map((d) => d.index)).toEqual([0, 1, 2]);
    const dims = body.data[0]!.embedding.length;
    expect(dims).toBe(8); // the tiny model's width
    for (const d of body.data) expect(d.embedding).toHaveLength(dims);
    const b64 = await post('/v1/embeddings', {
      model: 'tiny-random',
      input: 'two',
      encoding_format: 'base64',
    });
    const [one] = ((await b64.json()) as { data: { embedding: string }[] }).data;
    const bytes = Buffer.from(one!.embedding, 'base64');
    const floats = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    expect(Array.from(floats)).toEqual(body.data[1]!.embedding);
    expect((await post('/v1/embeddings', { model: 'tiny-random', input: 'x', dimensions: 3 })).status).toBe(
      400,
    );
    expect((await post('/v1/embeddings', { model: 'tiny-random', input: [] })).status).toBe(400);
    expect((await post('/v1/embeddings', { model: 'nomic', input: 'x' })).status).toBe(404);
  });

  it('says 503 when no model is loaded', async () => {
    const was = loaded;
    loaded = null;
    try {
      const res = await post('/v1/chat/completions', ask());
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('model_not_loaded');
      const models = (await (await fetch(`${base}/v1/models`, { headers: auth })).json()) as {
        data: unknown[];
      };
      expect(models.data).toEqual([]);
    } finally {
      loaded = was;
    }
  });
});
