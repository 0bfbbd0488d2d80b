/** One step of the loop: a pass that reads the event cache and acts on what it finds. */
export interface TradePass {
  run(): Promise<void>;
}

export interface TradeLoopOptions {
  /** Brings the event cache up to the chain's head (CacheSync.sync: single-flight). */
  sync: () => Promise<unknown>;
  /** The seller's deliveries and the buyer's receipts, run in this order after each sync. */
  passes: readonly TradePass[];
  onError: (err: unknown) => void;
}

/**
 * The market's background work in an owner that stays up: sync the event cache, then deliver what
 * was sold and receive what was delivered. Polls on a timer (the cache has no push), one round at a
 * time; a failing round (an outage) is reported and the next tick tries again.
 */
export class TradeLoop {
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;

  constructor(private readonly o: TradeLoopOptions) {}

  /** One round now (what the timer runs; tests call it to step the loop). */
  tick(): Promise<void> {
    this.round ??= (async () => {
      await this.o.sync();
      for (const p of this.o.passes) await p.run();
    })()
      .catch(this.o.onError)
      .finally(() => {
        this.round = undefined;
      });
    return this.round;
  }

  start(intervalMs: number): void {
    if (this.timer) return;
    const next = () => {
      this.timer = setTimeout(() => {
        void this.tick().finally(() => {
          if (this.timer) next();
        });
      }, intervalMs);
      this.timer.unref();
    };
    next();
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.round;
  }
}
