import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../../src-main/llm/engine/protocol.js';
import { LlmService } from '../../../src-main/llm/llm-service.js';
import { inspectGguf } from '../../../src-main/llm/models/gguf.js';
import { silentLogger } from '../../support/logger.js';
import { ROOT } from '../../support/sahel-process.js';

const MODEL = join(ROOT, '..', 'shared', 'models', 'llama-2-tiny-random.gguf');

let llm: LlmService | undefined;

afterEach(async () => {
  await llm?.dispose();
  llm = undefined;
});

async function loaded(maxSequences?: number): Promise<LlmService> {
  llm = new LlmService({
    log: silentLogger(),
    gpu: 'cpu',
    onStatus: () => {},
    ...(maxSequences === undefined ? {} : { maxSequences }),
  });
  const target = {
    id: 'tiny',
    name: 'Tiny',
    path: MODEL,
    fileBytes: statSync(MODEL).size,
    meta: await inspectGguf(MODEL),
  };
  await llm.load(target, { contextSize: 1024 });
  return llm;
}

/** Two conversations, turn by turn in alternation: A, B, A, B, A. Returns each turn's engine figures. */
async function alternate(service: LlmService) {
  const histories: Record<string, ChatMessage[]> = {
    a: [{ role: 'system', content: 'You are conversation A.' }],
    b: [{ role: 'system', content: 'You are conversation B.' }],
  };
  const turns: { id: string; promptTokens: number; reusedTokens: number }[] = [];
  for (const [i, id] of ['a', 'b', 'a', 'b', 'a'].entries()) {
    const history = histories[id]!;
    history.push({ role: 'user', content: `Turn ${i} of ${id}: tell me about the river and the hills.` });
    const h = service
      .engine()
      .chat({ sessionId: id, messages: history, maxTokens: 16, temperature: 0, seed: 1 });
    let reply = '';
    for await (const t of h) reply += t;
    const done = await h.done;
    history.push({ role: 'assistant', content: reply });
    turns.push({ id, promptTokens: done.promptTokens, reusedTokens: done.reusedTokens });
  }
  return turns;
}

describe('several conversations warm at once', () => {
  it('loads with several sequences and switching back to a conversation evaluates only its new turn', async () => {
    const service = await loaded();
    expect(service.status().model?.sequences).toBe(4);
    const turns = await alternate(service);
    // Turns 3 and 5 go back to A after B ran: A's sequence still holds everything up to its last reply.
    for (const i of [2, 4]) {
      const before = turns[i - 2]!;
      const now = turns[i]!;
      expect(now.reusedTokens).toBeGreaterThanOrEqual(before.promptTokens);
      expect(now.promptTokens - now.reusedTokens).toBeLessThan(40);
    }
    expect(turns[3]!.reusedTokens).toBeGreaterThanOrEqual(turns[1]!.promptTokens);
  }, 120_000);

  it('with one sequence (the old behaviour) every switch evaluates the whole history again', async () => {
    const service = await loaded(1);
    expect(service.status().model?.sequences).toBe(1);
    const turns = await alternate(service);
    for (const i of [2, 3, 4]) expect(turns[i]!.reusedTokens).toBe(0);
  }, 120_000);
});
