// Stop, as the UI presses it: `chat.stop` over the API while the agent's model is still writing the turn
// that would pay someone. A real `sahel serve` with a scripted model that takes its time: the reply ends
// 'stopped', the call it was writing never reaches the gate (no approval, nothing in the audit log), and
// regenerating that reply answers with the agent again.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onEvent } from '../../../src-shared/api/client.js';
import type { Served } from '../../support/sahel-process.js';
import { serveScripted } from './serve-scripted.js';

const STRANGER = '0x00000000000000000000000000000000000a11ce';
const send = { name: 'wallet_send', arguments: { to: STRANGER, amount: '1' } };
let dir: string;
let served: Served | undefined;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sahel-agent-stop-'));
});

afterAll(async () => {
  await served?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('stopping the agent through the API', () => {
  it('ends the reply as stopped before its call runs; nothing is asked, logged or sent', {
    timeout: 120_000,
  }, async () => {
    // Each turn takes 10 s (the script's most) to "write": time enough to press stop in the first.
    const s = await serveScripted(dir, {
      delayMs: 10_000,
      turns: [{ reply: '', toolCalls: [send] }, { reply: 'Here I am again.' }],
    });
    served = s.served;
    const ws = s.ws;
    try {
      await ws.api.wallet.create({});
      const started = new Promise<string>((resolve) => {
        const off = onEvent(ws.wire, 'chat.started', (e) => {
          off();
          resolve(e.conversationId);
        });
      });
      const turn = ws.api.chat.send({ conversationId: null, text: 'pay the stranger', agent: true });
      const conversationId = await started;
      expect((await ws.api.chat.stop({ conversationId })).stopped).toBe(true);
      const done = await turn;
      expect(done.reply.status).toBe('stopped');
      // Had the turn run to its end, its wallet_send would have reached the gate: held, and logged.
      expect(done.reply.steps?.map((s) => s.kind)).toEqual(['answer']);
      expect((await ws.api.agent.approvals({})).approvals).toEqual([]);
      expect((await ws.api.agent.audit({ limit: 100 })).entries).toEqual([]);
      expect((await ws.api.agent.verifyAudit({})).ok).toBe(true);

      // Regenerate replaces the agent's reply with the agent's again (with its steps), not a plain one.
      const again = await ws.api.chat.regenerate({ conversationId });
      expect(again.reply.status).toBe('done');
      expect(again.reply.steps?.at(-1)).toMatchObject({ kind: 'answer' });
    } finally {
      ws.close();
    }
  });
});
