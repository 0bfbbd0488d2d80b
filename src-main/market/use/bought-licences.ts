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

  /** The item's licence, or null for an item not bought here (the user's own). */
  of(itemId: string): ItemLicence | null {
    const row = this.trades.licenseByItem(itemId);
    if (!row) return null;
    const end = row.expiresAt === null ? null : Date.parse(row.expiresAt);
    return {
      licenseId: row.licenseId,
      expiresAt: row.expiresAt,
      expired: end !== null && !(this.now() < end),
    };
  }
}
