/** How failed attempts are retried: up to `maxAttempts` in all, waiting base·2^(n-1), at most `capMs`. */
export interface RetryPolicy {
  maxAttempts: number;
  baseMs: number;
  capMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 4, baseMs: 30_000, capMs: 30 * 60_000 };

/** The wait before attempt `attempt + 1` after attempt `attempt` failed; null when none is left. */
export function retryDelay(p: RetryPolicy, attempt: number): number | null {
  if (attempt >= p.maxAttempts) return null;
  return Math.min(p.capMs, p.baseMs * 2 ** (attempt - 1));
}
