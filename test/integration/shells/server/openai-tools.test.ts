// Tools, structured output, usage and context limits of /v1/chat/completions, against the real engine
// with the tiny random model: its text is noise, but output under a grammar is always valid.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { EngineHost } from '../../../../src-main/llm/engine/host/engine-host.js';
import { AccessToken } from '../../../../src-main/shells/server/auth.js';
import type { RunningHttpServer } from '../../../../src-main/shells/server/http-server.js';
import { llmBackend } from '../../../../src-main/shells/server/openai/backend.js';
import { ROOT } from '../../../support/sahel-process.js';
import { startV1Server } from '../../../support/v1-server.js';

// Grammar-constrained generation with the tiny model runs at a few tokens a second on a busy machine.
vi.setConfig({ testTimeout: 180_000 });

const MODEL = join(ROOT, '..', 'shared', 'models', 'llama-2-tiny-random.gguf');
const token = new AccessToken();
let host: EngineHost;
let server: RunningHttpServer;
let base: string;

beforeAll(async () => {
  host = new EngineHost({ gpu: 'cpu' });
  const m = await host.load({ modelPath: MODEL, contextSize: 512 });
  const loaded = { id: 'tiny-random', contextSize: m.contextSize };
  server = await startV1Server(token, llmBackend({ engine: () => host, loaded: () => loaded }));
  base = `http://127.0.0.1:${server.port}`;
}, 60_000);

afterAll(async () => {
  await server?.close();
  await host?.dispose();
});

