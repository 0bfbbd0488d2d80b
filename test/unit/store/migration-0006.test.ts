import { describe, expect, it } from 'vitest';
import { migrate, openDatabase, schemaVersion } from '../../../src-main/store/database.js';
import { MIGRATIONS } from '../../../src-main/store/migrations/index.js';
import { ModelsRepo } from '../../../src-main/store/models-repo.js';

const row = (id: string, path: string) => ({
  id,
  name: id,
  source: 'catalog' as const,
  catalogId: id,
  url: 'https://example.invalid/m.gguf',
  path,
  owned: true,
  state: 'downloading' as const,
  bytes: 0,
  sizeBytes: 100,
  sha256: null,
  error: null,
  architecture: null,
  contextLength: null,
});

describe('0006 models', () => {
  it('adds the models table after 0005, keeping earlier data', () => {
    const db = openDatabase(':memory:', { migrate: false });
    migrate(db, MIGRATIONS, 5);
    db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run('theme', '"dark"');
    migrate(db, MIGRATIONS, 6);
    expect(schemaVersion(db)).toBe(6);
    expect(db.prepare('SELECT value FROM settings').get()).toEqual({ value: '"dark"' });
    const repo = new ModelsRepo(db);
    repo.insert(row('a', '/m/a.gguf'));
    expect(repo.get('a')).toMatchObject({ id: 'a', owned: true, state: 'downloading', sizeBytes: 100 });
    db.close();
  });

  it('refuses duplicate ids and paths, unknown states and bad hashes', () => {
    const db = openDatabase(':memory:');
    const repo = new ModelsRepo(db);
    repo.insert(row('a', '/m/a.gguf'));
    expect(() => repo.insert(row('a', '/m/b.gguf'))).toThrow(/UNIQUE/);
    expect(() => repo.insert(row('b', '/m/a.gguf'))).toThrow(/UNIQUE/);
    expect(() => repo.update('a', { state: 'loaded' as never })).toThrow(/CHECK/);
    expect(() => repo.update('a', { sha256: 'abc' })).toThrow(/CHECK/);
    expect(() => repo.update('a', { bytes: -1 })).toThrow(/CHECK/);
    expect(repo.get('a')?.state).toBe('downloading');
    db.close();
  });

  it('updates only the given columns and removes rows', () => {
    const db = openDatabase(':memory:');
    const repo = new ModelsRepo(db);
    repo.insert(row('a', '/m/a.gguf'));
    const sha = 'ab'.repeat(32);
    const after = repo.update('a', { state: 'ready', bytes: 100, sha256: sha });
    expect(after).toMatchObject({ state: 'ready', bytes: 100, sha256: sha, sizeBytes: 100, name: 'a' });
    expect(repo.byPath('/m/a.gguf')?.id).toBe('a');
    expect(repo.remove('a')).toBe(true);
    expect(repo.remove('a')).toBe(false);
    expect(repo.list()).toEqual([]);
    db.close();
  });
});
