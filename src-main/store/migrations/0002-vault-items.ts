import type { Migration } from '../migration.js';

/**
 * Vault items. Nothing here is readable without the vault key: `meta` is sealed JSON (name, kind,
 * tags, size, sha256, dates, parent), bound to the row's id; `blob` is the random name of the age file
 * holding the content. `seq` only orders listings.
 */
export const m0002VaultItems: Migration = {
  version: 2,
  name: 'vault-items',
  up(db) {
    db.exec(`
      CREATE TABLE vault_items (
        id   TEXT PRIMARY KEY NOT NULL,
        seq  INTEGER NOT NULL,
        blob TEXT UNIQUE,
        meta BLOB NOT NULL
      ) STRICT;
      CREATE INDEX vault_items_seq ON vault_items (seq);
    `);
  },
};
