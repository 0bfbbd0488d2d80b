import { describe, expect, it } from 'vitest';
import { createChat } from '../../../src-main/llm/chat/create-chat.js';
import { ScriptedProvider } from '../../../src-main/llm/providers/scripted-provider.js';
import type { Db } from '../../../src-main/store/database.js';
import { noEngine } from '../../support/chat.js';
import { silentLogger } from '../../support/logger.js';
import { tempDir } from '../../support/tmp.js';
import { openTestVault } from '../../support/vault.js';

const PASS = 'quarantine test 29 violet moths';

/** Flips one bit of a row's sealed bytes in the SQLite file, as disk damage would; returns the new bytes. */
function damageRow(db: Db, table: string, column: string, id: string): Buffer {
  const { v } = db.prepare(`SELECT ${column} AS v FROM ${table} WHERE id = ?`).get(id) as { v: Buffer };
  v[v.length - 1]! ^= 0x01;
  db.prepare(`UPDATE ${table} SET ${column} = ? WHERE id = ?`).run(v, id);
  return v;
}

const bytesOf = (db: Db, table: string, column: string, id: string) =>
  (db.prepare(`SELECT ${column} AS v FROM ${table} WHERE id = ?`).get(id) as { v: Buffer }).v;

function chatOn(t: ReturnType<typeof openTestVault>) {
  return createChat({
    db: t.db,
    vault: t.vault,
    llm: noEngine,
    provider: new ScriptedProvider({
      delayMs: 0,
      turns: [{ reply: 'first reply' }, { reply: 'second reply' }],
      json: [],
    }),
    settings: () => ({ chatMemoryConsent: false }),
    log: silentLogger(),
    events: { started() {}, token() {}, done() {}, changed() {}, memories() {} },
  });
}

describe('one damaged sealed row is set aside, the rest stays usable', () => {
  it('a vault item row: the vault unlocks, lists it as unreadable and leaves its bytes alone', async () => {
    const dir = tempDir();
    const t = openTestVault(dir);
    await t.vault.create(PASS);
    const folder = (await t.vault.items.importPaths([tempDir()], [], null, 'j'))[0]!;
    const inside = await t.vault.items.addNote('inside', 'in the folder', [], folder.id);
    const good = await t.vault.items.addNote('good', 'still readable', [], null);
    t.vault.lock();
    const damaged = damageRow(t.db, 'vault_items', 'meta', folder.id);

    const state = await t.vault.unlock(PASS);
    expect(state).toMatchObject({ state: 'unlocked', unreadable: [folder.id] });
    // What was inside the unreadable folder shows at the top level instead of vanishing.
    expect(new Set(t.vault.items.list(null).map((i) => i.id))).toEqual(new Set([good.id, inside.id]));
    expect(await t.vault.items.preview(good.id, 100)).toMatchObject({ text: 'still readable' });
    expect(bytesOf(t.db, 'vault_items', 'meta', folder.id).equals(damaged)).toBe(true);
    t.close();
  });

  it('a chat message: the conversation opens with the others and names the damaged one', async () => {
    const t = openTestVault(tempDir());
    await t.vault.create(PASS);
    const chat = chatOn(t);
    await chat.service.onUnlocked();
    const first = await chat.service.send({ conversationId: null, text: 'first question' });
    await chat.service.send({ conversationId: first.conversation.id, text: 'second question' });
    await chat.service.settled();
    const all = chat.service.get(first.conversation.id).messages;
    const bad = all.find((m) => m.role === 'user' && m.text === 'first question')!;
    const damaged = damageRow(t.db, 'chat_messages', 'body', bad.id);

    const got = chat.service.get(first.conversation.id);
    expect(got.unreadable).toEqual([bad.id]);
    expect(got.messages.map((m) => m.id)).toEqual(all.filter((m) => m.id !== bad.id).map((m) => m.id));
    expect(bytesOf(t.db, 'chat_messages', 'body', bad.id).equals(damaged)).toBe(true);
    t.vault.lock();
    chat.service.onLocked();
    t.close();
  });

  it('a memory: the others are listed and used, the damaged one named', async () => {
    const t = openTestVault(tempDir());
    await t.vault.create(PASS);
    const chat = chatOn(t);
    const keep = chat.memories.add('likes tea', 'user');
    const bad = chat.memories.add('lives by the sea', 'user');
    const damaged = damageRow(t.db, 'chat_memories', 'body', bad.id);
    expect(chat.memories.list().map((m) => m.id)).toEqual([keep.id]);
    expect(chat.memories.listWithUnreadable()).toMatchObject({ unreadable: [bad.id] });
    expect(bytesOf(t.db, 'chat_memories', 'body', bad.id).equals(damaged)).toBe(true);
    t.vault.lock();
    t.close();
  });
});
