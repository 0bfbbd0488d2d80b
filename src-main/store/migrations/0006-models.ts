import type { Migration } from '../migration.js';

/**
 * Models this machine has or is downloading. A download's row is written before its first byte, so
 * a restart finds it and resumes from `<path>.part`; `state` is only 'ready' once the file's size and
 * sha256 checked out. `owned` files are Sahel's (downloads) and go when the model is removed; an
 * imported file is referenced where the user keeps it and is never deleted. Model names and sources
 * are not secret (the vault holds what is).
 */
export const m0006Models: Migration = {
  version: 6,
  name: 'models',
  up(db) {
    db.exec(`
      CREATE TABLE models (
        id           TEXT PRIMARY KEY NOT NULL,
        name         TEXT NOT NULL,
        source       TEXT NOT NULL CHECK (source IN ('catalog', 'url', 'import')),
        catalog_id   TEXT,
        url          TEXT,
        path         TEXT NOT NULL UNIQUE,
        owned        INTEGER NOT NULL CHECK (owned IN (0, 1)),
        state        TEXT NOT NULL CHECK (state IN ('downloading', 'paused', 'failed', 'ready')),
        bytes        INTEGER NOT NULL DEFAULT 0 CHECK (bytes >= 0),
        size_bytes   INTEGER CHECK (size_bytes >= 0),
        sha256       TEXT CHECK (sha256 IS NULL OR length(sha256) = 64),
        error        TEXT,
        architecture TEXT,
        context_length INTEGER,
        created      TEXT NOT NULL,
        updated      TEXT NOT NULL
      ) STRICT;
    `);
  },
};
