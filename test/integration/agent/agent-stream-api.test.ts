// The agent's answer streams as a plain reply does: through the API, a real `sahel serve` with a
// scripted model whose turns come in pieces. The answer's pieces arrive as 'chat.token' events before
// the turn is done, each naming its model turn; the text of the turn that called a tool streams too,
// under its own turn, and the stored reply is the answer alone, with its steps as before.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onEvent } from '../../../src-shared/api/client.js';
import type { Served } from '../../support/sahel-process.js';
import { serveScripted } from './serve-scripted.js';

const ANSWER = 'You asked me to remember nothing about the weather yet.';
let dir: string;
let served: Served | undefined;

const turns = [
  {
    reply: 'Let me check my notes.',
    toolCalls: [{ name: 'memory_recall', arguments: { query: 'weather' } }],
  },
  { reply: ANSWER },
];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sahel-agent-stream-'));
});

afterAll(async () => {
  await served?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("the agent's answer through the API", () => {
  it('streams in pieces, each naming its model turn, before the reply is done', {
    timeout: 120_000,
  }, async () => {
    const s = await serveScripted(dir, { turns });
    served = s.served;
    const ws = s.ws;
    try {
      const events: { kind: string; text?: string; turn?: number | undefined }[] = [];
      const offs = [
        onEvent(ws.wire, 'chat.token', (e) => events.push({ kind: 'token', text: e.text, turn: e.turn })),
        onEvent(ws.wire, 'chat.step', (e) => events.push({ kind: `step:${e.step.kind}` })),
        onEvent(ws.wire, 'chat.done', () => events.push({ kind: 'done' })),
      ];
      const done = await ws.api.chat.send({
        conversationId: null,
        text: 'what about the weather?',
        agent: true,
      });
      for (const off of offs) off();
      expect(done.reply.status).toBe('done');
      expect(done.reply.text).toBe(ANSWER);
      expect(done.reply.steps?.map((s) => s.kind)).toEqual(['lookup', 'result', 'answer']);

      const tokens = (turn: number) => events.filter((e) => e.kind === 'token' && e.turn === turn);
      // The answer came word by word, as a plain reply streams, not in one piece at the end.
      expect(tokens(2).length).toBe(ANSWER.split(' ').length);
      expect(
        tokens(2)
          .map((e) => e.text)
          .join(''),
      ).toBe(ANSWER);
      expect(
        tokens(1)
          .map((e) => e.text)
          .join(''),
      ).toBe('Let me check my notes.');
      // In order: the first turn's text, its call's steps, the answer's pieces, then the answer step
      // and the end of the reply.
      const order = events.map((e) => (e.kind === 'token' ? `token${e.turn}` : e.kind));
      const squeezed = order.filter((k, i) => k !== order[i - 1]);
      expect(squeezed).toEqual(['token1', 'step:lookup', 'step:result', 'token2', 'step:answer', 'done']);
    } finally {
      ws.close();
    }
  });
});
