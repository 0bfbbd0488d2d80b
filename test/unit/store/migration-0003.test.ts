import { describe, expect, it } from 'vitest';
import { migrate, openDatabase, schemaVersion } from '../../../src-main/store/database.js';
import { MIGRATIONS } from '../../../src-main/store/migrations/index.js';

const ADDR_A = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
const ADDR_B = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';

describe('0003 wallet', () => {
  it('adds the wallet tables after 0002, keeping vault items', () => {
    const db = openDatabase(':memory:', { migrate: false });
    migrate(db, MIGRATIONS, 2);
    db.prepare('INSERT INTO vault_items (id, seq, blob, meta) VALUES (?, ?, ?, ?)').run(
      'a',
      1,
      null,
      Buffer.from([1]),
    );
    migrate(db, MIGRATIONS, 3);
    expect(schemaVersion(db)).toBe(3);
    expect(db.prepare('SELECT id FROM vault_items').all()).toEqual([{ id: 'a' }]);
    const secret = db.prepare(
      'INSERT INTO wallet_secrets (id, kind, sealed, backup_confirmed, created) VALUES (?, ?, ?, ?, ?)',
    );
    const account = db.prepare(
      'INSERT INTO wallet_accounts (address, seq, secret_id, hd_index, name, created) VALUES (?, ?, ?, ?, ?, ?)',
    );
    secret.run('s1', 'mnemonic', Buffer.from([1]), 0, 'now');
    // One recovery phrase only; any number of imported keys.
    expect(() => secret.run('s2', 'mnemonic', Buffer.from([2]), 0, 'now')).toThrow(/UNIQUE/);
    secret.run('k1', 'key', Buffer.from([3]), 1, 'now');
    secret.run('k2', 'key', Buffer.from([4]), 1, 'now');
    expect(() => secret.run('x', 'other', Buffer.from([5]), 0, 'now')).toThrow(/CHECK/);
    expect(() => secret.run('y', 'key', 'plain text', 0, 'now')).toThrow();
    expect(() => secret.run('z', 'key', Buffer.from([6]), 2, 'now')).toThrow(/CHECK/);

    account.run(ADDR_A, 1, 's1', 0, Buffer.from([7]), 'now');
    expect(() => account.run(ADDR_B, 2, 's1', 0, Buffer.from([8]), 'now')).toThrow(/UNIQUE/);
    expect(() => account.run(ADDR_B, 2, 'missing', null, Buffer.from([8]), 'now')).toThrow(/FOREIGN KEY/);
    expect(() => account.run('0x1234', 2, 'k1', null, Buffer.from([8]), 'now')).toThrow(/CHECK/);
    expect(() => account.run(ADDR_B, 2, 'k1', -1, Buffer.from([8]), 'now')).toThrow(/CHECK/);
    account.run(ADDR_B, 2, 'k1', null, Buffer.from([8]), 'now');
    expect(() => db.prepare('DELETE FROM wallet_secrets WHERE id = ?').run('k1')).toThrow(/FOREIGN KEY/);
    db.close();
  });
});
