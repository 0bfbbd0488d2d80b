import { useEffect } from 'react';
import { PAGES } from './pages/registry.js';
import { useNavigation } from './state/navigation.js';

/** Ctrl/Cmd+1…8 open the pages in navigation order, from anywhere in the window. */
export function useShortcuts(): void {
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey) return;
      // `code` keeps the digits working on layouts where they need Shift (AZERTY).
      const digit = /^Digit([1-9])$/.exec(e.code)?.[1] ?? (/^[1-9]$/.test(e.key) ? e.key : undefined);
      const page = digit ? PAGES[Number(digit) - 1] : undefined;
      if (!page) return;
      e.preventDefault();
      useNavigation.getState().go(page.id);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
