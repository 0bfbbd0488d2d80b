import { useEffect, useState } from 'react';

/** Whole seconds until `at` (epoch ms), ticking while positive and stopping at 0. */
export function useSecondsUntil(at: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (at <= Date.now()) return;
    setNow(Date.now());
    // A quarter second, so the number turns over within 250 ms of the real second.
    const timer = window.setInterval(() => {
      setNow(Date.now());
      if (Date.now() >= at) window.clearInterval(timer);
    }, 250);
    return () => window.clearInterval(timer);
  }, [at]);
  return Math.max(0, Math.ceil((at - now) / 1000));
}
