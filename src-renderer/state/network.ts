import { create } from 'zustand';
import type { ActiveNetworkStatus, NetworkInfo } from '../../src-shared/domain/network.js';
import { client } from '../bridge.js';
import { errorMessage } from './errors.js';

interface NetworkStore extends Pick<typeof client.network, 'add' | 'remove'> {
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
  networks: null,
  listError: null,
  active: null,
  activeError: null,
  switching: null,

  async loadList() {
    try {
      const { networks } = await client.network.list({});
      set({ networks, listError: null });
    } catch (err) {
      set({ listError: errorMessage(err) });
    }
  },

  async loadActive() {
    const seq = ++activeSeq;
    try {
      const active = await client.network.active({});
      if (seq === activeSeq) set({ active, activeError: null });
    } catch (err) {
      if (seq === activeSeq) set({ activeError: errorMessage(err) });
    }
  },

  async use(name) {
    set({ switching: name });
    try {
      await client.network.use({ name });
    } finally {
      set({ switching: null });
      get().changed();
    }
  },

  changed() {
    void get().loadList();
    if (get().active || get().activeError) void get().loadActive();
  },

  add: (input) => client.network.add(input),
  remove: (input) => client.network.remove(input),
}));

/** The active network from the list (cheap, no RPC): what the status bar's badge shows. */
export function useActiveNetwork(): NetworkInfo | null {
  return useNetwork((s) => s.networks?.find((n) => n.active) ?? null);
}
