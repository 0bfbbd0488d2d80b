import { MAX_EVERY_MS, MIN_EVERY_MS } from '../../../src-shared/domain/tasks.js';
import { SahelError } from '../../../src-shared/errors.js';

const UNITS: Readonly<Record<string, number>> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `every 15m`'s duration: a whole number of minutes (m), hours (h) or days (d), or a sum ("1h30m"). */
export function parseEvery(text: string): number {
  const s = text.trim().toLowerCase();
  if (!/^(\d{1,6}[mhd])+$/.test(s)) {
    throw new SahelError(
      'BAD_INPUT',
      `"${text.slice(0, 40)}" is not a duration: write it like 15m, 2h, 1d or 1h30m`,
    );
  }
  let ms = 0;
  for (const [, n, u] of s.matchAll(/(\d+)([mhd])/g)) ms += Number(n) * (UNITS[u as string] as number);
  if (ms < MIN_EVERY_MS || ms > MAX_EVERY_MS) {
    throw new SahelError('BAD_INPUT', `An interval must be between 1m and 366d, not ${text.slice(0, 40)}`);
  }
  return ms;
}

/**
 * The first slot strictly after `after` on the grid anchor + k·ms (the anchor is the task's creation):
 * slots stay on the grid however late a run starts, so a late run does not drift the next ones.
 */
export function everyNext(ms: number, anchor: number, after: number): number {
  if (after < anchor) return anchor + ms;
  return anchor + (Math.floor((after - anchor) / ms) + 1) * ms;
}
