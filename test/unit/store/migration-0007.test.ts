import { describe, expect, it } from 'vitest';
import { ChatRepo } from '../../../src-main/store/chat-repo.js';
import { migrate, openDatabase, schemaVersion } from '../../../src-main/store/database.js';
import { MIGRATIONS } from '../../../src-main/store/migrations/index.js';

describe('0007 chat', () => {
  it('adds the chat tables after 0006, keeping what was there', () => {
    const db = openDatabase(':memory:', { migrate: false });
    migrate(db, MIGRATIONS, 6);
    db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run('theme', '"dark"');
    migrate(db, MIGRATIONS, 7);
    expect(schemaVersion(db)).toBe(7);
    expect(db.prepare('SELECT value FROM settings').get()).toEqual({ value: '"dark"' });
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'chat_%' ORDER BY name")
      .pluck()
      .all();
    expect(tables).toEqual(['chat_conversations', 'chat_memories', 'chat_messages', 'chat_records']);
    db.close();
  });

  it('orders conversations by activity, deletes messages with their conversation, pages by seq', () => {
    const db = openDatabase(':memory:');
    const repo = new ChatRepo(db);
    const body = (s: string) => Buffer.from(s);
    repo.saveTurn({ id: 'a', body: body('A') }, [{ id: 'm1', body: body('1') }]);
    repo.saveTurn({ id: 'b', body: body('B') }, [{ id: 'm2', body: body('2') }]);
    repo.saveTurn({ id: 'a', body: body('A2') }, [{ id: 'm3', body: body('3') }]);
    expect(repo.conversations(null, 10).map((r) => r.id)).toEqual(['a', 'b']);
    const first = repo.conversations(null, 1);
    expect(repo.conversations(first[0]!.seq, 10).map((r) => r.id)).toEqual(['b']);
    expect(repo.messages('a').map((m) => m.id)).toEqual(['m1', 'm3']);
    repo.updateConversation('b', body('B renamed'));
    expect(repo.conversations(null, 10).map((r) => r.id)).toEqual(['a', 'b']);
    expect([...repo.allMessages(2)].map((batch) => batch.length)).toEqual([2, 1]);
    expect(repo.deleteConversation('a')).toBe(true);
    expect(repo.messages('a')).toEqual([]);
    expect(repo.messageCount()).toBe(1);
    // A message cannot point at a conversation that does not exist.
    expect(() =>
      db
        .prepare('INSERT INTO chat_messages (id, conversation_id, seq, body) VALUES (?, ?, ?, ?)')
        .run('x', 'nope', 1, body('x')),
    ).toThrow();
    db.close();
  });
});
