import { create } from 'zustand';
import type { WalletAccount, WalletStatus } from '../../src-shared/domain/wallet.js';
import { client } from '../bridge.js';
import { errorMessage } from './errors.js';

type WalletClient = typeof client.wallet;

/** The wallet's procedures the pages call, as the owner answers them (they throw its typed errors). */
type WalletActions = Pick<
  WalletClient,
  | 'create'
  | 'import'
  | 'addAccount'
  | 'renameAccount'
  | 'exportKeystore'
  | 'backupWords'
  | 'backupQuiz'
  | 'confirmBackup'
  | 'revealWords'
>;

interface WalletStore extends WalletActions {
  /** The owner's last word on the wallet; null until the first answer. */
  status: WalletStatus | null;
  statusError: string | null;
  accounts: WalletAccount[] | null;
  accountsError: string | null;
  /** The account the page is focused on (send from, history of); null: the first one. */
  selected: string | null;

  loadStatus(): Promise<void>;
  /** A fresh status from an answer or a 'wallet.changed' event. */
  received(status: WalletStatus): void;
  loadAccounts(): Promise<void>;
  select(address: string): void;
  /** An account came back from create/import/add/rename: put it in the list without a round trip. */
  putAccount(account: WalletAccount): void;
}

let accountsSeq = 0;

export const useWallet = create<WalletStore>()((set, get) => ({
  status: null,
  statusError: null,
  accounts: null,
  accountsError: null,
  selected: null,

  async loadStatus() {
    try {
      get().received(await client.wallet.status({}));
    } catch (err) {
      set({ statusError: errorMessage(err) });
    }
  },

  received(status) {
    const before = get().status;
    set({ status, statusError: null });
    // Names are vault contents: they leave the view with the lock, before the list is read again.
    if (status.locked) set((s) => ({ accounts: s.accounts?.map((a) => ({ ...a, name: null })) ?? null }));
    // Names are sealed by the vault and the count moves with create/import: the list follows the status.
    if (
      status.exists &&
      (!before || before.accounts !== status.accounts || before.locked !== status.locked || !get().accounts)
    ) {
      void get().loadAccounts();
    }
    if (!status.exists) set({ accounts: [], selected: null });
  },

  async loadAccounts() {
    const seq = ++accountsSeq;
    try {
      const { accounts } = await client.wallet.accounts({});
      if (seq !== accountsSeq) return;
      const selected = get().selected;
      set({
        accounts,
        accountsError: null,
        selected: accounts.some((a) => a.address === selected) ? selected : (accounts[0]?.address ?? null),
      });
    } catch (err) {
      if (seq !== accountsSeq) return;
      set({ accountsError: errorMessage(err) });
    }
  },

  select(address) {
    set({ selected: address });
  },

  putAccount(account) {
    set((s) => {
      const list = s.accounts ?? [];
      const i = list.findIndex((a) => a.address === account.address);
      const accounts = i < 0 ? [...list, account] : list.map((a, j) => (j === i ? account : a));
      return { accounts, selected: s.selected ?? account.address };
    });
  },

  create: (input) => client.wallet.create(input),
  import: (input) => client.wallet.import(input),
  addAccount: (input) => client.wallet.addAccount(input),
  renameAccount: (input) => client.wallet.renameAccount(input),
  exportKeystore: (input) => client.wallet.exportKeystore(input),
  backupWords: (input) => client.wallet.backupWords(input),
  backupQuiz: (input) => client.wallet.backupQuiz(input),
  confirmBackup: (input) => client.wallet.confirmBackup(input),
  revealWords: (input) => client.wallet.revealWords(input),
}));

/** The account shown as "current": the selected one, else the first. */
export function useSelectedAccount(): WalletAccount | null {
  return useWallet((s) => s.accounts?.find((a) => a.address === s.selected) ?? s.accounts?.[0] ?? null);
}

/** A name for people: the account's own, else its HD position, else "Imported account". */
export function accountLabel(account: WalletAccount): string {
  if (account.name) return account.name;
  if (account.index !== null) return `Account ${account.index + 1}`;
  return 'Imported account';
}
