import { parseAmount } from '../../src-shared/domain/amount.js';
import type { AssetKind } from '../../src-shared/domain/asset-metadata.js';
import type { MarketListing, MarketSort } from '../../src-shared/domain/market.js';

export interface ListingQuery {
  text?: string | undefined;
  kind?: AssetKind | undefined;
  /** Whole token units, read with each listing's decimals. */
  maxPrice?: string | undefined;
  token?: string | undefined;
  seller?: string | undefined;
  license?: readonly ('commercial' | 'derivatives' | 'perpetual')[] | undefined;
  sort: MarketSort;
  cursor?: string | undefined;
  limit: number;
}

export interface ListingPage {
  listings: MarketListing[];
  total: number;
  nextCursor?: string;
}

/** Each row's searchable text, folded once (the market reuses row objects while the cache is unchanged). */
const haystacks = new WeakMap<MarketListing, string>();

/** Lower case, compatibility-folded (ｆｕｌｌｗｉｄｔｈ → fullwidth), so a search finds what it looks like. */
const fold = (t: string) => t.normalize('NFKC').toLowerCase();

/**
 * Filters and sorts listings, then cuts one page. Text must match every word in the title, summary or
 * tags (already neutralised text, so an invisible character cannot hide a word from the search or fake
 * one into it). Price sorts compare base units, so listings in different tokens compare by raw amount:
 * the token filter makes that exact. Ties fall back to the newest offer first.
 */
export function searchListings(all: readonly MarketListing[], q: ListingQuery): ListingPage {
  const words = q.text ? fold(q.text).split(/\s+/).filter(Boolean) : [];
  const token = q.token?.toLowerCase();
  const seller = q.seller?.toLowerCase();
  const matches = all.filter((l) => {
    if (q.kind && l.kind !== q.kind) return false;
    if (token && l.terms.token.toLowerCase() !== token) return false;
    if (seller && l.seller.toLowerCase() !== seller) return false;
    if (q.license?.includes('commercial') && !l.terms.commercialUse) return false;
    if (q.license?.includes('derivatives') && !l.terms.derivativesAllowed) return false;
    if (q.license?.includes('perpetual') && l.terms.duration !== '0') return false;
    if (q.maxPrice !== undefined) {
      const max = parseAmount(q.maxPrice, l.terms.decimals);
      // An amount with more decimals than this token has cannot be compared exactly: round it down.
      const limit = max.ok ? max.value : truncated(q.maxPrice, l.terms.decimals);
      if (limit === undefined || BigInt(l.terms.price) > limit) return false;
    }
    if (words.length > 0) {
      let hay = haystacks.get(l);
      if (hay === undefined) {
        hay = fold([l.title, l.summary, ...l.tags, `#${l.assetId}`].join('\n'));
        haystacks.set(l, hay);
      }
      if (!words.every((w) => hay.includes(w))) return false;
    }
    return true;
  });
  const newest = (a: MarketListing, b: MarketListing) => compareIds(b.offerId, a.offerId);
  const order: Record<MarketSort, (a: MarketListing, b: MarketListing) => number> = {
    newest,
    price: (a, b) => compareIds(a.terms.price, b.terms.price) || newest(a, b),
    sold: (a, b) => b.sold - a.sold || newest(a, b),
  };
  matches.sort(order[q.sort]);
  const start = q.cursor ? Number(q.cursor) : 0;
  const listings = matches.slice(start, start + q.limit);
  const end = start + listings.length;
  return { listings, total: matches.length, ...(end < matches.length ? { nextCursor: String(end) } : {}) };
}

/** Decimal strings of whole numbers, compared as numbers (uint256 does not fit a double). */
function compareIds(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function truncated(text: string, decimals: number): bigint | undefined {
  const plain = text.trim().replaceAll(',', '');
  const m = /^([0-9]*)\.([0-9]+)$/.exec(plain);
  if (!m) return undefined;
  const cut = parseAmount(`${m[1] || '0'}.${m[2]!.slice(0, decimals)}`, decimals);
  return cut.ok ? cut.value : undefined;
}
