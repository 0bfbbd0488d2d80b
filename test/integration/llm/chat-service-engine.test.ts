import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Chat, createChat } from '../../../src-main/llm/chat/create-chat.js';
import { EngineHost } from '../../../src-main/llm/engine/host/engine-host.js';
import { silentLogger } from '../../support/logger.js';
import { ROOT } from '../../support/sahel-process.js';
import { tempDir } from '../../support/tmp.js';
import { openTestVault } from '../../support/vault.js';

const MODEL = join(ROOT, '..', 'shared', 'models', 'llama-2-tiny-random.gguf');

// The real engine under the same chat code the scripted tests drive: a small context, so that a few
// long turns overflow it.
let host: EngineHost;
let chat: Chat;
let close: () => void;
const tokens: string[] = [];

beforeAll(async () => {
  host = new EngineHost({ gpu: 'cpu' });
  await host.load({ modelPath: MODEL, contextSize: 512 });
  const t = openTestVault(tempDir());
  await t.vault.create('a long enough test passphrase');
  chat = createChat({
    db: t.db,
    vault: t.vault,
    llm: { engine: () => host, loaded: () => ({ id: 'tiny', name: 'tiny' }), use: async () => {} },
    settings: () => ({ chatWrapper: 'auto' }),
    log: silentLogger(),
    events: {
      started() {},
      token: (e) => tokens.push(e.text),
      done() {},
      changed() {},
      memories() {},
    },
  });
  await chat.service.onUnlocked();
  close = () => t.close();
});

afterAll(async () => {
  close?.();
  await host.dispose();
});

describe('chat over the real engine', () => {
  it('streams, and when the context overflows stores a notice and keeps going', async () => {
    const long = 'the garden needs water and the tomatoes need sun '.repeat(8);
    const first = await chat.service.send({ conversationId: null, text: `one ${long}`, maxTokens: 48 });
    expect(first.reply.status).toBe('done');
    expect(first.reply.model).toBe('tiny');
    expect(tokens.join('')).toBe(first.reply.text);
    const id = first.conversation.id;
    let notice: string | undefined;
    for (let i = 0; i < 6 && !notice; i++) {
      const t = await chat.service.send({ conversationId: id, text: `${i} ${long}`, maxTokens: 48 });
      expect(t.reply.status).toBe('done');
      notice = t.added.find((m) => m.role === 'notice')?.text;
    }
    expect(notice).toMatch(/^\d+ earlier messages were dropped to fit the model's context\.$/);
    const { conversation, messages } = chat.service.get(id);
    expect(conversation.droppedMessages).toBeGreaterThan(0);
    expect(messages.some((m) => m.role === 'notice')).toBe(true);
  });

  it('stops a reply mid-generation through the service', async () => {
    const before = tokens.length;
    const sending = chat.service.send({
      conversationId: null,
      text: 'Write a very long story',
      maxTokens: 400,
    });
    while (tokens.length < before + 3) await new Promise((r) => setTimeout(r, 10));
    const id = chat.service.list(null, 1).conversations[0]!.id;
    expect(chat.service.stop(id)).toBe(true);
    const turn = await sending;
    expect(turn.reply.status).toBe('stopped');
    expect(turn.reply.tokens).toBeLessThan(400);
    expect(turn.reply.text.length).toBeGreaterThan(0);
  });

  it('regenerates a different reply with a new seed, and the same reply from the same seed', async () => {
    const first = await chat.service.send({
      conversationId: null,
      text: 'Tell me about the sea',
      maxTokens: 24,
      sampling: { temperature: 1, topP: 1 },
    });
    const id = first.conversation.id;
    expect(first.reply.status).toBe('done');
    const seed = first.reply.sampling?.seed ?? undefined;
    expect(first.reply.sampling).toMatchObject({ temperature: 1, topP: 1, maxTokens: 24 });
    expect(typeof seed).toBe('number');

    const again = await chat.service.regenerate(id, { maxTokens: 24, freshSeed: true });
    expect(again.reply.sampling?.seed).not.toBe(seed);
    expect(again.reply.text).not.toBe(first.reply.text);

    const same = await chat.service.regenerate(id, { maxTokens: 24, seed, freshSeed: true });
    expect(same.reply.sampling?.seed).toBe(seed);
    expect(same.reply.text).toBe(first.reply.text);
    // Kept sealed with the conversation: the next turn samples the same way.
    expect(chat.service.get(id).conversation.sampling).toEqual({ temperature: 1, topP: 1 });
  });

  it("a conversation's fixed seed gives the same reply on each send; setSampling replaces the choices", async () => {
    const a = await chat.service.send({
      conversationId: null,
      text: 'Name a colour',
      maxTokens: 16,
      sampling: { temperature: 1, seed: 7 },
    });
    const b = await chat.service.send({
      conversationId: null,
      text: 'Name a colour',
      maxTokens: 16,
      sampling: { temperature: 1, seed: 7 },
    });
    expect(b.reply.sampling?.seed).toBe(7);
    expect(b.reply.text).toBe(a.reply.text);
    const c = chat.service.setSampling(a.conversation.id, { temperature: 0 });
    expect(c.sampling).toEqual({ temperature: 0 });
    expect(chat.service.get(a.conversation.id).conversation.sampling).toEqual({ temperature: 0 });
  });
});
