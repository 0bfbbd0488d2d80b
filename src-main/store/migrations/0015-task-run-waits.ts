import type { Migration } from '../migration.js';

/**
 * A run can wait for the user's answer to an approval its action was held for (issue 13): status
 * 'waiting-approval' while it waits, then 'rejected' or 'expired' when the answer is no (or none came).
 * SQLite cannot widen a CHECK in place, so `task_runs` is rebuilt with its rows and indexes as they were.
 */
export const m0015TaskRunWaits: Migration = {
  version: 15,
  name: 'task run waits',
  up(db) {
    db.exec(`
      CREATE TABLE task_runs_new (
        id         TEXT PRIMARY KEY,
        task_id    TEXT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
        due        INTEGER NOT NULL,
        not_before INTEGER NOT NULL,
        started    INTEGER,
        ended      INTEGER,
        status     TEXT NOT NULL CHECK (status IN
                   ('queued', 'running', 'succeeded', 'failed', 'cut-short', 'skipped', 'timed-out',
                    'waiting-approval', 'rejected', 'expired')),
        attempt    INTEGER NOT NULL CHECK (attempt >= 1),
        error      TEXT,
        log        BLOB,
        tokens     INTEGER NOT NULL DEFAULT 0,
        spent      TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(spent))
      ) STRICT;
      INSERT INTO task_runs_new SELECT id, task_id, due, not_before, started, ended, status, attempt, error,
        log, tokens, spent FROM task_runs;
      DROP TABLE task_runs;
      ALTER TABLE task_runs_new RENAME TO task_runs;
      CREATE INDEX task_runs_task ON task_runs (task_id, due, attempt);
      CREATE INDEX task_runs_open ON task_runs (status, not_before)
        WHERE status IN ('queued', 'running', 'waiting-approval');
    `);
  },
};
