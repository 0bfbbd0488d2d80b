import type { Hex } from 'viem';
import type { ActiveNetwork } from '../../chain/index.js';
import { cacheScope } from '../../chain/index.js';
import type { CacheCursor, CachedEvent } from '../../store/index.js';

/** The event cache's rows (ChainCacheRepo): both sides of a sale read the chain from there. */
export interface MarketEvents {
  cursor(scope: string): CacheCursor | undefined;
  events(scope: string, names: readonly string[]): CachedEvent[];
}

export interface CachedPurchase {
  licenseId: string;
  assetId: string;
  buyer: string;
  buyerPubKey: Hex;
  deliveryDeadline: string;
  expiresAt: string;
  txHash: string;
}

const DECIMAL = /^[0-9]{1,78}$/;
const BYTES32 = /^0x[0-9a-fA-F]{64}$/;

/** Purchases at least `depth` blocks below the cache's tip. Rows that do not decode are skipped. */
export function purchasesIn(events: MarketEvents, network: ActiveNetwork, depth: number): CachedPurchase[] {
  const scope = cacheScope(network);
  const cursor = events.cursor(scope);
  if (!cursor) return [];
  const out: CachedPurchase[] = [];
  for (const e of events.events(scope, ['Purchased'])) {
    if (e.blockNumber > cursor.syncedTo - depth) continue;
    const a = JSON.parse(e.args) as Record<string, unknown>;
    const p = {
      licenseId: String(a.licenseId),
      assetId: String(a.assetId),
      buyer: String(a.buyer),
      buyerPubKey: String(a.buyerPubKey) as Hex,
      deliveryDeadline: String(a.deliveryDeadline),
      expiresAt: String(a.expiresAt),
      txHash: e.txHash,
    };
    if (DECIMAL.test(p.licenseId) && DECIMAL.test(p.assetId) && BYTES32.test(p.buyerPubKey)) out.push(p);
  }
  return out;
}

/** Keys delivered, by licence id: the sealed key as the chain holds it. */
export function deliveriesIn(events: MarketEvents, network: ActiveNetwork): Map<string, Hex> {
  const scope = cacheScope(network);
  const out = new Map<string, Hex>();
  for (const e of events.events(scope, ['KeyDelivered'])) {
    const a = JSON.parse(e.args) as Record<string, unknown>;
    if (typeof a.sealedKey === 'string' && /^0x([0-9a-fA-F]{2})*$/.test(a.sealedKey)) {
      out.set(String(a.licenseId), a.sealedKey as Hex);
    }
  }
  return out;
}
