import type { Migration } from '../migration.js';

/**
 * Delegated background tasks (src-main/tasks).
 *
 * `tasks`: one row per task. `trigger`, `scope` are JSON the tasks layer validates with zod on every
 * read. `settings` is the kind's settings (an agent prompt is the user's words) sealed by the vault's
 * record key, bound to the task's id; `name` is a short label shown while the vault is locked (the
 * list, the tray), so it stays plain. `next_due` (ms) is null when nothing is scheduled: a one-off
 * that came due, or an event trigger (events queue its runs). Paused tasks keep their `next_due`.
 *
 * `task_runs`: one row per attempt; a retry is a new row with the same `due` (the slot it is for) and
 * `attempt` + 1, queued until `not_before`. `log` is the run's steps, sealed (tool results can be
 * private), bound to the run's id; `error` is the app's own sentence, never a model's text.
 * `spent`: JSON {token: base units}.
 *
 * `task_actions`: the idempotency keys of what moves value. A runner stores the key (committed)
 * before it sends; a later attempt that finds the key does not send again. `result` is set once sent.
 */
export const m0014Tasks: Migration = {
  version: 14,
  name: 'tasks',
  up(db) {
    db.exec(`
      CREATE TABLE tasks (
        id       TEXT PRIMARY KEY,
        kind     TEXT NOT NULL
                 CHECK (kind IN ('agent-prompt', 'market-watch', 'notify', 'delivery', 'receipt')),
        name     TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        trigger  TEXT NOT NULL CHECK (json_valid(trigger)),
        missed   TEXT NOT NULL CHECK (missed IN ('run-once', 'skip')),
        scope    TEXT NOT NULL CHECK (json_valid(scope)),
        settings BLOB NOT NULL,
        state    TEXT NOT NULL CHECK (state IN ('active', 'paused')),
        created  INTEGER NOT NULL,
        next_due INTEGER,
        last_run TEXT
      ) STRICT;
      CREATE INDEX tasks_due ON tasks (next_due) WHERE state = 'active' AND next_due IS NOT NULL;

      CREATE TABLE task_runs (
        id         TEXT PRIMARY KEY,
        task_id    TEXT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
        due        INTEGER NOT NULL,
        not_before INTEGER NOT NULL,
        started    INTEGER,
        ended      INTEGER,
        status     TEXT NOT NULL CHECK (status IN
                   ('queued', 'running', 'succeeded', 'failed', 'cut-short', 'skipped', 'timed-out')),
        attempt    INTEGER NOT NULL CHECK (attempt >= 1),
        error      TEXT,
        log        BLOB,
        tokens     INTEGER NOT NULL DEFAULT 0,
        spent      TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(spent))
      ) STRICT;
      CREATE INDEX task_runs_task ON task_runs (task_id, due, attempt);
      CREATE INDEX task_runs_open ON task_runs (status, not_before) WHERE status IN ('queued', 'running');

      CREATE TABLE task_actions (
        key     TEXT PRIMARY KEY,
        task_id TEXT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
        run_id  TEXT NOT NULL,
        at      INTEGER NOT NULL,
        result  TEXT
      ) STRICT;
    `);
  },
};
