import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BoughtLicences } from '../../../src-main/market/use/bought-licences.js';
import { type Db, openDatabase } from '../../../src-main/store/database.js';
import { type LicenseRow, MarketTradesRepo } from '../../../src-main/store/market-trades-repo.js';
import { licenceRow } from '../../support/market-rows.js';
import { tempDir } from '../../support/tmp.js';

const T = '2026-12-07T00:00:00.000Z';
const ENDS = '2026-12-08T12:00:00.000Z';
let n = 0;
/** A received licence with its own ids and key. */
const licence = (over: Partial<LicenseRow>): LicenseRow => {
  n += 1;
  const ids = { id: `l${n}`, licenseId: String(n), pubKey: `0x${n.toString(16).padStart(64, '0')}` };
  return licenceRow({ ...ids, buyTx: '0x1', deliveryDeadline: T, state: 'received', ...over });
};

let db: Db | undefined;
afterEach(() => db?.close());

function licencesAt(now: number, rows: Partial<LicenseRow>[]): BoughtLicences {
  db = openDatabase(join(tempDir(), 'sahel.db'));
  const repo = new MarketTradesRepo(db);
  for (const r of rows) repo.insertLicense(licence(r));
  return new BoughtLicences(repo, () => now);
}

describe('the licence a bought vault item is used under', () => {
  it('knows nothing of the user’s own items, and a perpetual licence never ends', () => {
    const l = licencesAt(Date.parse('2099-01-01T00:00:00Z'), [{ itemId: 'bought' }]);
    expect(l.of('mine')).toBeNull();
    expect(l.of('bought')).toEqual({ licenseId: expect.any(String), expiresAt: null, expired: false });
  });

  it('a time-limited licence ends at its expiry by the clock, not a millisecond before', () => {
    const end = Date.parse(ENDS);
    for (const [now, expired] of [
      [end - 1, false],
      [end, true],
      [end + 86_400_000, true],
    ] as const) {
      const l = licencesAt(now, [{ itemId: 'data', expiresAt: ENDS }]);
      expect(l.of('data'), new Date(now).toISOString()).toMatchObject({ expiresAt: ENDS, expired });
      db?.close();
      db = undefined;
    }
  });

  it('only a received licence speaks for an item; an expiry it cannot read counts as ended', () => {
    const l = licencesAt(Date.parse(T), [
      { itemId: 'refunded', state: 'refunded', expiresAt: ENDS },
      { itemId: 'garbled', expiresAt: 'not a date' },
    ]);
    expect(l.of('refunded')).toBeNull();
    expect(l.of('garbled')).toMatchObject({ expired: true });
  });

  it('lists the items whose licence has ended, by the same rule as one item', () => {
    const l = licencesAt(Date.parse(ENDS), [
      { itemId: 'ended', expiresAt: ENDS },
      { itemId: 'later', expiresAt: '2026-12-09T00:00:00.000Z' },
      { itemId: 'forever' },
      { itemId: 'refunded', state: 'refunded', expiresAt: T },
      { itemId: 'garbled', expiresAt: 'not a date' },
    ]);
    expect(l.expired()).toEqual(
      new Map([
        ['ended', ENDS],
        ['garbled', 'not a date'],
      ]),
    );
  });

  it('tells when each licence ends, re-armed for licences received after it started', async () => {
    const soon = (ms: number) => new Date(Date.now() + ms).toISOString();
    const l = licencesAt(Date.now(), []);
    const repo = new MarketTradesRepo(db!);
    const live = new BoughtLicences(repo);
    const ends: number[] = [];
    const watch = live.watch(() => ends.push(Date.now()));
    try {
      repo.insertLicense(licence({ itemId: 'a', expiresAt: soon(150) }));
      repo.insertLicense(licence({ itemId: 'b', expiresAt: soon(300) }));
      repo.insertLicense(licence({ itemId: 'forever' }));
      watch.rearm();
      await expect.poll(() => ends.length, { timeout: 10_000 }).toBe(2);
      expect(live.of('a')).toMatchObject({ expired: true });
      expect(live.of('b')).toMatchObject({ expired: true });
      expect(live.of('forever')).toMatchObject({ expired: false });
      expect(l.of('a')).toMatchObject({ expired: false }); // a clock before the end: not ended
    } finally {
      watch.stop();
    }
  });
});
