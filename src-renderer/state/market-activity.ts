import { create } from 'zustand';
import type { MarketActivity } from '../../src-shared/domain/market-buy.js';
import { client, on } from '../bridge.js';
import { errorMessage } from './errors.js';

interface MarketActivityState {
  /** What is in flight on the active network; null until the owner first answers. */
  activity: MarketActivity | null;
  load(): Promise<void>;
}

export const useMarketActivity = create<MarketActivityState>()((set) => ({
  activity: null,
  async load() {
    try {
      set({ activity: await client.market.activity({}) });
    } catch (err) {
      console.warn('market.activity failed:', errorMessage(err));
    }
  },
}));

/** Follows the owner's `market.activity` events (the status bar's deliveries). */
export function startMarketActivitySync(): void {
  on('market.activity', (activity) => useMarketActivity.setState({ activity }));
}
