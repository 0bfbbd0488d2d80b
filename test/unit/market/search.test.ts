import { describe, expect, it } from 'vitest';
import { searchListings } from '../../../src-main/market/search.js';
import type { MarketListing } from '../../../src-shared/domain/market.js';

const TOKEN = `0x${'11'.repeat(20)}`;
const OTHER = `0x${'22'.repeat(20)}`;
const SELLER = `0x${'aa'.repeat(20)}`;
const E18 = 10n ** 18n;

function listing(
  id: number,
  o: Partial<Omit<MarketListing, 'terms'>> & { price?: bigint; terms?: Partial<MarketListing['terms']> } = {},
): MarketListing {
  const { price, terms, ...rest } = o;
  return {
    offerId: String(id),
    assetId: String(id),
    seller: SELLER,
    kind: 'dataset',
    title: `Asset ${id}`,
    summary: '',
    tags: [],
    sold: 0,
    expiresAt: '0',
    live: true,
    metadata: { state: 'ok' },
    ...rest,
    terms: {
      token: TOKEN,
      symbol: 'SAHEL',
      decimals: 18,
      price: String(price ?? E18),
      commercialUse: true,
      derivativesAllowed: true,
      duration: '0',
      maxLicenses: 0,
      ...terms,
    },
  };
}

const ALL = [
  listing(1, { title: 'Rainfall Sahel', tags: ['weather'], price: 25n * E18, sold: 3 }),
  listing(2, {
    kind: 'model',
    title: 'Yield model',
    summary: 'trained on rainfall',
    price: 40n * E18,
    sold: 1,
  }),
  listing(3, {
    kind: 'adapter',
    title: 'Ｗｏｌｏｆ LoRA',
    price: 15n * E18,
    terms: { commercialUse: false },
  }),
  listing(4, {
    kind: 'prompt',
    title: 'Grant prompt',
    price: 5n * E18,
    seller: `0x${'bb'.repeat(20)}`,
    terms: { duration: '86400' },
  }),
  listing(5, { title: 'Cheap in another token', price: 1n, terms: { token: OTHER, decimals: 6 } }),
];
const ids = (q: Partial<Parameters<typeof searchListings>[1]>) =>
  searchListings(ALL, { sort: 'newest', limit: 50, ...q }).listings.map((l) => l.offerId);

describe('market search', () => {
  it('filters by text (every word, title, summary or tags, width-folded), kind, seller and token', () => {
    expect(ids({ text: 'rainfall' })).toEqual(['2', '1']);
    expect(ids({ text: 'rainfall weather' })).toEqual(['1']);
    expect(ids({ text: 'wolof' })).toEqual(['3']);
    expect(ids({ text: '#4' })).toEqual(['4']);
    expect(ids({ kind: 'model' })).toEqual(['2']);
    expect(ids({ seller: `0x${'BB'.repeat(20)}` })).toEqual(['4']);
    expect(ids({ token: OTHER })).toEqual(['5']);
  });

  it('filters by licence terms and by a price in each token’s own units', () => {
    expect(ids({ license: ['commercial'] })).toEqual(['5', '4', '2', '1']);
    expect(ids({ license: ['perpetual', 'commercial'] })).toEqual(['5', '2', '1']);
    expect(ids({ maxPrice: '15' })).toEqual(['5', '4', '3']);
    expect(ids({ maxPrice: '24.999999999999999999' })).toEqual(['5', '4', '3']);
    expect(ids({ maxPrice: '25' })).toEqual(['5', '4', '3', '1']);
    // 0.0000009 has more decimals than the 6-decimal token: read as 0 there, so 1 base unit is over it.
    expect(ids({ maxPrice: '0.0000009' })).toEqual([]);
    expect(ids({ maxPrice: '0.000001' })).toEqual(['5']);
  });

  it('sorts by newest, price and licences sold, ties newest first', () => {
    expect(ids({})).toEqual(['5', '4', '3', '2', '1']);
    expect(ids({ sort: 'price' })).toEqual(['5', '4', '3', '1', '2']);
    expect(ids({ sort: 'sold' })).toEqual(['1', '2', '5', '4', '3']);
  });

  it('pages with a cursor', () => {
    const first = searchListings(ALL, { sort: 'newest', limit: 2 });
    expect(first.listings.map((l) => l.offerId)).toEqual(['5', '4']);
    expect(first).toMatchObject({ total: 5, nextCursor: '2' });
    const last = searchListings(ALL, { sort: 'newest', limit: 2, cursor: '4' });
    expect(last.listings.map((l) => l.offerId)).toEqual(['1']);
    expect(last.nextCursor).toBeUndefined();
  });

  it('compares prices beyond a double’s precision exactly', () => {
    const big = [listing(1, { price: 2n ** 200n + 1n }), listing(2, { price: 2n ** 200n })];
    expect(searchListings(big, { sort: 'price', limit: 5 }).listings.map((l) => l.offerId)).toEqual([
      '2',
      '1',
    ]);
  });
});
