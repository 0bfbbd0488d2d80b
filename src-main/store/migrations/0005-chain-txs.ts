import type { Migration } from '../migration.js';

/**
 * The wallet's transactions and the chain read cache.
 *
 * `chain_txs` holds every transaction Sahel signed, written BEFORE it is broadcast (raw signed bytes
 * included) so that a crash or an RPC outage can never lose or reuse a nonce: the pipeline resumes or
 * re-broadcasts what is still pending. Amounts are decimal strings (wei fits no SQLite integer).
 *
 * The cache is event-sourced: decoded contract logs per (scope, block, log index), with the hash of
 * every block they came from and of each synced tip, so a reorg rolls back by deleting rows above the
 * common ancestor; listings and licences are folded from the events on read.
 */
export const m0005ChainTxs: Migration = {
  version: 5,
  name: 'chain-txs',
  up(db) {
    db.exec(`
      CREATE TABLE chain_txs (
        hash        TEXT PRIMARY KEY NOT NULL CHECK (length(hash) = 66),
        chain_id    INTEGER NOT NULL,
        from_addr   TEXT NOT NULL,
        nonce       INTEGER NOT NULL CHECK (nonce >= 0),
        to_addr     TEXT,
        value       TEXT NOT NULL,
        data        TEXT NOT NULL,
        raw         TEXT NOT NULL,
        gas_limit   TEXT NOT NULL,
        max_fee_per_gas          TEXT NOT NULL,
        max_priority_fee_per_gas TEXT NOT NULL,
        kind        TEXT NOT NULL CHECK (kind IN ('send', 'call', 'speed-up', 'cancel')),
        effects     TEXT NOT NULL CHECK (json_valid(effects)),
        status      TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'failed', 'replaced', 'dropped')),
        replaces    TEXT,
        block_number INTEGER,
        fee         TEXT,
        created_at  INTEGER NOT NULL,
        updated_at  INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX chain_txs_account ON chain_txs (chain_id, from_addr, nonce);
      CREATE INDEX chain_txs_status ON chain_txs (status) WHERE status = 'pending';

      CREATE TABLE chain_cache_cursor (
        scope       TEXT PRIMARY KEY NOT NULL,
        start_block INTEGER NOT NULL,
        synced_to   INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE chain_cache_blocks (
        scope  TEXT NOT NULL,
        number INTEGER NOT NULL,
        hash   TEXT NOT NULL CHECK (length(hash) = 66),
        PRIMARY KEY (scope, number)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE chain_cache_events (
        scope        TEXT NOT NULL,
        block_number INTEGER NOT NULL,
        log_index    INTEGER NOT NULL,
        tx_hash      TEXT NOT NULL,
        contract     TEXT NOT NULL,
        name         TEXT NOT NULL,
        args         TEXT NOT NULL CHECK (json_valid(args)),
        PRIMARY KEY (scope, block_number, log_index)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX chain_cache_events_name ON chain_cache_events (scope, name);
    `);
  },
};
