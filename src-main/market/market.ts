import type { Address } from 'viem';
import { locationText } from '../../src-shared/domain/asset-metadata.js';
import type { AssetPage, AssetRef, MarketListing } from '../../src-shared/domain/market.js';
import { SahelError } from '../../src-shared/errors.js';
import { untrustedLine } from '../../src-shared/untrusted-text.js';
import type { ActiveNetwork, ActiveNetworkSource } from '../chain/index.js';
import {
  type CachedAsset,
  type CachedListing,
  type CacheSync,
  type CacheView,
  cacheScope,
  clientFor,
  readCache,
  tokenMeta,
} from '../chain/index.js';
import type { ChainCacheRepo } from '../store/index.js';
import {
  type AssetText,
  assetText,
  chainKind,
  isChainKind,
  listingRow,
  TEXT_CAPS,
  type TokenShown,
} from './display.js';
import type { MetadataOutcome, MetadataResolver } from './metadata/resolver.js';
import { quotePurchase } from './quote.js';
import { type ListingPage, type ListingQuery, searchListings } from './search.js';

export interface MarketOptions {
  repo: ChainCacheRepo;
  /** The event cache's sync (single-flight); the market brings it to the chain's head before reading. */
  cache: Pick<CacheSync, 'sync'>;
  network: ActiveNetworkSource;
  metadata: MetadataResolver;
  now?: () => number;
}

interface Snapshot {
  network: ActiveNetwork;
  view: CacheView;
  /** The view's assets by id. */
  assets: ReadonlyMap<string, CachedAsset>;
  syncedTo: number;
  stale?: string;
}

/** The anvil chain id: a network on it is a development chain, whatever its name (a joined devnet too). */
const DEVNET_CHAIN_ID = 31337;
const METADATA_CONCURRENCY = 8;
const LIST_CAP = 50;

/**
 * The market's read side: listings from the chain cache with their metadata, searched and sorted, and
 * an asset's page. Everything from the chain or metadata leaves here neutralised (display.ts).
 */
export class Market {
  private folded: { key: string; view: CacheView; assets: ReadonlyMap<string, CachedAsset> } | undefined;
  private readonly tokensShown = new Map<string, TokenShown>();
  private readonly rows = new WeakMap<
    CachedListing,
    { text: AssetText; token: TokenShown; row: MarketListing }
  >();

  constructor(private readonly o: MarketOptions) {}

  async search(q: ListingQuery): Promise<ListingPage & { syncedTo: number; stale?: string }> {
    const snap = await this.snapshot();
    const live = snap.view.listings.filter((l) => l.live);
    const listings = await this.listings(snap, live);
    return {
      ...searchListings(listings, q),
      syncedTo: snap.syncedTo,
      ...(snap.stale ? { stale: snap.stale } : {}),
    };
  }

