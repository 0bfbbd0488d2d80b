import type { Db } from './database.js';

/** A sealed row as stored: the store never sees plaintext, only ids, order and opaque bodies. */
export interface SealedRow {
  id: string;
  seq: number;
  body: Buffer;
}

export interface SealedMessageRow extends SealedRow {
  conversationId: string;
}

/** A chat write, as the change log (migration 0009) records it: ids only; no message id = the conversation. */
export interface ChatChange {
  seq: number;
  conversationId: string;
  messageId: string | null;
}

/** Where the change log stands: which database it belongs to, its last seq, and how far it is pruned. */
export interface ChatChangeState {
  epoch: string;
  last: number;
  prunedThrough: number;
}

/** Conversations, messages, memories and single records (the persona) of chat, all sealed. */
export class ChatRepo {
  constructor(private readonly db: Db) {}

  /** A page of conversations, most recent activity first, strictly older than `beforeSeq`. */
  conversations(beforeSeq: number | null, limit: number): SealedRow[] {
    return this.db
      .prepare('SELECT id, seq, body FROM chat_conversations WHERE seq < ? ORDER BY seq DESC LIMIT ?')
      .all(beforeSeq ?? Number.MAX_SAFE_INTEGER, limit) as SealedRow[];
  }

  allConversations(): SealedRow[] {
    return this.db.prepare('SELECT id, seq, body FROM chat_conversations').all() as SealedRow[];
  }

  conversation(id: string): SealedRow | undefined {
    return this.db.prepare('SELECT id, seq, body FROM chat_conversations WHERE id = ?').get(id) as
      | SealedRow
      | undefined;
  }

  /** Inserts or replaces a conversation and moves it to the top of the activity order. */
  putConversation(id: string, body: Buffer): void {
    this.db
      .prepare(
        `INSERT INTO chat_conversations (id, seq, body)
         VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM chat_conversations), ?)
         ON CONFLICT(id) DO UPDATE SET body = excluded.body, seq = excluded.seq`,
      )
      .run(id, body);
  }

  /** Changes a conversation's body without moving it (a rename is not activity). */
  updateConversation(id: string, body: Buffer): void {
    this.db.prepare('UPDATE chat_conversations SET body = ? WHERE id = ?').run(body, id);
  }

  deleteConversation(id: string): boolean {
    // Messages go with it (ON DELETE CASCADE).
    return this.db.prepare('DELETE FROM chat_conversations WHERE id = ?').run(id).changes > 0;
  }

  messages(conversationId: string): SealedMessageRow[] {
    return this.db
      .prepare(
        'SELECT id, conversation_id AS conversationId, seq, body FROM chat_messages WHERE conversation_id = ? ORDER BY seq',
      )
      .all(conversationId) as SealedMessageRow[];
  }

  /** Every message, in batches (building the search index without holding all rows at once). */
  *allMessages(batch = 5000): Generator<SealedMessageRow[]> {
    const stmt = this.db.prepare(
      'SELECT rowid AS r, id, conversation_id AS conversationId, seq, body FROM chat_messages WHERE rowid > ? ORDER BY rowid LIMIT ?',
    );
    let after = 0;
    for (;;) {
      const rows = stmt.all(after, batch) as (SealedMessageRow & { r: number })[];
      if (rows.length === 0) return;
      yield rows;
      after = rows[rows.length - 1]?.r ?? after;
      if (rows.length < batch) return;
    }
  }

  messageCount(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM chat_messages').get() as { n: number }).n;
  }

  /** Writes message rows (new or changed) and deletes others, in one transaction with the conversation. */
  saveTurn(
    conversation: { id: string; body: Buffer },
    put: { id: string; body: Buffer }[],
    remove: string[] = [],
  ): void {
    const nextSeq = this.db.prepare(
      'SELECT COALESCE(MAX(seq), 0) + 1 AS s FROM chat_messages WHERE conversation_id = ?',
    );
    const upsert = this.db.prepare(
      `INSERT INTO chat_messages (id, conversation_id, seq, body) VALUES (?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET body = excluded.body`,
    );
    const del = this.db.prepare('DELETE FROM chat_messages WHERE id = ? AND conversation_id = ?');
    this.db.transaction(() => {
      this.putConversation(conversation.id, conversation.body);
      for (const id of remove) del.run(id, conversation.id);
      for (const m of put) {
        const { s } = nextSeq.get(conversation.id) as { s: number };
        upsert.run(m.id, conversation.id, s, m.body);
      }
    })();
  }

  memories(): SealedRow[] {
    return this.db.prepare('SELECT id, seq, body FROM chat_memories ORDER BY seq').all() as SealedRow[];
  }

  putMemory(id: string, body: Buffer): void {
    this.db
      .prepare(
        `INSERT INTO chat_memories (id, seq, body)
         VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM chat_memories), ?)
         ON CONFLICT(id) DO UPDATE SET body = excluded.body`,
      )
      .run(id, body);
  }

  deleteMemory(id: string): boolean {
    return this.db.prepare('DELETE FROM chat_memories WHERE id = ?').run(id).changes > 0;
  }

  record(key: string): Buffer | undefined {
    const row = this.db.prepare('SELECT body FROM chat_records WHERE key = ?').get(key) as
      | { body: Buffer }
      | undefined;
    return row?.body;
  }

  putRecord(key: string, body: Buffer): void {
    this.db
      .prepare(
        'INSERT INTO chat_records (key, body) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET body = excluded.body',
      )
      .run(key, body);
  }

  /** One message row, or undefined when it is gone (catching the search index up). */
  message(conversationId: string, id: string): SealedMessageRow | undefined {
    return this.db
      .prepare(
        'SELECT id, conversation_id AS conversationId, seq, body FROM chat_messages WHERE id = ? AND conversation_id = ?',
      )
      .get(id, conversationId) as SealedMessageRow | undefined;
  }

  changeState(): ChatChangeState {
    return this.db
      .prepare(
        `SELECT epoch, pruned_through AS prunedThrough,
                COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'chat_changes'), 0) AS last
         FROM chat_changes_state WHERE id = 1`,
      )
      .get() as ChatChangeState;
  }

  /** Changes after `seq`, oldest first. */
  changesAfter(seq: number, limit: number): ChatChange[] {
    return this.db
      .prepare(
        `SELECT seq, conversation_id AS conversationId, message_id AS messageId FROM chat_changes
         WHERE seq > ? ORDER BY seq LIMIT ?`,
      )
      .all(seq, limit) as ChatChange[];
  }

  /** Forgets changes up to `seq` (a snapshot covering them is on disk); the mark never goes back. */
  pruneChanges(seq: number): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM chat_changes WHERE seq <= ?').run(seq);
      this.db
        .prepare('UPDATE chat_changes_state SET pruned_through = MAX(pruned_through, ?) WHERE id = 1')
        .run(seq);
    })();
  }
}