const auth = { authorization: `Bearer ${token.value}` };
const post = (path: string, body: unknown) =>
  fetch(`${base}${path}`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

// Bounded schemas: the random model's numbers and strings may otherwise run past max_tokens (the
// grammar allows any length), and the test is about validity, not length.
const Weather = z.object({ city: z.enum(['Oslo', 'Bergen']), unit: z.enum(['celsius', 'fahrenheit']) });
const Sum = z.object({ big: z.boolean(), sign: z.enum(['+', '-']) });
const tools = [
  {
    type: 'function',
    function: {
      name: 'get_weather',
      description: 'The weather in a city',
      parameters: z.toJSONSchema(Weather),
    },
  },
  { type: 'function', function: { name: 'add', parameters: z.toJSONSchema(Sum) } },
];
const user = (content: string) => ({ role: 'user', content });
const ask = (extra: Record<string, unknown>) => ({
  model: 'tiny-random',
  messages: [user('What is the weather in Oslo?')],
  temperature: 0,
  seed: 1,
  // Room for a whole forced call: the grammar ends it as soon as its JSON closes.
  max_tokens: 200,
  ...extra,
});

interface Completion {
  choices: {
    message: {
      content: string | null;
      tool_calls?: { id: string; type: string; function: { name: string; arguments: string } }[];
    };
    finish_reason: string;
  }[];
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}
const errorOf = async (res: Response) =>
  ((await res.json()) as { error: { code: string; message: string; param: string } }).error;

describe('tool calls on /v1/chat/completions', () => {
  it('a named function always yields one schema-valid call, with an id and finish_reason tool_calls', async () => {
    for (const seed of [1, 2]) {
      const res = await post(
        '/v1/chat/completions',
        ask({ seed, tools, tool_choice: { type: 'function', function: { name: 'add' } } }),
      );
      expect(res.status).toBe(200);
      const body = (await res.json()) as Completion;
      const choice = body.choices[0]!;
      expect(choice.finish_reason).toBe('tool_calls');
      expect(choice.message.tool_calls).toHaveLength(1);
      const call = choice.message.tool_calls![0]!;
      expect(call.id).toMatch(/^call_[0-9a-f]{24}$/);
      expect(call.type).toBe('function');
      expect(call.function.name).toBe('add');
      expect(Sum.safeParse(JSON.parse(call.function.arguments)).success).toBe(true);
      expect(body.usage.prompt_tokens).toBeGreaterThan(0);
      expect(body.usage.total_tokens).toBe(body.usage.prompt_tokens + body.usage.completion_tokens);
    }
  });

  it("'required' yields a call to one of the tools, valid for that tool's schema, streamed as a delta too", async () => {
    const res = await post('/v1/chat/completions', ask({ tools, tool_choice: 'required' }));
    const call = ((await res.json()) as Completion).choices[0]!.message.tool_calls![0]!;
    const schema = call.function.name === 'add' ? Sum : Weather;
    expect(['add', 'get_weather']).toContain(call.function.name);
    expect(schema.safeParse(JSON.parse(call.function.arguments)).success).toBe(true);

    const streamed = await post(
      '/v1/chat/completions',
      ask({ tools, tool_choice: 'required', stream: true }),
    );
    expect(streamed.status).toBe(200);
    const events = (await streamed.text())
      .split('\n\n')
      .filter((b) => b.startsWith('data: '))
      .map((b) => b.slice(6));
    expect(events.at(-1)).toBe('[DONE]');
    const chunks = events
      .slice(0, -1)
      .map(
        (e) =>
          JSON.parse(e) as { choices: { delta: Record<string, unknown>; finish_reason: string | null }[] },
      );
    const deltas = chunks.flatMap(
      (c) =>
        (c.choices[0]?.delta.tool_calls as {
          index: number;
          id: string;
          function: { name: string; arguments: string };
        }[]) ?? [],
    );
    expect(deltas).toHaveLength(1);
    expect(deltas[0]!.index).toBe(0);
    expect(deltas[0]!.id).toMatch(/^call_/);
    expect(JSON.parse(deltas[0]!.function.arguments)).toEqual(JSON.parse(call.function.arguments));
    expect(chunks.at(-1)!.choices[0]!.finish_reason).toBe('tool_calls');
    // The call's JSON is never sent as text.
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('');
  });

  it("'auto' answers with text or calls, and 'none' never calls", async () => {
    const auto = await post('/v1/chat/completions', ask({ tools, tool_choice: 'auto', max_tokens: 8 }));
    expect(auto.status).toBe(200);
    const a = ((await auto.json()) as Completion).choices[0]!;
    if (a.finish_reason === 'tool_calls') {
      for (const c of a.message.tool_calls!) expect(['add', 'get_weather']).toContain(c.function.name);
    } else expect(typeof a.message.content).toBe('string');
    const none = (await (
      await post('/v1/chat/completions', ask({ tools, tool_choice: 'none', max_tokens: 8 }))
    ).json()) as Completion;
    expect(none.choices[0]!.message.tool_calls).toBeUndefined();
    expect(none.choices[0]!.finish_reason).not.toBe('tool_calls');
  });

  it('continues after a tool result: assistant tool_calls and a tool message are accepted', async () => {
    const messages = [
      user('What is 2 + 3?'),
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'call_1',
            type: 'function',
            function: { name: 'add', arguments: '{"big":false,"sign":"+"}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: '5' },
    ];
    const res = await post('/v1/chat/completions', ask({ messages, tools, max_tokens: 8 }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as Completion;
    expect(['stop', 'length', 'tool_calls']).toContain(body.choices[0]!.finish_reason);
    expect(body.usage.prompt_tokens).toBeGreaterThan(0);
  });

  it('refuses tool messages that answer no call, unknown named tools and schemas the grammar cannot enforce', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [
        { messages: [user('hi'), { role: 'tool', tool_call_id: 'nope', content: '1' }], tools },
        'invalid_request',
        'messages.1.tool_call_id',
      ],
      [
        { tools, tool_choice: { type: 'function', function: { name: 'missing' } } },
        'invalid_request',
        'tool_choice',
      ],
      [{ tool_choice: 'required' }, 'invalid_request', 'tool_choice'],
      [
        {
          tools: [
            {
              type: 'function',
              function: {
                name: 'f',
                parameters: { type: 'object', properties: { s: { type: 'string', pattern: '^a+$' } } },
              },
            },
          ],
        },
        'unsupported_schema',
        'tools.0.function.parameters',
      ],
      [
        {
          response_format: {
            type: 'json_schema',
            json_schema: { name: 'n', schema: { type: 'integer', minimum: 3 } },
          },
        },
        'unsupported_schema',
        'response_format.json_schema.schema',
      ],
    ];
    for (const [extra, code, param] of cases) {
      const res = await post('/v1/chat/completions', ask(extra));
      expect(res.status, JSON.stringify(extra).slice(0, 100)).toBe(400);
      const err = await errorOf(res);
      expect(err.code).toBe(code);
      expect(err.param).toBe(param);
      expect(err.message.length).toBeGreaterThan(20);
    }
  });
});

describe('structured output', () => {
  it('json_schema: the answer parses and is valid for the schema', async () => {
    const Person = z.object({
      name: z.enum(['Ada', 'Grace']),
      adult: z.boolean(),
      tags: z.array(z.enum(['a', 'b'])).max(2),
    });
    for (const seed of [1, 2]) {
      const res = await post(
        '/v1/chat/completions',
        ask({
          seed,
          max_tokens: 60,
          response_format: {
            type: 'json_schema',
            json_schema: { name: 'person', strict: true, schema: z.toJSONSchema(Person) },
          },
        }),
      );
      const body = (await res.json()) as Completion;
      expect(body.choices[0]!.finish_reason).toBe('stop');
      expect(Person.safeParse(JSON.parse(body.choices[0]!.message.content!)).success).toBe(true);
    }
  });

  it('json_object: the answer is a JSON object (cut short only by max_tokens)', async () => {
    // The random model writes an endless key under the JSON grammar; what it wrote still starts an object.
    const res = await post(
      '/v1/chat/completions',
      ask({ max_tokens: 6, response_format: { type: 'json_object' } }),
    );
    const body = (await res.json()) as Completion;
    const text = body.choices[0]!.message.content!;
    expect(text).toMatch(/^\s*\{/);
    if (body.choices[0]!.finish_reason === 'stop') expect(() => JSON.parse(text)).not.toThrow();
    else expect(body.choices[0]!.finish_reason).toBe('length');
  });
});

describe('usage, embeddings and limits', () => {
  it('reports prompt, completion and total tokens', async () => {
    const short = (await (await post('/v1/chat/completions', ask({ max_tokens: 4 }))).json()) as Completion;
    const long = (await (
      await post(
        '/v1/chat/completions',
        ask({ max_tokens: 4, messages: [user('What is the weather in Oslo, Bergen and Tromsø this week?')] }),
      )
    ).json()) as Completion;
    expect(short.usage.prompt_tokens).toBeGreaterThan(5);
    expect(long.usage.prompt_tokens).toBeGreaterThan(short.usage.prompt_tokens);
    expect(short.usage.completion_tokens).toBeLessThanOrEqual(4);
    expect(short.usage.total_tokens).toBe(short.usage.prompt_tokens + short.usage.completion_tokens);
  });

  it('embeddings have unit length and report their tokens', async () => {
    const res = await post('/v1/embeddings', { model: 'tiny-random', input: ['one two three', 'four'] });
    const body = (await res.json()) as {
      data: { embedding: number[] }[];
      usage: { prompt_tokens: number; total_tokens: number };
    };
    for (const d of body.data) {
      const norm = Math.sqrt(d.embedding.reduce((s, x) => s + x * x, 0));
      expect(norm).toBeCloseTo(1, 5);
    }
    expect(body.usage.prompt_tokens).toBeGreaterThan(3);
    expect(body.usage.total_tokens).toBe(body.usage.prompt_tokens);
  });

  it('refuses a 2 MB request of 61 messages with 400 context_length_exceeded, while another request is served', async () => {
    const messages = Array.from({ length: 61 }, (_, i) => ({
      role: i % 2 ? 'assistant' : 'user',
      content: `word ${i} `.repeat(4400),
    }));
    const big = ask({ messages });
    expect(JSON.stringify(big).length).toBeGreaterThan(2_000_000);
    const [refused, streamed, served] = await Promise.all([
      post('/v1/chat/completions', big),
      post('/v1/chat/completions', { ...big, stream: true }),
      post('/v1/chat/completions', ask({ max_tokens: 3 })),
    ]);
    for (const res of [refused, streamed]) {
      expect(res.status).toBe(400);
      const err = await errorOf(res);
      expect(err.code).toBe('context_length_exceeded');
      expect(err.message).toMatch(/context length is 512 tokens; this request needs (at least )?\d+/);
    }
    expect(served.status).toBe(200);
  });

  it('refuses a prompt just over the context with the exact count', async () => {
    const res = await post('/v1/chat/completions', ask({ messages: [user('hello there '.repeat(300))] }));
    expect(res.status).toBe(400);
    const err = await errorOf(res);
    expect(err.code).toBe('context_length_exceeded');
    const needed = Number(/needs (?:at least )?(\d+)/.exec(err.message)?.[1]);
    expect(needed).toBeGreaterThan(512);
  });

  it('answers bad percent-encoding in a model path with 400, not 500', async () => {
    const res = await fetch(`${base}/v1/models/%E0`, { headers: auth });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).param).toBe('model');
  });
});