  async show(assetId: string): Promise<AssetPage> {
    const snap = await this.snapshot();
    const assets = snap.assets;
    const asset = assets.get(assetId);
    if (!asset) {
      throw new SahelError(
        'NOT_FOUND',
        `No asset #${assetId} on ${snap.network.name} (as of block ${snap.syncedTo})`,
      );
    }
    const kind = chainKind(asset.kind);
    const derived = snap.view.assets.filter((a) => a.parents.includes(assetId));
    const others = snap.view.assets
      .filter((a) => a.owner.toLowerCase() === asset.owner.toLowerCase() && a.assetId !== assetId)
      .slice(0, LIST_CAP);
    const parents = asset.parents
      .map((id) => assets.get(id))
      .filter((a): a is CachedAsset => a !== undefined);
    const texts = await this.texts(snap.network, [
      asset,
      ...parents,
      ...derived.slice(0, LIST_CAP),
      ...others,
    ]);
    const outcome = await this.outcome(snap.network, asset);
    const text = texts.get(assetId)!;
    const ref = (a: CachedAsset): AssetRef => ({
      assetId: a.assetId,
      kind: chainKind(a.kind),
      title: texts.get(a.assetId)?.title ?? `Asset #${a.assetId}`,
    });
    const offers = snap.view.listings.filter((l) => l.assetId === assetId);
    const offerRows = await this.listings(snap, offers);
    const licenses = snap.view.licenses.filter((l) => l.assetId === assetId);
    const count = (s: string) => licenses.filter((l) => l.status === s).length;
    const newestLive = offerRows
      .filter((l) => l.live)
      .sort((a, b) => (BigInt(b.offerId) > BigInt(a.offerId) ? 1 : -1))[0];
    let split: AssetPage['split'];
    let splitProblem: string | undefined;
    if (newestLive) {
      try {
        split = await quotePurchase(snap.network, newestLive, asset, assets);
      } catch (err) {
        splitProblem = `The split could not be quoted: ${untrustedLine(String((err as Error).message ?? err), 160)}`;
      }
    }
    const m = outcome.state === 'ok' ? outcome.metadata : undefined;
    return {
      assetId,
      kind,
      owner: asset.owner,
      registrant: asset.registrant,
      title: text.title,
      description: text.description,
      tags: text.tags,
      licenseText: text.licenseText,
      metadataURI: untrustedLine(asset.metadataURI, TEXT_CAPS.uri),
      metadata: text.metadata,
      contentHash: asset.contentHash,
      ...(m
        ? {
            content: {
              size: m.content.size,
              format: untrustedLine(m.content.format, 100),
              ...(m.content.name ? { name: untrustedLine(m.content.name, 255) } : {}),
            },
            ciphertext: {
              sha256: m.ciphertext.sha256,
              size: m.ciphertext.size,
              locations: m.ciphertext.locations.map((l) => ({
                kind: l.kind,
                where: untrustedLine(locationText(l), TEXT_CAPS.uri),
              })),
            },
          }
        : {}),
      contributors: asset.contributors.map((account, i) => ({ account, bps: asset.bps[i] ?? 0 })),
      parents: parents.map((p) => ({
        ...ref(p),
        bps: asset.parentBps[asset.parents.indexOf(p.assetId)] ?? 0,
      })),
      derived: derived.slice(0, LIST_CAP).map(ref),
      offers: offerRows,
      licenses: {
        sold: licenses.length,
        escrowed: count('escrowed'),
        delivered: count('delivered'),
        refunded: count('refunded'),
      },
      sellerOther: others.map(ref),
      ...(split ? { split } : {}),
      ...(splitProblem ? { splitProblem } : {}),
    };
  }

  /** The cache brought to the chain's head; while the chain does not answer, what it last held, marked stale. */
  private async snapshot(): Promise<Snapshot> {
    const network = await this.o.network();
    let stale: string | undefined;
    try {
      await this.o.cache.sync();
    } catch (err) {
      stale = `The chain did not answer (${untrustedLine(String((err as Error).message ?? err), 120)}); showing the cached listings.`;
    }
    const scope = cacheScope(network);
    const now = Math.floor((this.o.now ?? Date.now)() / 1000);
    const syncedTo = this.o.repo.cursor(scope)?.syncedTo ?? 0;
    return { network, ...this.view(scope, syncedTo, now), syncedTo, ...(stale ? { stale } : {}) };
  }

