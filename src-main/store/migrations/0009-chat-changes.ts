import type { Migration } from '../migration.js';

/**
 * A change log of chat ids, so the sealed search-index snapshot (written to disk) can be brought up to
 * date after unlock by re-reading only what changed since it. Triggers fill it on every write path;
 * it holds ids only (plain already in the chat tables), never text. `seq` is AUTOINCREMENT so it
 * never goes back, even after the rows a snapshot covers are pruned. `epoch` names this log (a
 * snapshot made against another database is refused); `pruned_through` is the highest seq that may
 * be gone, so a snapshot older than it is known to have missed changes.
 */
export const m0009ChatChanges: Migration = {
  version: 9,
  name: 'chat-changes',
  up(db) {
    db.exec(`
      CREATE TABLE chat_changes (
        seq             INTEGER PRIMARY KEY AUTOINCREMENT,
        conversation_id TEXT NOT NULL,
        message_id      TEXT
      ) STRICT;
      CREATE TABLE chat_changes_state (
        id             INTEGER PRIMARY KEY CHECK (id = 1),
        epoch          TEXT NOT NULL,
        pruned_through INTEGER NOT NULL CHECK (pruned_through >= 0)
      ) STRICT;
      INSERT INTO chat_changes_state (id, epoch, pruned_through) VALUES (1, lower(hex(randomblob(16))), 0);
      CREATE TRIGGER chat_conversations_logged_insert AFTER INSERT ON chat_conversations BEGIN
        INSERT INTO chat_changes (conversation_id, message_id) VALUES (NEW.id, NULL);
      END;
      CREATE TRIGGER chat_conversations_logged_update AFTER UPDATE OF body ON chat_conversations BEGIN
        INSERT INTO chat_changes (conversation_id, message_id) VALUES (NEW.id, NULL);
      END;
      CREATE TRIGGER chat_conversations_logged_delete AFTER DELETE ON chat_conversations BEGIN
        INSERT INTO chat_changes (conversation_id, message_id) VALUES (OLD.id, NULL);
      END;
      CREATE TRIGGER chat_messages_logged_insert AFTER INSERT ON chat_messages BEGIN
        INSERT INTO chat_changes (conversation_id, message_id) VALUES (NEW.conversation_id, NEW.id);
      END;
      CREATE TRIGGER chat_messages_logged_update AFTER UPDATE OF body ON chat_messages BEGIN
        INSERT INTO chat_changes (conversation_id, message_id) VALUES (NEW.conversation_id, NEW.id);
      END;
      CREATE TRIGGER chat_messages_logged_delete AFTER DELETE ON chat_messages BEGIN
        INSERT INTO chat_changes (conversation_id, message_id) VALUES (OLD.conversation_id, OLD.id);
      END;
    `);
  },
};
