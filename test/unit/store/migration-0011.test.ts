import { describe, expect, it } from 'vitest';
import { migrate, openDatabase, schemaVersion } from '../../../src-main/store/database.js';
import { MarketTradesRepo } from '../../../src-main/store/market-trades-repo.js';
import { MIGRATIONS } from '../../../src-main/store/migrations/index.js';
import { licenceRow, ROW_TIME } from '../../support/market-rows.js';

const T = ROW_TIME;
const licence = licenceRow;

describe('0011 market licences and deliveries', () => {
  it('adds both tables after 0010, keeping earlier data', () => {
    const db = openDatabase(':memory:', { migrate: false });
    migrate(db, MIGRATIONS, 10);
    db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run('theme', '"dark"');
    migrate(db, MIGRATIONS, 11);
    expect(schemaVersion(db)).toBe(11);
    expect(db.prepare('SELECT value FROM settings').get()).toEqual({ value: '"dark"' });
  });

  it('keeps one licence per key, moves a buy to escrowed once, and refuses malformed rows', () => {
    const repo = new MarketTradesRepo(openDatabase(':memory:'));
    expect(() => repo.insertLicense(licence({ pubKey: '0xab' }))).toThrow(/CHECK/);
    expect(() => repo.insertLicense(licence({ licenseId: '0' }))).toThrow(/CHECK/);
    repo.insertLicense(licence());
    expect(() => repo.insertLicense(licence({ id: 'l2' }))).toThrow(/UNIQUE/);
    expect(repo.hasOpenLicences()).toBe(true);
    const bought = { licenseId: '7', buyTx: '0xtx', deliveryDeadline: T, expiresAt: null, now: T };
    repo.markBought('l1', bought);
    repo.markBought('l1', { ...bought, licenseId: '8' }); // only a buy still 'buying' moves
    expect(repo.licenseByChainId(31337, '0xM', '7')).toMatchObject({ state: 'escrowed', licenseId: '7' });
    repo.removeLicense('l1'); // an escrowed licence is never forgotten
    expect(repo.license('l1')?.sealedSecret).toEqual(Buffer.from([1, 2, 3]));
    repo.setLicenseState('l1', 'received', { itemId: 'item', now: T });
    expect(repo.hasOpenLicences()).toBe(false);
  });

  it('claims a delivery once: a second claim of the same licence is refused', () => {
    const repo = new MarketTradesRepo(openDatabase(':memory:'));
    const claim = {
      chainId: 31337,
      market: '0xM',
      licenseId: '7',
      assetId: '2',
      buyer: '0xB',
      state: 'pending' as const,
      createdAt: T,
    };
    expect(repo.claimDelivery(claim)).toBe(true);
    expect(repo.claimDelivery(claim)).toBe(false);
    repo.setDelivery(31337, '0xM', '7', 'sent', { txHash: '0xh', now: T });
    repo.setDelivery(31337, '0xM', '7', 'delivered', { now: T });
    expect(repo.deliveries(31337, '0xM')).toMatchObject([
      { licenseId: '7', state: 'delivered', txHash: '0xh' },
    ]);
  });
});
