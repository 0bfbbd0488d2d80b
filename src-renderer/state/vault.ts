import { create } from 'zustand';
import type { VaultItem, VaultProgress, VaultSearchHit, VaultState } from '../../src-shared/domain/vault.js';
import { SahelError } from '../../src-shared/errors.js';
import { client } from '../bridge.js';
import { errorMessage } from './errors.js';

/** Whether this owner process has a vault service at all (it may be older, or still being built). */

export interface Crumb {
  id: string;
  name: string;
}

/** One file on its way into the vault: a browser upload, or an import reported by 'vault.progress'. */
export interface Transfer {
  key: string;
  name: string;
  bytes: number;
  total: number | null;
  phase: 'running' | 'done' | 'failed';
  error: string | null;
}

interface VaultStore {
  /** The owner's last word on the vault; null until the first answer. */
  state: VaultState | null;
  stateError: string | null;
  /** When the next unlock attempt is accepted (epoch ms), from `retryAfter`. */
  retryAt: number;

  /** The folder being shown: the path from the top level; empty at the top. */
  path: Crumb[];
  items: VaultItem[] | null;
  listError: string | null;
  selectedId: string | null;
  query: string;
  hits: VaultSearchHit[] | null;
  searchError: string | null;
  transfers: Transfer[];
  /** The last 'vault.changed': views showing one of these ids reload it. */
  lastChange: { seq: number; ids: string[] };

  loadState(): Promise<void>;
  /** A fresh VaultState from an answer or a 'vault.state' event. */
  received(state: VaultState): void;
  lock(): Promise<void>;
  /** Reloads the current folder (and the search, when there is one). */
  refresh(): Promise<void>;
  openFolder(path: Crumb[]): void;
  select(id: string | null): void;
  setQuery(query: string): void;
  runSearch(): Promise<void>;
  /** A 'vault.changed' event. */
  changed(ids: string[]): void;
  progress(p: VaultProgress): void;
  putTransfer(t: Transfer): void;
  clearFinishedTransfers(): void;

  /** These change the vault's state: the answer becomes the store's state too. */
  create(passphrase: string): Promise<void>;
  unlock(passphrase: string): Promise<void>;
  unlockWithDevice(): Promise<void>;
  changePassphrase(input: { current: string; next: string }): Promise<void>;
  setDeviceUnlock(enabled: boolean): Promise<void>;
}

type VaultClient = typeof client.vault;

/** The vault's item procedures the pages call, as the owner answers them (they throw its typed errors). */
export type VaultItemActions = Pick<
  VaultClient,
  | 'get'
  | 'list'
  | 'setAside'
  | 'preview'
  | 'addNote'
  | 'addSecret'
  | 'revealSecret'
  | 'update'
  | 'remove'
  | 'importPaths'
>;

/** What the view keeps of the vault's contents; dropped whenever the vault locks. */
const EMPTY_VIEW = {
  path: [] as Crumb[],
  items: null,
  listError: null,
  selectedId: null,
  query: '',
  hits: null,
  searchError: null,
};

/** Counts locks: an answer that arrives after the vault locked again is dropped, not shown. */
let epoch = 0;
let listSeq = 0;
let searchSeq = 0;

const SEARCH_LIMIT = 50;
/** How long a list of finished imports stays up when none failed. */
const TIDY_MS = 8000;
let tidyTimer: number | undefined;

/** The vault locked under us (auto-lock, another window): ask for the state, which switches the view. */
function checkLocked(err: unknown, reload: () => Promise<void>): void {
  if (SahelError.is(err) && err.code === 'LOCKED') void reload();
}

