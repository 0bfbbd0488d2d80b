import type { PayoutRole } from '../../../src-shared/domain/market-earnings.js';
import type { CacheView } from '../../chain/index.js';
import type { CachedEvent } from '../../store/index.js';

/** What one account was credited from one asset's sales. */
export interface AssetCredit {
  assetId: string;
  credited: bigint;
  licences: Set<string>;
  roles: Set<PayoutRole>;
}

/** One account's history in one token, from the event cache. */
export interface LedgerEntry {
  account: string;
  token: string;
  credited: bigint;
  refunded: bigint;
  withdrawn: bigint;
  assets: Map<string, AssetCredit>;
  /** Each payout's block and amount, in the cache's order (block, then log): the earnings chart. */
  credits: { block: number; amount: bigint }[];
}

type Args = Record<string, unknown>;
const low = (v: unknown) => String(v).toLowerCase();

/**
 * Folds the cached payouts (PayoutCredited), refunds and withdrawals of `accounts` into totals per
 * account and token, the payouts split per asset through the licence's Purchased event, each with the
 * roles the account holds for that asset (from the offer's seller, the asset's and its parents'
 * contributors, and the fee recipient). A payout whose licence the cache does not know (which the
 * contract cannot emit) is left out of both the total and the split, so the split always adds up.
 */
export function foldLedger(
  view: CacheView,
  payouts: readonly CachedEvent[],
  accounts: readonly string[],
  feeRecipient: string,
): Map<string, LedgerEntry> {
  const mine = new Set(accounts.map(low));
  const licences = new Map(view.licenses.map((l) => [l.licenseId, l]));
  const sellers = new Map(view.listings.map((o) => [o.offerId, low(o.seller)]));
  const assets = new Map(view.assets.map((a) => [a.assetId, a]));
  const out = new Map<string, LedgerEntry>();
  const entry = (account: string, token: string): LedgerEntry => {
    const key = `${low(account)}|${low(token)}`;
    let e = out.get(key);
    if (!e) {
      e = { account, token, credited: 0n, refunded: 0n, withdrawn: 0n, assets: new Map(), credits: [] };
      out.set(key, e);
    }
    return e;
  };
  for (const ev of payouts) {
    const a = JSON.parse(ev.args) as Args;
    if (ev.name === 'Withdrawn' && mine.has(low(a.account))) {
      entry(String(a.account), String(a.token)).withdrawn += BigInt(String(a.amount));
    } else if (ev.name === 'Refunded' && mine.has(low(a.buyer))) {
      const l = licences.get(String(a.licenseId));
      if (l) entry(String(a.buyer), l.token).refunded += BigInt(String(a.amount));
    } else if (ev.name === 'PayoutCredited' && mine.has(low(a.account))) {
      const l = licences.get(String(a.licenseId));
      if (!l) continue;
      const amount = BigInt(String(a.amount));
      const e = entry(String(a.account), String(a.token));
      e.credited += amount;
      e.credits.push({ block: ev.blockNumber, amount });
      let credit = e.assets.get(l.assetId);
      if (!credit) {
        credit = { assetId: l.assetId, credited: 0n, licences: new Set(), roles: new Set() };
        e.assets.set(l.assetId, credit);
      }
      credit.credited += amount;
      credit.licences.add(l.licenseId);
      const who = low(a.account);
      const asset = assets.get(l.assetId);
      if (who === low(feeRecipient)) credit.roles.add('fee');
      if (asset?.contributors.some((c) => low(c) === who)) credit.roles.add('contributor');
      if (asset?.parents.some((p) => assets.get(p)?.contributors.some((c) => low(c) === who)))
        credit.roles.add('parent');
      if (sellers.get(l.offerId) === who) credit.roles.add('seller');
    }
  }
  return out;
}

/** The cached events the ledger reads. */
export const LEDGER_EVENTS = ['PayoutCredited', 'Refunded', 'Withdrawn'] as const;
