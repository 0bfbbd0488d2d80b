import { getAddress } from 'viem';
import type { AgentTaskBuy, GateOutcome } from './agent/index.js';
import { type ActiveNetworkSource, readBalances } from './chain/index.js';
import type { MarketServices } from './market/index.js';
import type { ChainReads, MarketWatchPorts, WatchOffer } from './tasks/index.js';

// What the tasks read of the market and the chain, and how a market-watch task buys: bound here, in
// the composition root, so the tasks layer names ports and not the services behind them.

export interface TaskChainDeps {
  markets: Pick<MarketServices, 'market' | 'deliverer' | 'earnings' | 'followChain'>;
  network: ActiveNetworkSource;
  signers: { addresses(): `0x${string}`[] };
  buy(b: AgentTaskBuy): Promise<GateOutcome>;
}

/** Every live listing the watch and the runner consider (the search's page is this large). */
const ALL = 10_000;

export function marketWatchPorts(d: TaskChainDeps): MarketWatchPorts {
  return {
    async offers(q) {
      const mine = new Set(d.signers.addresses().map((a) => a.toLowerCase()));
      const page = await d.markets.market.search({
        text: q.text,
        kind: q.kind,
        token: q.token,
        sort: 'price',
        limit: ALL,
      });
      // My own offers are not bought from myself.
      return page.listings
        .filter((l) => !mine.has(l.seller.toLowerCase()))
        .map(
          (l): WatchOffer => ({
            offerId: l.offerId,
            assetId: l.assetId,
            title: l.title,
            price: BigInt(l.terms.price),
            token: l.terms.token.toLowerCase(),
            decimals: l.terms.decimals,
            symbol: l.terms.symbol,
          }),
        );
    },
    async buy(r) {
      const o = await d.buy(r);
      // The gate answers an act with allowed, pending or denied; the settled words never come here.
      const decision =
        o.decision === 'allowed' || o.decision === 'approved'
          ? 'allowed'
          : o.decision === 'pending'
            ? 'pending'
            : 'denied';
      return {
        decision,
        result: o.result,
        approvalId: o.approvalId,
        ...(o.outcome ? { outcome: o.outcome } : {}),
      };
    },
  };
}

export function chainReads(d: TaskChainDeps): ChainReads {
  return {
    async listings() {
      // The trade loop keeps the cache at the chain's head (and delivers what the watch's sales are).
      d.markets.followChain();
      const page = await d.markets.market.search({ sort: 'newest', limit: ALL });
      return page.listings.map((l) => ({
        offerId: l.offerId,
        assetId: l.assetId,
        title: l.title,
        tags: l.tags,
        price: l.terms.price,
        token: l.terms.token.toLowerCase(),
      }));
    },
    sales: async () =>
      (await d.markets.deliverer.sales()).map((s) => ({ licenseId: s.licenseId, assetId: s.assetId })),
    async amounts() {
      const out: { what: 'balance' | 'earnings'; token: string; amount: bigint }[] = [];
      const addresses = d.signers.addresses().map((a) => getAddress(a));
      if (addresses.length === 0) return out;
      const network = await d.network();
      const add = (what: 'balance' | 'earnings', token: string, amount: bigint) => {
        const have = out.find((x) => x.what === what && x.token === token);
        if (have) have.amount += amount;
        else out.push({ what, token, amount });
      };
      for (const b of await readBalances(network, addresses)) {
        add('balance', 'native', BigInt(b.native));
        for (const t of b.tokens) add('balance', t.token.toLowerCase(), BigInt(t.balance));
      }
      for (const e of (await d.markets.earnings.earnings()).earnings) {
        add('earnings', e.token.toLowerCase(), BigInt(e.credited));
      }
      return out;
    },
  };
}
