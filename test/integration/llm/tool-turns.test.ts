// The provider capability the agent's loop uses: a turn with tools, on the real engine (tiny random
// model: a forced call is always schema-valid) and replayed from a script.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EngineHost } from '../../../src-main/llm/engine/host/engine-host.js';
import { EngineProvider } from '../../../src-main/llm/providers/engine-provider.js';
import type { ToolSpec } from '../../../src-main/llm/providers/provider.js';
import { ScriptedProvider } from '../../../src-main/llm/providers/scripted-provider.js';
import { ROOT } from '../../support/sahel-process.js';

const MODEL = join(ROOT, '..', 'shared', 'models', 'llama-2-tiny-random.gguf');
const Search = z.object({ scope: z.enum(['vault', 'market']), exact: z.boolean() });
const tools: ToolSpec[] = [
  { name: 'search', description: 'Search the vault or the market', parameters: z.toJSONSchema(Search) },
];

describe('tool turns on the engine provider', () => {
  let host: EngineHost;
  let provider: EngineProvider;
  beforeAll(async () => {
    host = new EngineHost({ gpu: 'cpu' });
    const m = await host.load({ modelPath: MODEL, contextSize: 512 });
    const loaded = { id: 'tiny', name: 'tiny', contextSize: m.contextSize };
    provider = new EngineProvider({ engine: () => host, loaded: () => loaded, use: async () => {} });
  }, 60_000);
  afterAll(() => host?.dispose());

  it('a named tool yields a schema-valid call with an id; its result then gets an answer', async () => {
    const first = await provider.toolTurn({
      messages: [{ role: 'user', content: 'Find my notes' }],
      tools,
      toolChoice: { name: 'search' },
      maxTokens: 200,
    }).done;
    expect(first.reason).toBe('toolCalls');
    expect(first.toolCalls).toHaveLength(1);
    const call = first.toolCalls[0]!;
    expect(call.name).toBe('search');
    expect(call.id).toMatch(/^call_/);
    expect(Search.safeParse(JSON.parse(call.arguments)).success).toBe(true);
    expect(first.promptTokens).toBeGreaterThan(0);

    const second = await provider.toolTurn({
      messages: [
        { role: 'user', content: 'Find my notes' },
        { role: 'assistant', content: '', toolCalls: [call] },
        { role: 'tool', toolCallId: call.id, content: '3 notes found' },
      ],
      tools,
      toolChoice: 'none',
      maxTokens: 4,
    }).done;
    expect(second.toolCalls).toEqual([]);
    expect(['eos', 'maxTokens', 'stop']).toContain(second.reason);
    // The call and its result are in the prompt: longer than the question alone.
    const alone = await provider.toolTurn({
      messages: [{ role: 'user', content: 'Find my notes' }],
      tools,
      toolChoice: 'none',
      maxTokens: 1,
    }).done;
    expect(second.promptTokens).toBeGreaterThan(alone.promptTokens);
  }, 180_000);

  it('a tool result answering no call is refused as bad input', async () => {
    const h = provider.toolTurn({
      messages: [
        { role: 'user', content: 'x' },
        { role: 'tool', toolCallId: 'call_none', content: '1' },
      ],
      tools,
      maxTokens: 4,
    });
    await expect(h.done).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });
});

describe('tool turns replayed from a script', () => {
  it('returns the scripted calls with fresh ids, then the scripted answer', async () => {
    const p = new ScriptedProvider({
      delayMs: 0,
      json: [],
      turns: [
        {
          reply: '',
          match: 'notes',
          toolCalls: [{ name: 'search', arguments: { scope: 'vault', exact: true } }],
        },
        { reply: 'You have 3 notes.', match: 'found' },
      ],
    });
    const a = await p.toolTurn({
      messages: [{ role: 'user', content: 'Find my notes' }],
      tools,
      maxTokens: 10,
    }).done;
    expect(a.reason).toBe('toolCalls');
    expect(JSON.parse(a.toolCalls[0]!.arguments)).toEqual({ scope: 'vault', exact: true });
    const b = await p.toolTurn({
      messages: [
        { role: 'user', content: 'Find my notes' },
        { role: 'assistant', content: '', toolCalls: a.toolCalls },
        { role: 'tool', toolCallId: a.toolCalls[0]!.id, content: '3 found' },
      ],
      tools,
      maxTokens: 10,
    }).done;
    expect(b).toMatchObject({ reason: 'eos', text: 'You have 3 notes.', toolCalls: [] });
    expect(p.toolCalls).toHaveLength(2);
  });
});
