import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src-main/store/database.js';
import { MarketTradesRepo } from '../../../src-main/store/market-trades-repo.js';
import { licenceRow } from '../../support/market-rows.js';

const at = (s: number) => `2026-12-07T00:00:${String(s).padStart(2, '0')}.000Z`;

describe('what is in flight on a market (the status bar’s deliveries)', () => {
  it('counts licences awaiting their asset and sales awaiting delivery, on that market only; the stamp follows every change', () => {
    const repo = new MarketTradesRepo(openDatabase(':memory:'));
    const empty = repo.activity(31337, '0xM');
    expect(empty).toMatchObject({ incoming: 0, outgoing: 0 });
    repo.insertLicense(licenceRow({ createdAt: at(1), updatedAt: at(1) }));
    const claim = { chainId: 31337, market: '0xM', assetId: '9', buyer: '0xC', state: 'pending' as const };
    repo.claimDelivery({ ...claim, licenseId: '4', createdAt: at(1) });
    repo.claimDelivery({ ...claim, licenseId: '5', createdAt: at(1) });
    repo.claimDelivery({ ...claim, market: '0xOther', licenseId: '6', createdAt: at(1) });
    const busy = repo.activity(31337, '0xM');
    expect(busy).toMatchObject({ incoming: 1, outgoing: 2 });
    expect(busy.stamp).not.toBe(empty.stamp);

    repo.markBought('l1', {
      licenseId: '7',
      buyTx: '0xtx',
      deliveryDeadline: '9',
      expiresAt: null,
      now: at(2),
    });
    const escrowed = repo.activity(31337, '0xM');
    expect(escrowed).toMatchObject({ incoming: 1, outgoing: 2 });
    expect(escrowed.stamp).not.toBe(busy.stamp);

    // Two changes within the same instant still change the stamp: the counts are part of it.
    repo.setDelivery(31337, '0xM', '4', 'delivered', { now: at(2) });
    repo.setLicenseState('l1', 'received', { itemId: 'i1', now: at(2) });
    const settled = repo.activity(31337, '0xM');
    expect(settled).toMatchObject({ incoming: 0, outgoing: 1 });
    expect(settled.stamp).not.toBe(escrowed.stamp);
    expect(repo.activity(31337, '0xM').stamp).toBe(settled.stamp);
  });
});
