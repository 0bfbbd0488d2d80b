import { useEffect } from 'react';
import { on } from '../../state/events.js';

/**
 * The owner emits `market.activity` when a licence bought or sold here changes, and the lists reload
 * then; what changes without a row of ours (the chain's clock making a licence refundable, a credit
 * as a contributor on someone else's sale) is read again every POLL_MS while shown.
 */
export const POLL_MS = 10_000;

/** Runs `load` now, on each market event and every POLL_MS until the component goes. `load` should be stable (useCallback). */
export function usePoll(load: () => Promise<void>): void {
  useEffect(() => {
    void load();
    const off = on('market.activity', () => void load());
    const timer = setInterval(() => void load(), POLL_MS);
    return () => {
      clearInterval(timer);
      off();
    };
  }, [load]);
}
