// The official `openai` client and LangChain's ChatOpenAI against `sahel serve` with the tiny random
// model: tool-call round trips and schema-valid JSON. The model is installed but never loaded by hand:
// the first request naming it loads it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AIMessage, HumanMessage, ToolMessage } from '@langchain/core/messages';
import { tool } from '@langchain/core/tools';
import { ChatOpenAI } from '@langchain/openai';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { runCli } from '../../../support/cli.js';
import { type Served, startServe } from '../../../support/sahel-process.js';
import { TINY } from '../../llm/models/support.js';

// Grammar-constrained generation with the tiny model runs at a few tokens a second on a busy machine.
vi.setConfig({ testTimeout: 240_000 });

const MODEL = 'llama-2-tiny-random';
const Weather = z.object({ city: z.enum(['Oslo', 'Bergen']), unit: z.enum(['celsius', 'fahrenheit']) });
const weatherTool = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'The weather in a city',
    parameters: z.toJSONSchema(Weather),
  },
};

describe('OpenAI clients against sahel serve', () => {
  const root = mkdtempSync(join(tmpdir(), 'sahel-openai-clients-'));
  const dataDir = join(root, 'data');
  let served: Served;
  let client: OpenAI;

  beforeAll(async () => {
    served = await startServe(dataDir, [], 'serve', { SAHEL_GPU: 'cpu' });
    const imported = await runCli(['models', 'import', TINY], {
      dataDir: dataDir,
      env: { SAHEL_GPU: 'cpu' },
      timeoutMs: 60_000,
    });
    expect(imported.code, imported.stderr).toBe(0);
    client = new OpenAI({ baseURL: `${served.base}/v1`, apiKey: served.token, maxRetries: 0 });
  }, 90_000);
  afterAll(async () => {
    await served?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('lists the installed model and loads it for the first request that names it', async () => {
    const listed = await client.models.list();
    expect(listed.data.map((m) => m.id)).toContain(MODEL);
    const status = await runCli(['--json', 'models', 'status'], {
      dataDir: dataDir,
      env: { SAHEL_GPU: 'cpu' },
    });
    expect(status.stdout).not.toContain(`"id":"${MODEL}"`);
    const r = await client.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: 'Hi' }],
      max_tokens: 3,
      temperature: 0,
    });
    expect(r.choices[0]!.message.role).toBe('assistant');
    expect(r.usage!.prompt_tokens).toBeGreaterThan(0);
    expect(r.usage!.total_tokens).toBe(r.usage!.prompt_tokens + r.usage!.completion_tokens);
    await expect(
      client.chat.completions.create({ model: 'not-installed', messages: [{ role: 'user', content: 'Hi' }] }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('openai: a tool call, its result, then an answer', async () => {
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'Weather in Oslo?' }];
    const first = await client.chat.completions.create({
      model: MODEL,
      messages,
      tools: [weatherTool],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
      temperature: 0,
      // Room for the whole call: the grammar ends it as soon as its JSON closes.
      max_tokens: 200,
    });
    const choice = first.choices[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    const call = choice.message.tool_calls![0]!;
    expect(call.type).toBe('function');
    if (call.type !== 'function') return;
    expect(Weather.parse(JSON.parse(call.function.arguments))).toBeTruthy();
    messages.push(choice.message, { role: 'tool', tool_call_id: call.id, content: '12 degrees, rain' });
    const answer = await client.chat.completions.create({
      model: MODEL,
      messages,
      tools: [weatherTool],
      tool_choice: 'none',
      max_tokens: 6,
      temperature: 0,
    });
    expect(answer.choices[0]!.message.tool_calls).toBeUndefined();
    expect(['stop', 'length']).toContain(answer.choices[0]!.finish_reason);
  });

  it('openai: a json_schema answer that parses and fits the schema', async () => {
    const r = await client.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: 'Pick a city.' }],
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'weather', strict: true, schema: z.toJSONSchema(Weather) },
      },
      temperature: 0,
      max_tokens: 200,
    });
    expect(r.choices[0]!.finish_reason).toBe('stop');
    expect(Weather.safeParse(JSON.parse(r.choices[0]!.message.content!)).success).toBe(true);
  });

  it('LangChain: bindTools round trip and withStructuredOutput', async () => {
    const chat = (maxTokens: number) =>
      new ChatOpenAI({
        model: MODEL,
        apiKey: served.token,
        configuration: { baseURL: `${served.base}/v1` },
        temperature: 0,
        maxTokens,
        maxRetries: 0,
      });
    const llm = chat(200);
    const getWeather = tool(async ({ city }) => `Sunny in ${city}`, {
      name: 'get_weather',
      description: 'The weather in a city',
      schema: Weather,
    });
    const bound = llm.bindTools([getWeather], { tool_choice: 'get_weather' });
    const question = new HumanMessage('Weather in Bergen?');
    const ai = (await bound.invoke([question])) as AIMessage;
    expect(ai.tool_calls).toHaveLength(1);
    const call = ai.tool_calls![0]!;
    expect(call.name).toBe('get_weather');
    expect(Weather.safeParse(call.args).success).toBe(true);
    const result = new ToolMessage({
      tool_call_id: call.id!,
      content: await getWeather.invoke(call.args as z.infer<typeof Weather>),
    });
    const final = await llm
      .bindTools([getWeather], { tool_choice: 'none' })
      .invoke([question, ai, result], { callbacks: [] });
    expect(typeof final.content).toBe('string');

    const structured = llm.withStructuredOutput(Weather, { name: 'weather', method: 'functionCalling' });
    expect(Weather.safeParse(await structured.invoke('Pick a city.')).success).toBe(true);
    const bySchema = llm.withStructuredOutput(Weather, { name: 'weather', method: 'jsonSchema' });
    expect(Weather.safeParse(await bySchema.invoke('Pick a city.')).success).toBe(true);
  });
});
