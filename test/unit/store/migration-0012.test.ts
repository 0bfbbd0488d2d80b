import { describe, expect, it } from 'vitest';
import { migrate, openDatabase, schemaVersion } from '../../../src-main/store/database.js';
import { MIGRATIONS } from '../../../src-main/store/migrations/index.js';
import { NetworksRepo } from '../../../src-main/store/networks-repo.js';

describe('0012 joined devnet', () => {
  it('marks networks added before it as not joined devnets, and keeps them', () => {
    const db = openDatabase(':memory:', { migrate: false });
    migrate(db, MIGRATIONS, 11);
    db.prepare(
      `INSERT INTO networks (name, chain_id, rpc_url, contracts, active, added_at)
       VALUES ('old', 31337, 'http://127.0.0.1:8545', NULL, 1, '2026-12-07T00:00:00.000Z')`,
    ).run();
    migrate(db, MIGRATIONS, 12);
    expect(schemaVersion(db)).toBe(12);
    expect(new NetworksRepo(db).get('old')).toMatchObject({ chainId: 31337, active: true, devnet: false });
    db.close();
  });

  it('keeps the devnet mark for chain id 31337 only', () => {
    const db = openDatabase(':memory:');
    const repo = new NetworksRepo(db);
    const row = { rpcUrl: 'http://127.0.0.1:8545', contracts: null, devnet: true };
    expect(repo.insert({ name: 'joined', chainId: 31337, ...row })).toBe(true);
    expect(repo.get('joined')?.devnet).toBe(true);
    expect(() => repo.insert({ name: 'liar', chainId: 1, ...row })).toThrow(/CHECK/);
    expect(repo.insert({ name: 'plain', chainId: 1, ...row, devnet: false })).toBe(true);
    expect(repo.get('plain')?.devnet).toBe(false);
    db.close();
  });
});
