// The loop on the real llama.cpp engine with the tiny random model: a forced tool call is grammar-valid
// for its schema, reaches the gate, and its result is in the model's next turn.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAgentTurn } from '../../../../src-main/agent/loop/agent-loop.js';
import { CLOSE, OPEN } from '../../../../src-main/agent/loop/fence.js';
import { EngineHost } from '../../../../src-main/llm/engine/host/engine-host.js';
import { EngineProvider } from '../../../../src-main/llm/providers/engine-provider.js';
import type { ToolTurn, ToolTurnResult } from '../../../../src-main/llm/providers/provider.js';
import { ROOT } from '../../../support/sahel-process.js';
import { tempDir } from '../../../support/tmp.js';
import { CONVERSATION, loopWorld, RecordingGate } from './loop-fixture.js';

const MODEL = join(ROOT, '..', 'shared', 'models', 'llama-2-tiny-random.gguf');

describe('the agent loop on the engine', () => {
  let host: EngineHost;
  let provider: EngineProvider;
  beforeAll(async () => {
    host = new EngineHost({ gpu: 'cpu' });
    const m = await host.load({ modelPath: MODEL, contextSize: 2048 });
    const loaded = { id: 'tiny', name: 'tiny', contextSize: m.contextSize };
    provider = new EngineProvider({ engine: () => host, loaded: () => loaded, use: async () => {} });
  }, 60_000);
  afterAll(() => host?.dispose());

  it('a grammar-valid call (by name) reaches the gate, and its result comes back in the next turn', async () => {
    const w = await loopWorld(tempDir());
    try {
      const asked: ToolTurn[] = [];
      const answered: ToolTurnResult[] = [];
      const recording = {
        toolTurn: (t: ToolTurn) => {
          asked.push(t);
          const h = provider.toolTurn(t);
          const done = h.done.then((r) => {
            answered.push(r);
            return r;
          });
          return { cancel: h.cancel, done };
        },
      };
      const gate = new RecordingGate();
      const r = await runAgentTurn(
        { provider: recording, gate, tools: w.tools, limits: () => ({ maxSteps: 2, maxToolCalls: 4 }) },
        {
          text: 'Read my note',
          conversationId: CONVERSATION,
          toolChoice: { name: 'vault_read' },
          // Room for a whole forced call (a cut one is no call).
          maxTokens: 300,
        },
      );
      expect(answered[0]).toMatchObject({ reason: 'toolCalls', toolCalls: [expect.anything()] });
      const call = answered[0]!.toolCalls[0]!;
      expect(call.name).toBe('vault_read');
      // Valid for the schema the grammar was built from, and so for zod: it ran as a read.
      expect(gate.refusals.filter((x) => x.rule === 'bad-arguments')).toEqual([]);
      expect(gate.reads[0]).toMatchObject({ tool: 'vault_read', args: JSON.parse(call.arguments) });
      expect(gate.reads[0]!.result).toMatch(/^failed: /); // no such item in an empty vault
      const next = asked[1]!.messages;
      expect(next.at(-2)).toMatchObject({ role: 'assistant', toolCalls: [call] });
      const result = next.at(-1)!;
      expect(result).toMatchObject({ role: 'tool', toolCallId: call.id });
      expect(result.content).toContain(OPEN);
      expect(result.content).toContain(CLOSE);
      expect(answered[1]!.promptTokens).toBeGreaterThan(answered[0]!.promptTokens);
      expect(['answered', 'turn-limit']).toContain(r.stop);
    } finally {
      w.close();
    }
  }, 180_000);

  it('with every tool in one grammar (toolChoice required), the call the model makes still reaches the gate', async () => {
    const w = await loopWorld(tempDir());
    try {
      const gate = new RecordingGate(() => 'deny');
      const steps: string[] = [];
      await runAgentTurn(
        { provider, gate, tools: w.tools, limits: () => ({ maxSteps: 1, maxToolCalls: 4 }) },
        {
          text: 'Do something',
          conversationId: CONVERSATION,
          toolChoice: 'required',
          maxTokens: 300,
          onStep: (s) => steps.push(s.kind),
        },
      );
      // maxSteps 1: the call of the only turn with tools is refused at the limit, through the gate.
      expect(gate.refusals.map((r) => r.rule)).toEqual(['turn-limit']);
      expect(steps).toEqual(['decision', 'result', 'answer']);
    } finally {
      w.close();
    }
  }, 180_000);
});
