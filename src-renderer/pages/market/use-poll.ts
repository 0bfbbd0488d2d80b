import { useEffect } from 'react';

/**
 * Deliveries, credits and withdrawals happen in the owner's background and it emits no market
 * events, so the page's own lists are read again every few seconds while they are on screen.
 */
export const POLL_MS = 3_000;

/** Runs `load` now and every POLL_MS until the component goes. `load` should be stable (useCallback). */
export function usePoll(load: () => Promise<void>): void {
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), POLL_MS);
    return () => clearInterval(timer);
  }, [load]);
}
