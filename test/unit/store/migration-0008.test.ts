import { describe, expect, it } from 'vitest';
import { BalancesRepo } from '../../../src-main/store/balances-repo.js';
import { migrate, openDatabase, schemaVersion } from '../../../src-main/store/database.js';
import { MIGRATIONS } from '../../../src-main/store/migrations/index.js';

const A = `0x${'a'.repeat(40)}`;
const B = `0x${'b'.repeat(40)}`;
const account = (address: string, native: string) => ({ address, native, tokens: [] });

describe('0008 balances', () => {
  it('adds the balances table after 0007, keeping earlier data', () => {
    const db = openDatabase(':memory:', { migrate: false });
    migrate(db, MIGRATIONS, 7);
    db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run('theme', '"dark"');
    migrate(db, MIGRATIONS, 8);
    expect(schemaVersion(db)).toBe(8);
    expect(db.prepare('SELECT value FROM settings').get()).toEqual({ value: '"dark"' });
    expect(() => db.prepare("INSERT INTO balances VALUES ('s', 'a', 'not json', 1, 'now')").run()).toThrow();
    expect(() => db.prepare("INSERT INTO balances VALUES ('s', 'a', '{}', -1, 'now')").run()).toThrow();
    db.close();
  });

  it('keeps the last reading per network and address; a missing or unreadable one is no reading', () => {
    const db = openDatabase(':memory:');
    const repo = new BalancesRepo(db);
    repo.save('31337:devnet', [account(A, '1'), account(B, '2')], 10, '2026-11-26T00:00:00.000Z');
    repo.save('31337:devnet', [account(A, '5')], 12, '2026-11-26T00:01:00.000Z');
    expect(repo.load('31337:devnet', [A.toUpperCase().replace('0X', '0x'), B])).toEqual({
      accounts: [account(A, '5'), account(B, '2')],
      block: 10,
      at: '2026-11-26T00:00:00.000Z',
    });
    expect(repo.load('1:mainnet', [A])).toBeUndefined();
    expect(repo.load('31337:devnet', [A, `0x${'c'.repeat(40)}`])).toBeUndefined();
    db.prepare('UPDATE balances SET json = \'{"address":1}\' WHERE address = ?').run(B);
    expect(repo.load('31337:devnet', [B])).toBeUndefined();
    db.close();
  });
});
