import { describe, expect, it } from 'vitest';
import { ChatRepo } from '../../../src-main/store/chat-repo.js';
import { migrate, openDatabase, schemaVersion } from '../../../src-main/store/database.js';
import { MIGRATIONS } from '../../../src-main/store/migrations/index.js';

const id = (c: string) => c.repeat(32);
const body = (s: string) => Buffer.from(s);

describe('0009 chat changes', () => {
  it('adds the change log after 0008, keeping chat rows, with a fresh epoch per database', () => {
    const db = openDatabase(':memory:', { migrate: false });
    migrate(db, MIGRATIONS, 8);
    new ChatRepo(db).putConversation(id('a'), body('sealed'));
    migrate(db, MIGRATIONS, 9);
    expect(schemaVersion(db)).toBe(9);
    const repo = new ChatRepo(db);
    expect(repo.conversation(id('a'))?.body).toEqual(body('sealed'));
    // Rows from before the log have no entries: the first unlock after it rebuilds the index.
    expect(repo.changeState()).toMatchObject({ last: 0, prunedThrough: 0 });
    expect(repo.changeState().epoch).toMatch(/^[0-9a-f]{32}$/);
    const other = openDatabase(':memory:');
    expect(new ChatRepo(other).changeState().epoch).not.toBe(repo.changeState().epoch);
    expect(() => db.prepare('INSERT INTO chat_changes_state VALUES (2, ?, 0)').run('x')).toThrow();
    db.close();
    other.close();
  });

  it('logs every write path by id (cascades too), and pruning never moves the mark back', () => {
    const db = openDatabase(':memory:');
    const repo = new ChatRepo(db);
    repo.putConversation(id('a'), body('t1'));
    repo.saveTurn({ id: id('a'), body: body('t2') }, [
      { id: id('1'), body: body('m1') },
      { id: id('2'), body: body('m2') },
    ]);
    repo.updateConversation(id('a'), body('renamed'));
    repo.saveTurn({ id: id('a'), body: body('t3') }, [{ id: id('1'), body: body('edited') }], [id('2')]);
    repo.deleteConversation(id('a'));
    const log = repo
      .changesAfter(0, 100)
      .map((c) => [c.conversationId.slice(0, 1), c.messageId?.slice(0, 1) ?? null]);
    expect(log).toEqual([
      ['a', null], // created
      ['a', null], // moved up by the turn
      ['a', '1'],
      ['a', '2'],
      ['a', null], // renamed
      ['a', null],
      ['a', '2'], // removed
      ['a', '1'], // edited
      ['a', '1'], // deleted with the conversation (ON DELETE CASCADE)
      ['a', null],
    ]);
    expect(repo.changeState().last).toBe(10);
    expect(repo.changesAfter(8, 1).map((c) => c.seq)).toEqual([9]);
    repo.pruneChanges(6);
    expect(repo.changesAfter(0, 100).map((c) => c.seq)).toEqual([7, 8, 9, 10]);
    repo.pruneChanges(3);
    expect(repo.changeState()).toMatchObject({ last: 10, prunedThrough: 6 });
    repo.pruneChanges(10);
    // AUTOINCREMENT: an emptied log still numbers on from 10.
    repo.putConversation(id('b'), body('t'));
    expect(repo.changesAfter(0, 10).map((c) => c.seq)).toEqual([11]);
    expect(repo.message(id('b'), id('1'))).toBeUndefined();
    db.close();
  });
});
