import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createChat } from '../../../src-main/llm/chat/create-chat.js';
import { ScriptedProvider } from '../../../src-main/llm/providers/scripted-provider.js';
import { silentLogger } from '../../support/logger.js';
import { tempDir } from '../../support/tmp.js';
import { openTestVault } from '../../support/vault.js';

function filesWith(dir: string, canary: string): string[] {
  const needles = [Buffer.from(canary, 'utf8'), Buffer.from(canary, 'utf16le')];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .filter((f) => needles.some((n) => readFileSync(f).includes(n)));
}

describe('chat at rest', () => {
  it('a canary in a title, messages, a reply, the persona and a memory appears in no file of the data dir', async () => {
    const dataDir = tempDir();
    const canary = `canary${randomBytes(8).toString('hex')}`;
    const t = openTestVault(dataDir);
    await t.vault.create('a long enough test passphrase');
    const provider = new ScriptedProvider({
      delayMs: 0,
      turns: [{ reply: `the reply mentions ${canary} too` }],
      json: [{ facts: [`the user's secret word is ${canary}`] }],
    });
    const chat = createChat({
      db: t.db,
      vault: t.vault,
      llm: {
        engine: () => {
          throw new Error('unused');
        },
        loaded: () => null,
        use: async () => {},
      },
      provider,
      settings: () => ({ chatMemoryConsent: true }),
      log: silentLogger(),
      events: { started() {}, token() {}, done() {}, changed() {}, memories() {} },
    });
    await chat.service.onUnlocked();
    const turn = await chat.service.send({ conversationId: null, text: `my word is ${canary}` });
    await chat.service.settled();
    chat.service.rename(turn.conversation.id, `title ${canary}`);
    chat.persona.set({ name: `Agent ${canary}`, tone: canary, instructions: canary });
    chat.memories.add(`typed ${canary}`, 'user');
    expect(chat.memories.list()).toHaveLength(2);
    // Readable while unlocked — in memory only.
    expect((await chat.service.search(canary, 10)).length).toBeGreaterThanOrEqual(3);
    expect(readdirSync(dataDir).some((f) => f.endsWith('-wal'))).toBe(true);
    expect(filesWith(dataDir, canary)).toEqual([]);
    t.vault.lock();
    chat.service.onLocked();
    t.close();
    expect(filesWith(dataDir, canary)).toEqual([]);
  });
});