export const useVault = create<VaultStore>()((set, get) => ({
  state: null,
  stateError: null,
  retryAt: 0,
  ...EMPTY_VIEW,
  transfers: [],
  lastChange: { seq: 0, ids: [] },

  async loadState() {
    try {
      get().received(await client.vault.state({}));
    } catch (err) {
      set({ stateError: errorMessage(err) });
    }
  },

  received(state) {
    const before = get().state?.state;
    const retryAt = state.retryAfter > 0 ? Date.now() + state.retryAfter * 1000 : 0;
    set({ state, stateError: null, retryAt });
    if (state.state !== 'unlocked') {
      if (before === 'unlocked' || get().items || get().hits || get().transfers.length) {
        epoch++;
        // File names are vault contents too.
        set({ ...EMPTY_VIEW, transfers: [] });
      }
    } else if (before !== 'unlocked') {
      void get().refresh();
    }
  },

  async lock() {
    // Forget what is shown at once, before the owner even answers.
    epoch++;
    set({ ...EMPTY_VIEW, transfers: [] });
    get().received(await client.vault.lock({}));
  },

  async refresh() {
    if (get().state?.state !== 'unlocked') return;
    const myEpoch = epoch;
    const seq = ++listSeq;
    const path = get().path;
    const parentId = path.at(-1)?.id ?? null;
    try {
      const { items } = await client.vault.list({ parentId });
      if (myEpoch !== epoch || seq !== listSeq) return;
      set({ items: sortItems(items), listError: null });
    } catch (err) {
      if (myEpoch !== epoch || seq !== listSeq) return;
      checkLocked(err, get().loadState);
      if (SahelError.is(err) && err.code === 'NOT_FOUND' && path.length > 0) {
        // The folder went away under us: back to the top.
        set({ path: [] });
        void get().refresh();
        return;
      }
      set({ listError: errorMessage(err) });
    }
    if (get().query.trim()) void get().runSearch();
  },

  openFolder(path) {
    set({ path, items: null, listError: null, selectedId: null, query: '', hits: null, searchError: null });
    void get().refresh();
  },

  select(id) {
    set({ selectedId: id });
  },

  setQuery(query) {
    set({ query });
    if (!query.trim()) {
      searchSeq++;
      set({ hits: null, searchError: null });
    }
  },

  async runSearch() {
    const query = get().query.trim();
    if (!query || get().state?.state !== 'unlocked') return;
    const myEpoch = epoch;
    const seq = ++searchSeq;
    try {
      const { hits } = await client.vault.search({ query, limit: SEARCH_LIMIT });
      if (myEpoch !== epoch || seq !== searchSeq) return;
      set({ hits, searchError: null });
    } catch (err) {
      if (myEpoch !== epoch || seq !== searchSeq) return;
      checkLocked(err, get().loadState);
      set({ searchError: errorMessage(err) });
    }
  },

  changed(ids) {
    set((s) => ({ lastChange: { seq: s.lastChange.seq + 1, ids } }));
    void get().refresh();
    // The item count in the state changes with the list.
    void get().loadState();
  },

  progress(p) {
    const key = `job:${p.job}:${p.name}`;
    // A browser upload of the same name reports its own progress; the owner's events only echo it.
    if (get().transfers.some((t) => t.key.startsWith('upload:') && t.name === p.name)) return;
    get().putTransfer({ key, name: p.name, bytes: p.bytes, total: p.total, phase: p.phase, error: p.error });
  },

  putTransfer(t) {
    set((s) => {
      const i = s.transfers.findIndex((x) => x.key === t.key);
      if (i < 0) return { transfers: [...s.transfers, t] };
      const transfers = s.transfers.slice();
      transfers[i] = t;
      return { transfers };
    });
    // When everything went in without a failure, the list tidies itself away after a while.
    window.clearTimeout(tidyTimer);
    const all = get().transfers;
    if (all.every((x) => x.phase === 'done')) {
      tidyTimer = window.setTimeout(() => {
        if (get().transfers.every((x) => x.phase === 'done')) set({ transfers: [] });
      }, TIDY_MS);
    }
  },

  clearFinishedTransfers() {
    set((s) => ({ transfers: s.transfers.filter((t) => t.phase === 'running') }));
  },

  async create(passphrase) {
    get().received(await client.vault.create({ passphrase }));
  },
  async unlock(passphrase) {
    get().received(await client.vault.unlock({ passphrase }));
  },
  async unlockWithDevice() {
    get().received(await client.vault.unlockWithDevice({}));
  },
  async changePassphrase(input) {
    get().received(await client.vault.changePassphrase(input));
  },
  async setDeviceUnlock(enabled) {
    get().received(await client.vault.setDeviceUnlock({ enabled }));
  },
}));

/** Reads and writes of vault items, for the vault page's views (which keep their own view state). */
export const vaultItems: VaultItemActions = {
  get: (input) => client.vault.get(input),
  list: (input) => client.vault.list(input),
  setAside: (input) => client.vault.setAside(input),
  preview: (input) => client.vault.preview(input),
  addNote: (input) => client.vault.addNote(input),
  addSecret: (input) => client.vault.addSecret(input),
  revealSecret: (input) => client.vault.revealSecret(input),
  update: (input) => client.vault.update(input),
  remove: (input) => client.vault.remove(input),
  importPaths: (input) => client.vault.importPaths(input),
};

const KIND_ORDER: Record<VaultItem['kind'], number> = {
  folder: 0,
  note: 1,
  file: 1,
  secret: 1,
  'model-part': 1,
};

/** Folders first, then by name, the way a file manager sorts. */
function sortItems(items: VaultItem[]): VaultItem[] {
  return items
    .slice()
    .sort(
      (a, b) =>
        KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
        a.name.localeCompare(b.name, undefined, { numeric: true, sensitivity: 'base' }),
    );
}

/** The message for a failed vault call; a LOCKED failure also fetches the state, so the view follows. */
export function vaultErrorMessage(err: unknown): string {
  checkLocked(err, useVault.getState().loadState);
  // A damaged file is set aside by the owner: fetch the state so the vault page names it.
  if (SahelError.is(err) && err.code === 'CORRUPT') void useVault.getState().loadState();
  return errorMessage(err);
}
