import { create } from 'zustand';
import type { AccountBalances, TxRecord } from '../../src-shared/domain/tx.js';
import { client } from '../bridge.js';
import { errorMessage } from './errors.js';

interface Balances {
  network: string;
  chainId: number;
  accounts: AccountBalances[];
  /** `stale`: the network did not answer and these are the last balances read. */
  asOf?: { block: number; at: string; stale: boolean };
}

interface TxStore
  extends Pick<typeof client.tx, 'prepareSend' | 'confirmSend' | 'speedUp' | 'cancel' | 'maxSend'> {
  balances: Balances | null;
  balancesError: string | null;
  history: TxRecord[] | null;
  historyError: string | null;
  /** Counts 'tx.updated' events, so a view waiting on one hash can react to each. */
  seq: number;

  loadBalances(): Promise<void>;
  loadHistory(): Promise<void>;
  /** A 'tx.updated' event: the record replaces its old copy; a mined one moves balances. */
  updated(tx: TxRecord): void;
  /** Drops what belongs to the previous network or wallet. */
  reset(): void;
}

const HISTORY_LIMIT = 100;
let balancesSeq = 0;
let historySeq = 0;
let balancesTimer: number | undefined;

export const useTx = create<TxStore>()((set, get) => ({
  balances: null,
  balancesError: null,
  history: null,
  historyError: null,
  seq: 0,

  async loadBalances() {
    const seq = ++balancesSeq;
    try {
      const balances = await client.tx.balances({ tokens: [] });
      if (seq === balancesSeq) set({ balances, balancesError: null });
    } catch (err) {
      if (seq !== balancesSeq) return;
      set({ balancesError: errorMessage(err) });
    }
  },

  async loadHistory() {
    const seq = ++historySeq;
    try {
      const { txs } = await client.tx.history({ limit: HISTORY_LIMIT });
      if (seq === historySeq) set({ history: txs, historyError: null });
    } catch (err) {
      if (seq !== historySeq) return;
      set({ historyError: errorMessage(err) });
    }
  },

  updated(tx) {
    set((s) => {
      const list = s.history ?? [];
      const i = list.findIndex((t) => t.hash === tx.hash);
      const history = i < 0 ? [tx, ...list] : list.map((t, j) => (j === i ? tx : t));
      return { history, seq: s.seq + 1 };
    });
    // Several updates arrive together (a replacement and what it replaced): one balance read for all.
    if (tx.status !== 'pending') {
      window.clearTimeout(balancesTimer);
      balancesTimer = window.setTimeout(() => void get().loadBalances(), 150);
    }
  },

  reset() {
    balancesSeq++;
    historySeq++;
    set({ balances: null, balancesError: null, history: null, historyError: null });
  },

  prepareSend: (input) => client.tx.prepareSend(input),
  confirmSend: (input) => client.tx.confirmSend(input),
  speedUp: (input) => client.tx.speedUp(input),
  cancel: (input) => client.tx.cancel(input),
  maxSend: (input) => client.tx.maxSend(input),
}));

/** One account's balances, or null until they are read. */
export function useAccountBalances(address: string | null): AccountBalances | null {
  return useTx(
    (s) => s.balances?.accounts.find((a) => a.address.toLowerCase() === address?.toLowerCase()) ?? null,
  );
}
