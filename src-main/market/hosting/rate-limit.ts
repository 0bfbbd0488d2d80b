/**
 * A token bucket per remote address: `burst` requests at once, refilled at `perMinute`. Buckets of
 * addresses that went quiet are dropped, so a scan of many addresses cannot grow it without bound.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
    private readonly maxAddresses = 10_000,
  ) {}

  /** Takes one request's token; false: over the rate (answer 429). */
  take(address: string): boolean {
    const now = this.now();
    const b = this.buckets.get(address) ?? { tokens: this.burst, at: now };
    b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) * this.perMinute) / 60_000);
    b.at = now;
    this.buckets.delete(address);
    if (this.buckets.size >= this.maxAddresses) this.prune(now);
    this.buckets.set(address, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  /** Seconds until one more request is allowed, for Retry-After. */
  retryAfter(address: string): number {
    const b = this.buckets.get(address);
    if (!b) return 0;
    return Math.max(1, Math.ceil(((1 - b.tokens) * 60) / this.perMinute));
  }

  private prune(now: number): void {
    const full = (60_000 * this.burst) / this.perMinute;
    for (const [address, b] of this.buckets) if (now - b.at >= full) this.buckets.delete(address);
    // Still full: the oldest go (Map keeps insertion order, and take() re-inserts on use).
    for (const address of this.buckets.keys()) {
      if (this.buckets.size < this.maxAddresses) break;
      this.buckets.delete(address);
    }
  }
}