  /**
   * The cache folded into listings, reused while the cache is unchanged: folding every event is most of
   * a search's cost. Unchanged means the same synced block, event count and tip hash (a reorg changes
   * the hash). Only time can change a fold's answer meanwhile: an offer reaching its expiry, re-checked.
   */
  private view(
    scope: string,
    syncedTo: number,
    now: number,
  ): { view: CacheView; assets: ReadonlyMap<string, CachedAsset> } {
    const tip = this.o.repo.blocksAtOrBelow(scope, syncedTo, 1)[0]?.hash ?? '';
    const key = `${scope}|${syncedTo}|${this.o.repo.count(scope)}|${tip}`;
    if (this.folded?.key !== key) {
      const cached = readCache(this.o.repo, scope, now);
      // A kind outside AssetRegistry.Kind cannot come from the contract, only from a lying RPC: such a
      // record (and so its offers) is left out rather than shown under a guessed kind.
      const assets = cached.assets.filter((a) => isChainKind(a.kind));
      this.folded = { key, view: { ...cached, assets }, assets: new Map(assets.map((a) => [a.assetId, a])) };
    }
    const { view, assets } = this.folded;
    const expired = (l: CachedListing) => l.expiresAt !== '0' && BigInt(l.expiresAt) <= BigInt(now);
    return {
      view: {
        ...view,
        listings: view.listings.map((l) => (l.live && expired(l) ? { ...l, live: false } : l)),
      },
      assets,
    };
  }

  private outcome(network: ActiveNetwork, asset: CachedAsset): Promise<MetadataOutcome> {
    return this.o.metadata.resolve(asset.metadataURI, isDevnet(network));
  }

  private async texts(
    network: ActiveNetwork,
    assets: readonly CachedAsset[],
  ): Promise<Map<string, AssetText>> {
    const out = new Map<string, AssetText>();
    const missing = new Map<string, CachedAsset>();
    const allowPrivate = isDevnet(network);
    for (const a of assets) {
      if (out.has(a.assetId)) continue;
      const known = this.o.metadata.peek(a.metadataURI, allowPrivate);
      if (known) out.set(a.assetId, assetText(a.assetId, chainKind(a.kind), known));
      else missing.set(a.assetId, a);
    }
    await eachLimited([...missing.values()], METADATA_CONCURRENCY, async (a) => {
      out.set(a.assetId, assetText(a.assetId, chainKind(a.kind), await this.outcome(network, a)));
    });
    return out;
  }

  private async listings(snap: Snapshot, offers: readonly CachedListing[]): Promise<MarketListing[]> {
    const assets = snap.assets;
    const known = offers.filter((o) => assets.has(o.assetId));
    const texts = await this.texts(
      snap.network,
      known.map((o) => assets.get(o.assetId)!),
    );
    const tokens = await this.tokens(snap.network, [...new Set(known.map((o) => o.terms.token))]);
    return known.map((o) => {
      const text = texts.get(o.assetId)!;
      const token = tokens.get(o.terms.token)!;
      // The same offer record with the same shown text and token gives the same row: reused.
      const memo = this.rows.get(o);
      if (memo && memo.text === text && memo.token === token) return memo.row;
      const row = listingRow(o, chainKind(assets.get(o.assetId)!.kind), text, token);
      this.rows.set(o, { text, token, row });
      return row;
    });
  }

  /** Symbol and decimals per token; one that does not answer as an ERC-20 shows raw base units as "?". */
  private async tokens(network: ActiveNetwork, tokens: string[]): Promise<Map<string, TokenShown>> {
    const out = new Map<string, TokenShown>();
    const ask = tokens.filter((t) => {
      const known = this.tokensShown.get(`${network.chainId}:${t}`);
      if (known) out.set(t, known);
      return !known;
    });
    const client = clientFor(network);
    await eachLimited(ask, METADATA_CONCURRENCY, async (token) => {
      try {
        const meta = await tokenMeta(client, network.chainId, token as Address);
        const shown = { symbol: meta.symbol, decimals: meta.decimals };
        this.tokensShown.set(`${network.chainId}:${token}`, shown);
        out.set(token, shown);
      } catch {
        // Not remembered: the token may answer next time.
        out.set(token, { symbol: '?', decimals: 0 });
      }
    });
    return out;
  }
}

export function isDevnet(network: Pick<ActiveNetwork, 'kind' | 'chainId'>): boolean {
  return network.kind === 'devnet' || network.chainId === DEVNET_CHAIN_ID;
}

async function eachLimited<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
