import { create } from 'zustand';
import type { Contract } from '../../src-shared/api/contract.js';
import type { InputOf, OutputOf } from '../../src-shared/api/define.js';
import type { AssetPage } from '../../src-shared/domain/market.js';
import { client } from '../bridge.js';
import { errorMessage } from './errors.js';

export type MarketQuery = InputOf<Contract['market']['search']>;
type SearchResult = OutputOf<Contract['market']['search']>;

interface MarketStore {
  query: MarketQuery;
  result: SearchResult | null;
  searching: boolean;
  searchError: string | null;
  /** The asset page shown instead of the list; null: the list. */
  assetId: string | null;
  asset: AssetPage | null;
  assetError: string | null;

  setQuery(q: Partial<MarketQuery>): void;
  search(): Promise<void>;
  /** The next page of the same search, appended. */
  more(): Promise<void>;
  open(assetId: string | null): Promise<void>;
}

let searchSeq = 0;
let assetSeq = 0;

/** The Market page's view state: the filters, the listings they found, the asset being looked at. */
export const useMarket = create<MarketStore>()((set, get) => ({
  query: { sort: 'newest', limit: 50 },
  result: null,
  searching: false,
  searchError: null,
  assetId: null,
  asset: null,
  assetError: null,

  setQuery(q) {
    set({ query: { ...get().query, ...q } });
  },

  async search() {
    const seq = ++searchSeq;
    set({ searching: true });
    try {
      const result = await client.market.search(get().query);
      if (seq === searchSeq) set({ result, searchError: null });
    } catch (err) {
      if (seq === searchSeq) set({ searchError: errorMessage(err) });
    } finally {
      if (seq === searchSeq) set({ searching: false });
    }
  },

  async more() {
    const prev = get().result;
    if (!prev?.nextCursor) return;
    const seq = ++searchSeq;
    set({ searching: true });
    try {
      const next = await client.market.search({ ...get().query, cursor: prev.nextCursor });
      if (seq === searchSeq) set({ result: { ...next, listings: [...prev.listings, ...next.listings] } });
    } catch (err) {
      if (seq === searchSeq) set({ searchError: errorMessage(err) });
    } finally {
      if (seq === searchSeq) set({ searching: false });
    }
  },

  async open(assetId) {
    const seq = ++assetSeq;
    set({ assetId, asset: null, assetError: null });
    if (assetId === null) return;
    try {
      const asset = await client.market.show({ assetId });
      if (seq === assetSeq) set({ asset });
    } catch (err) {
      if (seq === assetSeq) set({ assetError: errorMessage(err) });
    }
  },
}));
