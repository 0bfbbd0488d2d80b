import type { LicenseRow } from '../../src-main/store/market-trades-repo.js';

export const ROW_TIME = '2026-12-07T00:00:00.000Z';

/** A licence row as a buy inserts it (state `buying`), for repository tests. */
export const licenceRow = (over: Partial<LicenseRow> = {}): LicenseRow => ({
  id: 'l1',
  chainId: 31337,
  market: '0xM',
  licenseId: null,
  offerId: '1',
  assetId: '2',
  buyer: '0xB',
  seller: '0xS',
  token: '0xT',
  price: '25',
  pubKey: `0x${'a'.repeat(64)}`,
  sealedSecret: Buffer.from([1, 2, 3]),
  buyTx: null,
  deliveryDeadline: null,
  expiresAt: null,
  state: 'buying',
  reason: null,
  itemId: null,
  createdAt: ROW_TIME,
  updatedAt: ROW_TIME,
  ...over,
});
