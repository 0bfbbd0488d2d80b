import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DatabaseTooNewError,
  migrate,
  openDatabase,
  schemaVersion,
} from '../../../src-main/store/database.js';
import type { Migration } from '../../../src-main/store/migration.js';
import { MIGRATIONS } from '../../../src-main/store/migrations/index.js';
import { tempDir } from '../../support/tmp.js';

describe('database and migrations', () => {
  it('creates a new database at the latest version, in WAL mode', () => {
    const file = join(tempDir(), 'sahel.db');
    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    const again = openDatabase(file);
    expect(schemaVersion(again)).toBe(MIGRATIONS.length);
    again.close();
  });

  it('0001 creates the settings table, which refuses non-JSON values', () => {
    const db = openDatabase(join(tempDir(), 'sahel.db'), { migrate: false });
    migrate(db, MIGRATIONS, 1);
    expect(schemaVersion(db)).toBe(1);
    db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run('theme', '"dark"');
    expect(() =>
      db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run('bad', 'not json'),
    ).toThrow();
    db.close();
  });

  it('refuses a database newer than the app, without touching it', () => {
    const file = join(tempDir(), 'sahel.db');
    const db = openDatabase(file);
    db.pragma(`user_version = ${MIGRATIONS.length + 5}`);
    db.close();
    expect(() => openDatabase(file)).toThrow(DatabaseTooNewError);
    const raw = openDatabase(file, { migrate: false });
    expect(schemaVersion(raw)).toBe(MIGRATIONS.length + 5);
    raw.close();
  });

  it('rolls a failing migration back entirely, keeping the previous version', () => {
    const file = join(tempDir(), 'sahel.db');
    const failing: Migration = {
      version: MIGRATIONS.length + 1,
      name: 'half-done',
      up(db) {
        db.exec('CREATE TABLE half (x INTEGER)');
        throw new Error('power cut');
      },
    };
    expect(() => openDatabase(file, { migrations: [...MIGRATIONS, failing] })).toThrow('power cut');
    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
    db.close();
  });

  it('refuses a migration list with gaps', () => {
    const gap: Migration = { version: MIGRATIONS.length + 2, name: 'gap', up() {} };
    expect(() => openDatabase(':memory:', { migrations: [...MIGRATIONS, gap] })).toThrow(/expected/);
  });
});

describe('0002 vault items', () => {
  it('adds vault_items after 0001, keeping settings, with unique blob names', () => {
    const db = openDatabase(':memory:', { migrate: false });
    migrate(db, MIGRATIONS, 1);
    db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run('theme', '"dark"');
    migrate(db, MIGRATIONS, 2);
    expect(schemaVersion(db)).toBe(2);
    expect(db.prepare('SELECT value FROM settings').get()).toEqual({ value: '"dark"' });
    const insert = db.prepare('INSERT INTO vault_items (id, seq, blob, meta) VALUES (?, ?, ?, ?)');
    insert.run('a', 1, 'x.age', Buffer.from([1]));
    insert.run('b', 2, null, Buffer.from([2]));
    insert.run('c', 3, null, Buffer.from([3]));
    expect(() => insert.run('d', 4, 'x.age', Buffer.from([4]))).toThrow(/UNIQUE/);
    expect(() => insert.run('e', 5, 'y.age', 'not a blob')).toThrow();
    db.close();
  });
});
