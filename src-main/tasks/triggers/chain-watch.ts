import type { ChainEvent, ChainEventSource } from './events.js';

/** A live listing as the market shows it (title and tags untrusted: only matched against). */
export interface WatchedListing {
  offerId: string;
  assetId: string;
  title: string;
  tags: readonly string[];
  price: string;
  token: string;
}

/** What the chain watch reads each round; the market and the chain answer (core-tasks.ts binds them). */
export interface ChainReads {
  /** The market's live listings (the listings cache, brought to the chain's head). */
  listings(): Promise<WatchedListing[]>;
  /** Licences of my assets that were bought (the deliverer's sales). */
  sales(): Promise<{ licenseId: string; assetId: string }[]>;
  /** My balances and my earnings owed, by token ('native' or a lower-case address), in base units. */
  amounts(): Promise<{ what: 'balance' | 'earnings'; token: string; amount: bigint }[]>;
}

export interface ChainWatchOptions {
  reads: ChainReads;
  intervalMs: number;
  /** Whether any task waits for an event now: rounds are skipped otherwise (nothing is read). */
  wanted: () => boolean;
  now: () => number;
  onError(err: unknown): void;
}

/**
 * The scheduler's ChainEventSource over the market and the chain: a round each `intervalMs` while
 * someone listens, each reading compared with the round before. The first reading of each kind is the
 * baseline ("from now on"): what was listed or sold before the watch began wakes no task, and an amount
 * is an event only once a previous reading exists, so a threshold fires only as it is crossed. While
 * no task waits for an event nothing is read (the chain is not asked, an idle devnet not started).
 */
export class ChainWatch implements ChainEventSource {
  private readonly listeners = new Set<(e: ChainEvent) => void>();
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;
  private offers: Set<string> | null = null;
  private licences: Set<string> | null = null;
  private readonly amounts = new Map<string, bigint>();

  constructor(private readonly o: ChainWatchOptions) {}

  subscribe(listener: (e: ChainEvent) => void): () => void {
    this.listeners.add(listener);
    this.start();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  /** One round now, single-flight (the timer runs it; tests call it to step the watch). */
  poll(): Promise<void> {
    this.round ??= this.read().finally(() => {
      this.round = undefined;
    });
    return this.round;
  }

  private start(): void {
    if (this.timer) return;
    const next = () => {
      this.timer = setTimeout(() => {
        void this.poll().finally(() => {
          if (this.timer) next();
        });
      }, this.o.intervalMs);
      this.timer.unref();
    };
    next();
  }

  private stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async read(): Promise<void> {
    if (!this.o.wanted()) return;
    // Each reading on its own: a market that does not answer does not keep amounts from being read.
    await this.guard(() => this.readListings());
    await this.guard(() => this.readSales());
    await this.guard(() => this.readAmounts());
  }

  private async guard(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (err) {
      this.o.onError(err);
    }
  }

  private async readListings(): Promise<void> {
    const listings = await this.o.reads.listings();
    const first = this.offers === null;
    const seen = this.offers ?? new Set<string>();
    this.offers = seen;
    // Oldest first, so tasks woken by several new listings see them in the order they were made.
    const fresh = listings.filter((l) => !seen.has(l.offerId)).sort((a, b) => cmpId(a.offerId, b.offerId));
    for (const l of fresh) {
      seen.add(l.offerId);
      if (first) continue;
      const { assetId, title, tags, price, token } = l;
      this.emit({ kind: 'listing', at: this.o.now(), assetId, title, tags, price, token });
    }
  }

  private async readSales(): Promise<void> {
    const sales = await this.o.reads.sales();
    const first = this.licences === null;
    const seen = this.licences ?? new Set<string>();
    this.licences = seen;
    for (const s of sales) {
      if (seen.has(s.licenseId)) continue;
      seen.add(s.licenseId);
      if (!first) this.emit({ kind: 'purchase', at: this.o.now(), assetId: s.assetId });
    }
  }

  private async readAmounts(): Promise<void> {
    for (const a of await this.o.reads.amounts()) {
      const key = `${a.what}|${a.token}`;
      const previous = this.amounts.get(key);
      this.amounts.set(key, a.amount);
      if (previous === undefined || previous === a.amount) continue;
      this.emit({
        kind: 'amount',
        at: this.o.now(),
        what: a.what,
        token: a.token,
        amount: a.amount.toString(),
        previous: previous.toString(),
      });
    }
  }

  private emit(e: ChainEvent): void {
    for (const l of this.listeners) l(e);
  }
}

/** Decimal ids (offers, licences) compared as numbers: uint256 does not fit a double. */
export function cmpId(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
