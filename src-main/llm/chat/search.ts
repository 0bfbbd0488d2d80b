import type Database from 'better-sqlite3';
import type { ChatSearchHit } from '../../../src-shared/domain/chat.js';
import { allWordsQuery, MemoryFts, snippetSql, withoutMarks } from '../../store/index.js';

/**
 * Full-text search over conversations: SQLite FTS5 in a memory-only database (store/memory-fts.ts),
 * loaded or built after unlock and dropped at lock; it reaches the disk only sealed
 * (search-snapshot.ts), never readable.
 * A row with an empty message id holds a conversation's title.
 */
export class ChatSearchIndex {
  private readonly fts: MemoryFts;
  private readonly insertStmt: { run(conv: string, msg: string, body: string): void };
  // Prepared once: catching up after unlock runs these per changed row.
  private readonly findMessage: Database.Statement;
  private readonly findConversation: Database.Statement;
  private readonly deleteDoc: Database.Statement;
  private readonly deleteRef: Database.Statement;

  /** An empty index, or one deserialized from a snapshot (`serialize`); the caller wipes `from`. */
  constructor(from?: Buffer) {
    // `refs` maps FTS rowids to ids through real indexes: FTS5 can only scan its UNINDEXED columns.
    this.fts = new MemoryFts(
      'chat search index',
      `CREATE VIRTUAL TABLE docs USING fts5(body, tokenize = 'unicode61 remove_diacritics 2');
       CREATE TABLE refs (rowid INTEGER PRIMARY KEY, conv TEXT NOT NULL, msg TEXT NOT NULL);
       CREATE INDEX refs_ids ON refs (conv, msg);`,
      from,
    );
    const db = this.fts.db;
    const doc = db.prepare('INSERT INTO docs (body) VALUES (?)');
    const ref = db.prepare('INSERT INTO refs (rowid, conv, msg) VALUES (?, ?, ?)');
    this.insertStmt = {
      run: (conv: string, msg: string, body: string) => {
        const { lastInsertRowid } = doc.run(body);
        ref.run(lastInsertRowid, conv, msg);
      },
    };
    this.findMessage = db.prepare('SELECT rowid AS r FROM refs WHERE conv = ? AND msg = ?').pluck();
    this.findConversation = db.prepare('SELECT rowid AS r FROM refs WHERE conv = ?').pluck();
    this.deleteDoc = db.prepare('DELETE FROM docs WHERE rowid = ?');
    this.deleteRef = db.prepare('DELETE FROM refs WHERE rowid = ?');
  }

  /** The whole index as one buffer (plaintext: only ever sealed before it leaves memory). */
  serialize(): Buffer {
    return this.fts.serialize();
  }

  /** Runs several changes as one transaction (catching up a batch of the change log). */
  batch(fn: () => void): void {
    this.open().transaction(fn)();
  }

  /** Adds documents in one transaction (bulk building, or a turn's new messages). */
  add(docs: { conversationId: string; messageId: string | null; text: string }[]): void {
    const db = this.open();
    db.transaction(() => {
      for (const d of docs) this.insertStmt.run(d.conversationId, d.messageId ?? '', withoutMarks(d.text));
    })();
  }

  removeMessages(conversationId: string, messageIds: (string | null)[]): void {
    const db = this.open();
    db.transaction(() => {
      for (const id of messageIds) this.drop(this.findMessage.all(conversationId, id ?? '') as number[]);
    })();
  }

  setTitle(conversationId: string, title: string): void {
    this.removeMessages(conversationId, [null]);
    this.add([{ conversationId, messageId: null, text: title }]);
  }

  removeConversation(conversationId: string): void {
    const rows = this.findConversation.all(conversationId) as number[];
    this.open().transaction(() => this.drop(rows))();
  }

  private drop(rowids: number[]): void {
    this.open();
    for (const r of rowids) {
      this.deleteDoc.run(r);
      this.deleteRef.run(r);
    }
  }

  search(query: string, limit: number): Omit<ChatSearchHit, 'title'>[] {
    const match = allWordsQuery(query);
    if (!match) return [];
    const rows = this.open()
      .prepare(
        `SELECT refs.conv AS conv, refs.msg AS msg,
                ${snippetSql('docs', 0)} AS snippet
         FROM docs JOIN refs ON refs.rowid = docs.rowid
         WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?`,
      )
      .all(match, limit) as { conv: string; msg: string; snippet: string }[];
    return rows.map((r) => ({ conversationId: r.conv, messageId: r.msg || null, snippet: r.snippet }));
  }

  close(): void {
    this.fts.close();
  }

  private open(): Database.Database {
    return this.fts.db;
  }
}
