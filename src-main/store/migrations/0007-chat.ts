import type { Migration } from '../migration.js';

/**
 * Chat history, persona and memories. Nothing here is readable without the vault key: every `body` is
 * sealed JSON (title and dates, a message's role and text, a memory), bound to its kind and row id.
 * What stays plain is only what orders and groups rows: `seq` (activity order) and which conversation
 * a message belongs to.
 */
export const m0007Chat: Migration = {
  version: 7,
  name: 'chat',
  up(db) {
    db.exec(`
      CREATE TABLE chat_conversations (
        id   TEXT PRIMARY KEY NOT NULL,
        seq  INTEGER NOT NULL,
        body BLOB NOT NULL
      ) STRICT;
      CREATE INDEX chat_conversations_seq ON chat_conversations (seq);
      CREATE TABLE chat_messages (
        id              TEXT PRIMARY KEY NOT NULL,
        conversation_id TEXT NOT NULL REFERENCES chat_conversations (id) ON DELETE CASCADE,
        seq             INTEGER NOT NULL,
        body            BLOB NOT NULL
      ) STRICT;
      CREATE INDEX chat_messages_conversation ON chat_messages (conversation_id, seq);
      CREATE TABLE chat_memories (
        id   TEXT PRIMARY KEY NOT NULL,
        seq  INTEGER NOT NULL,
        body BLOB NOT NULL
      ) STRICT;
      CREATE TABLE chat_records (
        key  TEXT PRIMARY KEY NOT NULL,
        body BLOB NOT NULL
      ) STRICT;
    `);
  },
};
