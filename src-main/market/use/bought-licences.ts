import type { MarketTradesRepo } from '../../store/index.js';

/** A vault item's licence as using it needs to know: when it ends, and whether it has. */
export interface ItemLicence {
  licenseId: string | null;
  /** ISO time the licence ends; null: perpetual. */
  expiresAt: string | null;
  expired: boolean;
}

/**
 * The licences bought items were received under, asked by what uses vault items (retrieval, LoRA
 * adapters, models from the vault; core.ts hands this to the llm layer, which may not import market).
 *
 * Expiry is the licence's `expiresAt` as the chain set it at purchase (block time + duration, stored
 * at import) compared with this machine's clock, not with the chain's latest block time: the item
 * must stop being used on time offline too, when no RPC answers, and an idle devnet's block time
 * stands still between blocks, so a licence would never end there. A clock set back can stretch a
 * licence on this machine only, where the bytes are already the buyer's; the chain's own checks
 * (refunds, seats) do not depend on it.
 */
export class BoughtLicences {
  constructor(
    private readonly trades: MarketTradesRepo,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Calls `ended` each time a bought item's licence ends from now on (an item received later included,
   * once `rearm` is called), so the clients re-read what they list; returns the stop function.
   */
  watch(ended: () => void): { rearm(): void; stop(): void } {
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(timer);
      const next = this.trades.nextExpiry(new Date(this.now()).toISOString());
      if (next === null) return;
      // setTimeout holds at most 2^31-1 ms (24.8 days): a later end is re-armed when that fires.
      const wait = Math.min(Math.max(0, Date.parse(next) - this.now()) + 50, 2 ** 31 - 1);
      timer = setTimeout(() => {
        if (!(this.now() < Date.parse(next))) ended();
        arm();
      }, wait);
      timer.unref();
    };
    arm();
    return { rearm: arm, stop: () => clearTimeout(timer) };
  }

  /** Every bought item whose licence has ended, and when (ISO): one query, for retrieval's every answer. */
  expired(): Map<string, string> {
    const rows = this.trades.timedItems().filter((r) => this.ended(r.expiresAt));
    return new Map(rows.map((r) => [r.itemId, r.expiresAt]));
  }

  /** The item's licence, or null for an item not bought here (the user's own). */
  of(itemId: string): ItemLicence | null {
    const row = this.trades.licenseByItem(itemId);
    if (!row) return null;
    return {
      licenseId: row.licenseId,
      expiresAt: row.expiresAt,
      expired: row.expiresAt !== null && this.ended(row.expiresAt),
    };
  }

  /** Ended by this machine's clock; an expiry that does not parse counts as ended. */
  private ended(expiresAt: string): boolean {
    return !(this.now() < Date.parse(expiresAt));
  }
}
