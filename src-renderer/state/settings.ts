import { create } from 'zustand';
import type { Settings, Theme } from '../../src-shared/domain/settings.js';
import { client } from '../bridge.js';
import { rememberTheme } from '../theme.js';
import { errorMessage } from './errors.js';

interface SettingsState {
  /** The owner's settings; null until loaded. */
  settings: Settings | null;
  /** A theme chosen but not yet confirmed by the owner, shown meanwhile. */
  pendingTheme: Theme | null;
  error: string | null;
  load(): Promise<void>;
  setTheme(theme: Theme): Promise<void>;
  /** A 'settings.changed' event, or any other fresh copy from the owner. */
  received(settings: Settings): void;
  /** Changes some settings; the owner's answer becomes the store's copy (throws what it refused). */
  update(patch: Parameters<typeof client.settings.update>[0]): Promise<void>;
}

export const useSettings = create<SettingsState>()((set, get) => ({
  settings: null,
  pendingTheme: null,
  error: null,
  async load() {
    try {
      get().received(await client.settings.get({}));
      set({ error: null });
    } catch (err) {
      set({ error: `Could not load the settings: ${errorMessage(err)}` });
    }
  },
  async setTheme(theme) {
    set({ pendingTheme: theme, error: null });
    try {
      const settings = await client.settings.update({ theme });
      if (get().pendingTheme === theme) set({ pendingTheme: null });
      get().received(settings);
    } catch (err) {
      if (get().pendingTheme === theme) set({ pendingTheme: null });
      set({ error: `Could not change the theme: ${errorMessage(err)}` });
    }
  },
  received(settings) {
    rememberTheme(settings.theme);
    set({ settings });
  },
  async update(patch) {
    get().received(await client.settings.update(patch));
  },
}));

/** The theme to show now: a pending choice, else the saved one, else the last one this window saw. */
export function useEffectiveTheme(fallback: Theme): Theme {
  return useSettings((s) => s.pendingTheme ?? s.settings?.theme ?? fallback);
}
