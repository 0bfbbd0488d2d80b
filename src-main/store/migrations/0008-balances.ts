import type { Migration } from '../migration.js';

/**
 * The last balances read for each wallet address, per network (`scope` = chain id and payment token),
 * so the wallet still shows them, marked as old, while the RPC is down. Public on chain, so plain.
 */
export const m0008Balances: Migration = {
  version: 8,
  name: 'balances',
  up(db) {
    db.exec(`
      CREATE TABLE balances (
        scope   TEXT NOT NULL,
        address TEXT NOT NULL,
        json    TEXT NOT NULL CHECK (json_valid(json)),
        block   INTEGER NOT NULL CHECK (block >= 0),
        at      TEXT NOT NULL,
        PRIMARY KEY (scope, address)
      ) STRICT;
    `);
  },
};
