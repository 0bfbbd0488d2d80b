import { describe, expect, it } from 'vitest';
import { migrate, openDatabase, schemaVersion } from '../../../src-main/store/database.js';
import { MIGRATIONS } from '../../../src-main/store/migrations/index.js';
import { NetworksRepo } from '../../../src-main/store/networks-repo.js';

const CONTRACTS = {
  paymentToken: `0x${'1'.repeat(40)}`,
  assetRegistry: `0x${'2'.repeat(40)}`,
  marketplace: `0x${'3'.repeat(40)}`,
};

function at4() {
  const db = openDatabase(':memory:', { migrate: false });
  migrate(db, MIGRATIONS, 3);
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run('theme', '"dark"');
  migrate(db, MIGRATIONS, 4);
  return db;
}

describe('0004 networks', () => {
  it('adds the networks table after 0003, keeping earlier data', () => {
    const db = at4();
    expect(schemaVersion(db)).toBe(4);
    expect(db.prepare('SELECT value FROM settings').get()).toEqual({ value: '"dark"' });
    expect(new NetworksRepo(db).list()).toEqual([]);
    db.close();
  });

  it('allows at most one active network, names unique regardless of case, valid JSON contracts only', () => {
    const db = at4();
    const insert = db.prepare(
      "INSERT INTO networks (name, chain_id, rpc_url, contracts, active, added_at) VALUES (?, ?, ?, ?, ?, 'now')",
    );
    insert.run('a', 1, 'http://a', null, 1);
    expect(() => insert.run('b', 1, 'http://b', null, 1)).toThrow(/UNIQUE/);
    expect(() => insert.run('A', 1, 'http://a2', null, 0)).toThrow(/UNIQUE/);
    expect(() => insert.run('c', 1, 'http://c', 'not json', 0)).toThrow();
    expect(() => insert.run('d', 0, 'http://d', null, 0)).toThrow(/CHECK/);
    db.close();
  });

  it('the repo switches the active network atomically and reads bad contracts JSON as none', () => {
    // The repo follows the latest schema (0012 added a column), so it runs on a fully migrated file.
    const db = openDatabase(':memory:');
    const repo = new NetworksRepo(db);
    expect(
      repo.insert({ name: 'sahara', chainId: 313313, rpcUrl: 'https://rpc.example/', contracts: null }),
    ).toBe(true);
    expect(repo.insert({ name: 'Sahara', chainId: 1, rpcUrl: 'https://x/', contracts: null })).toBe(false);
    expect(
      repo.insert({ name: 'local', chainId: 31337, rpcUrl: 'http://127.0.0.1:8545/', contracts: CONTRACTS }),
    ).toBe(true);
    expect(repo.active()).toBeUndefined();
    expect(repo.setActive('sahara')).toBe(true);
    expect(repo.setActive('local')).toBe(true);
    expect(
      repo
        .list()
        .filter((r) => r.active)
        .map((r) => r.name),
    ).toEqual(['local']);
    expect(repo.setActive('nope')).toBe(false);
    expect(repo.active()?.name).toBe('local');
    expect(repo.get('local')?.contracts).toEqual(CONTRACTS);
    db.prepare("UPDATE networks SET contracts = '{\"paymentToken\":1}' WHERE name = 'local'").run();
    expect(repo.get('local')?.contracts).toBeNull();
    expect(repo.setActive(null)).toBe(true);
    expect(repo.active()).toBeUndefined();
    expect(repo.remove('local')).toBe(true);
    expect(repo.remove('local')).toBe(false);
    db.close();
  });
});
