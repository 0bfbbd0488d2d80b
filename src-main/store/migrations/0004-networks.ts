import type { Migration } from '../migration.js';

/**
 * Networks the user added by RPC URL. The embedded devnet is built in and has no row; `active` marks
 * the one in use (at most one row: the partial unique index), and no active row means the devnet.
 * `contracts` is the JSON of the three marketplace addresses, or NULL until they are known.
 */
export const m0004Networks: Migration = {
  version: 4,
  name: 'networks',
  up(db) {
    db.exec(`
      CREATE TABLE networks (
        name      TEXT PRIMARY KEY NOT NULL COLLATE NOCASE,
        chain_id  INTEGER NOT NULL CHECK (chain_id > 0),
        rpc_url   TEXT NOT NULL,
        contracts TEXT CHECK (contracts IS NULL OR json_valid(contracts)),
        active    INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1)),
        added_at  TEXT NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX networks_one_active ON networks (active) WHERE active = 1;
    `);
  },
};
