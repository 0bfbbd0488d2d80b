/** A timer the clock started; `cancel` is safe to call twice. */
export interface Timer {
  cancel(): void;
}

/**
 * Time as the scheduler sees it: the wall clock (due times are wall-clock moments) and one-shot timers.
 * Tests hand in a fake one and move time themselves.
 */
export interface Clock {
  now(): number;
  setTimer(ms: number, fn: () => void): Timer;
}

/** The longest a Node timer can wait (2^31 - 1 ms); longer waits are re-armed. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(ms, fn) {
    const t = setTimeout(fn, Math.min(Math.max(0, ms), MAX_TIMER_MS));
    // A waiting timer must not keep a CLI or a test process alive by itself.
    t.unref();
    return { cancel: () => clearTimeout(t) };
  },
};
