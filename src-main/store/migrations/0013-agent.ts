import type { Migration } from '../migration.js';

/**
 * The agent's gate (src-main/agent): its policy, its audit log and its spend ledger.
 *
 * `agent_policy`: one row, the user's PolicySettings as JSON (validated with zod on every load; a
 * damaged row falls back to the safe default, so the table only checks that it is JSON).
 *
 * `agent_audit`: append-only and hash-chained. `seq` is AUTOINCREMENT so that sqlite_sequence keeps the
 * last seq ever written: removing the newest entries still shows. `body` is the entry sealed by the
 * vault's record key, bound to `id` (arguments and results can be private); `hash` = sha256(prev_hash ‖
 * canonical JSON of the body). The code never updates or deletes a row of it.
 *
 * `agent_spend`: what the agent moved without asking (one row per outflow its guard let through), so
 * the rolling 24-hour limit and a task's budget survive a restart. Amounts in base units; `token` is a
 * lower-case address or 'native'. Old rows stay (they are small): the window is a query, not a purge.
 */
export const m0013Agent: Migration = {
  version: 13,
  name: 'agent',
  up(db) {
    db.exec(`
      CREATE TABLE agent_policy (
        id    INTEGER PRIMARY KEY CHECK (id = 1),
        value TEXT NOT NULL CHECK (json_valid(value))
      ) STRICT;

      CREATE TABLE agent_audit (
        seq       INTEGER PRIMARY KEY AUTOINCREMENT,
        id        TEXT NOT NULL UNIQUE,
        body      BLOB NOT NULL,
        hash      TEXT NOT NULL CHECK (length(hash) = 64),
        prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64)
      ) STRICT;

      CREATE TABLE agent_spend (
        at      INTEGER NOT NULL,
        token   TEXT NOT NULL,
        amount  TEXT NOT NULL CHECK (amount GLOB '[0-9]*'),
        task_id TEXT
      ) STRICT;
      CREATE INDEX agent_spend_at ON agent_spend (token, at);
      CREATE INDEX agent_spend_task ON agent_spend (task_id, token) WHERE task_id IS NOT NULL;
    `);
  },
};
