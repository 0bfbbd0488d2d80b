import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineError, EngineHost } from '../../../src-main/llm/engine/host/engine-host.js';
import type { ChatMessage } from '../../../src-main/llm/engine/protocol.js';
import { ROOT } from '../../support/sahel-process.js';

const MODEL = join(ROOT, '..', 'shared', 'models', 'llama-2-tiny-random.gguf');
const GEN = { maxTokens: 8, temperature: 0, seed: 1 } as const;

let host: EngineHost;

beforeAll(async () => {
  host = new EngineHost({ gpu: 'cpu' });
  await host.load({ modelPath: MODEL, contextSize: 512, sequences: 2 });
});

afterAll(async () => {
  await host.dispose();
});

/** Runs one turn and returns the reply's text with the engine's figures. */
async function turn(sessionId: string, messages: ChatMessage[], maxTokens: number = GEN.maxTokens) {
  const h = host.chat({ sessionId, messages, ...GEN, maxTokens });
  let text = '';
  for await (const t of h) text += t;
  return { text, done: await h.done };
}

describe('engine chat sessions', () => {
  it('streams a reply and keeps the conversation evaluated for the follow-up', async () => {
    const history: ChatMessage[] = [
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'Hello there' },
    ];
    const first = await turn('a', history);
    expect(first.text.length).toBeGreaterThan(0);
    expect(first.done.tokens).toBeGreaterThan(0);
    expect(first.done.reusedTokens).toBe(0);
    expect(first.done.dropped).toBe(0);
    expect(first.done.chatWrapper).toMatch(/^auto:/);
    history.push({ role: 'assistant', content: first.text }, { role: 'user', content: 'And then?' });
    const second = await turn('a', history);
    // Everything up to the previous reply is already in the sequence: only the new turn is evaluated.
    expect(second.done.reusedTokens).toBeGreaterThanOrEqual(first.done.promptTokens);
    expect(second.done.promptTokens - second.done.reusedTokens).toBeLessThan(30);
  });

  it('keeps two conversations warm side by side, giving up the least recent for a third', async () => {
    const b: ChatMessage[] = [{ role: 'user', content: 'Conversation B' }];
    const rb = await turn('b', b);
    const again = await turn('b', [
      ...b,
      { role: 'assistant', content: rb.text },
      { role: 'user', content: 'more' },
    ]);
    expect(again.done.reusedTokens).toBeGreaterThan(0);
    // 'a' was used before 'b'; a third conversation takes a's sequence.
    await turn('c', [{ role: 'user', content: 'Conversation C' }]);
    const a = await turn('a', [{ role: 'user', content: 'Hello there' }]);
    expect(a.done.reusedTokens).toBe(0);
  });

  it('drops the oldest turns to fit a small context and says how many', async () => {
    const long = 'word '.repeat(60);
    const history: ChatMessage[] = [{ role: 'system', content: 'System prompt stays.' }];
    for (let i = 0; i < 8; i++) {
      history.push({ role: 'user', content: `${i} ${long}` }, { role: 'assistant', content: `${i} ${long}` });
    }
    history.push({ role: 'user', content: 'the newest question' });
    const r = await turn('overflow', history, 64);
    expect(r.done.dropped).toBeGreaterThan(0);
    expect(r.done.dropped % 2).toBe(0);
    expect(r.done.promptTokens + 64).toBeLessThanOrEqual(r.done.contextSize);
  });

  it('refuses a single message larger than the context with a typed error', async () => {
    const h = host.chat({
      sessionId: 'huge',
      messages: [{ role: 'user', content: 'word '.repeat(2000) }],
      ...GEN,
    });
    await expect(h.done).rejects.toMatchObject({ code: 'context-overflow' });
    expect((await turn('after', [{ role: 'user', content: 'still fine' }])).done.tokens).toBeGreaterThan(0);
  });

  it('stops mid-reply on cancel, keeping what was written', async () => {
    const h = host.chat({
      sessionId: 'cancel',
      messages: [{ role: 'user', content: 'Tell me a story' }],
      ...GEN,
      maxTokens: 400,
    });
    let pieces = 0;
    for await (const _ of h) {
      pieces++;
      if (pieces === 3) h.cancel();
    }
    const done = await h.done;
    expect(done.reason).toBe('cancelled');
    expect(done.tokens).toBeGreaterThanOrEqual(3);
    expect(done.tokens).toBeLessThan(400);
  });

  it('after an engine crash evaluates the history once, then reuses it again', async () => {
    const history: ChatMessage[] = [{ role: 'user', content: 'Before the crash' }];
    const r1 = await turn('restart', history);
    history.push({ role: 'assistant', content: r1.text }, { role: 'user', content: 'one' });
    const pid = host.pid;
    process.kill(pid as number, 'SIGKILL');
    // The host notices on the process's exit event; a request sent before that fails as 'crashed'.
    while (host.loaded) await new Promise((r) => setTimeout(r, 20));
    const r2 = await turn('restart', history);
    expect(host.pid).not.toBe(pid);
    expect(r2.done.reusedTokens).toBe(0);
    history.push({ role: 'assistant', content: r2.text }, { role: 'user', content: 'two' });
    const r3 = await turn('restart', history);
    expect(r3.done.reusedTokens).toBeGreaterThanOrEqual(r2.done.promptTokens);
  });

  it('takes a chat template override and refuses an unknown one', async () => {
    const r = await host.chat({
      sessionId: 'wrap',
      messages: [{ role: 'user', content: 'hi' }],
      ...GEN,
      chatWrapper: 'chatML',
    }).done;
    expect(r.chatWrapper).toBe('ChatML');
    const bad = host.chat({
      sessionId: 'wrap',
      messages: [{ role: 'user', content: 'hi' }],
      ...GEN,
      chatWrapper: 'nope',
    });
    await expect(bad.done).rejects.toBeInstanceOf(EngineError);
    await expect(bad.done).rejects.toMatchObject({ code: 'bad-request' });
  });
});
