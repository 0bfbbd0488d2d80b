import { create } from 'zustand';
import type { ActiveNetworkStatus, NetworkInfo } from '../../src-shared/domain/network.js';
import { errorMessage } from './errors.js';
import type { Availability } from './wallet.js';
import { isMissing, walletApi } from './wallet-api.js';

interface NetworkStore {
  availability: Availability;
  networks: NetworkInfo[] | null;
  listError: string | null;
  /** The active network as its RPC answered just now (block, health); null until asked. */
  active: ActiveNetworkStatus | null;
  activeError: string | null;
  /** A switch in flight: the name being switched to. */
  switching: string | null;

  loadList(): Promise<void>;
  /** Asks the RPC (and starts the devnet if it is the active one): only where the wallet is shown. */
  loadActive(): Promise<void>;
  use(name: string): Promise<void>;
  /** A 'network.changed' event or an answer that changed the list. */
  changed(): void;
}

let activeSeq = 0;

export const useNetwork = create<NetworkStore>()((set, get) => ({
  availability: 'unknown',
  networks: null,
  listError: null,
  active: null,
  activeError: null,
  switching: null,

  async loadList() {
    const network = walletApi('network');
    if (!network) {
      set({ availability: 'missing' });
      return;
    }
    try {
      const { networks } = await network.list({});
      set({ availability: 'available', networks, listError: null });
    } catch (err) {
      if (isMissing(err)) set({ availability: 'missing', listError: null });
      else set({ listError: errorMessage(err) });
    }
  },

  async loadActive() {
    const network = walletApi('network');
    if (!network) return;
    const seq = ++activeSeq;
    try {
      const active = await network.active({});
      if (seq === activeSeq) set({ active, activeError: null });
    } catch (err) {
      if (seq === activeSeq) set({ activeError: errorMessage(err) });
    }
  },

  async use(name) {
    const network = walletApi('network');
    if (!network) return;
    set({ switching: name });
    try {
      await network.use({ name });
    } finally {
      set({ switching: null });
      get().changed();
    }
  },

  changed() {
    void get().loadList();
    if (get().active || get().activeError) void get().loadActive();
  },
}));

/** The active network from the list (cheap, no RPC): what the status bar's badge shows. */
export function useActiveNetwork(): NetworkInfo | null {
  return useNetwork((s) => s.networks?.find((n) => n.active) ?? null);
}
