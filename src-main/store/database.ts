import { chmodSync, existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Migration } from './migration.js';
import { MIGRATIONS } from './migrations/index.js';

export type Db = Database.Database;

export class DatabaseTooNewError extends Error {
  override readonly name = 'DatabaseTooNewError';
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `The database is at schema version ${found}, but this Sahel understands up to ${supported}. ` +
        'It was written by a newer Sahel; update the app rather than risk the data.',
    );
  }
}

/** sahel.db is not a SQLite database any more (overwritten, truncated, damaged on disk). */
export class DatabaseDamagedError extends Error {
  override readonly name = 'DatabaseDamagedError';
  constructor(readonly file: string) {
    super(
      `The database ${file} is damaged or is not a Sahel database: restore it from a backup of the data ` +
        'dir (it holds the vault items, chat and wallet records; Sahel left it as it is)',
    );
  }
}

export interface OpenOptions {
  migrations?: readonly Migration[];
  /** Open an existing database without migrating it (used by tests of older schemas). */
  migrate?: boolean;
}

/**
 * Opens (creating if needed) the SQLite database in WAL mode with full fsync, then brings the schema
 * up to date: each pending migration runs with its version bump in one transaction, so an interrupted
 * upgrade leaves the previous version intact. A database newer than the app is refused, never migrated.
 */
export function openDatabase(file: string, opts: OpenOptions = {}): Db {
  const migrations = opts.migrations ?? MIGRATIONS;
  const isNew = file !== ':memory:' && !existsSync(file);
  const db = new Database(file);
  try {
    if (isNew) chmodSync(file, 0o600);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    if (opts.migrate !== false) migrate(db, migrations);
    return db;
  } catch (err) {
    db.close();
    const code = (err as { code?: unknown }).code;
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') throw new DatabaseDamagedError(file);
    throw err;
  }
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS, target?: number): void {
  checkSequence(migrations);
  const latest = migrations.length;
  const current = schemaVersion(db);
  if (current > latest) throw new DatabaseTooNewError(current, latest);
  const goal = target ?? latest;
  for (const m of migrations) {
    if (m.version <= current || m.version > goal) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}

function checkSequence(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`Migration ${m.name} has version ${m.version}, expected ${i + 1}`);
  });
}
