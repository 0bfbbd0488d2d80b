import { Theme } from '../src-shared/domain/settings.js';

const KEY = 'sahel.theme';

/** The theme this window last saw, so the first paint after a reload does not flash the other theme. */
export function rememberedTheme(): Theme {
  try {
    const parsed = Theme.safeParse(localStorage.getItem(KEY));
    return parsed.success ? parsed.data : 'system';
  } catch {
    return 'system';
  }
}

export function rememberTheme(theme: Theme): void {
  try {
    localStorage.setItem(KEY, theme);
  } catch {
    // Storage may be unavailable; the owner's setting still applies once loaded.
  }
}

/** 'system' leaves it to `prefers-color-scheme` in the CSS; light/dark override it. */
export function applyTheme(theme: Theme): void {
  const root = document.documentElement;
  if (theme === 'system') delete root.dataset.theme;
  else root.dataset.theme = theme;
}
