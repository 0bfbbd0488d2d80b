import { join } from 'node:path';
import { getAddress } from 'viem';
import type { BoughtLicense, MarketActivity } from '../../src-shared/domain/market-buy.js';
import type { Settings } from '../../src-shared/domain/settings.js';
import { SahelError } from '../../src-shared/errors.js';
import {
  type ActiveNetworkSource,
  type CacheSync,
  clientFor,
  type TxPipeline,
  type WalletSigners,
} from '../chain/index.js';
import type { Logger } from '../platform/index.js';
import { type ChainCacheRepo, type Db, MarketTradesRepo, PublishedAssetsRepo } from '../store/index.js';
import type { Vault } from '../vault/index.js';
import { Buyer } from './buy/buyer.js';
import { LicenceKeys } from './buy/licence-keys.js';
import { Deliverer } from './deliver/deliverer.js';
import { Earnings } from './earnings/earnings.js';
import { PeerHosting } from './hosting/peer-hosting.js';
import { Market } from './market.js';
import { MetadataResolver } from './metadata/resolver.js';
import { AssetKeys } from './publish/asset-keys.js';
import { Publisher } from './publish/publisher.js';
import { resolvedMetadata } from './receive/metadata-source.js';
import { Receiver, type ReceiverOptions } from './receive/receiver.js';
import { TradeLoop } from './trade-loop.js';

/** What the market layer needs from the owner: core.ts hands these in. */
export interface MarketDeps {
  db: Db;
  dataDir: string;
  vault: Vault;
  signers: WalletSigners;
  network: ActiveNetworkSource;
  pipeline: TxPipeline;
  cacheRepo: ChainCacheRepo;
  cache: CacheSync;
  settings: () => Settings;
  /** An owner that stays up (not a one-command CLI owner): hosts ciphertexts, delivers and receives. */
  staysUp: boolean;
  /** What is in flight changed (after a delivery round): the owner tells its clients. */
  onActivity?: (activity: MarketActivity) => void;
  log: Logger;
  /** An asset arrived in the vault: makes its kind usable (core: the llm layer checks and marks it). */
  received?: ReceiverOptions['received'];
}

/** The market's services as the API serves them, and what the owner starts and stops. */
export interface MarketServices {
  market: Market;
  /** The identities of assets this data dir published, by asset id (delivery seals them to buyers). */
  assetKeys: AssetKeys;
  publisher: Publisher;
  hosting: PeerHosting;
  buyer: Buyer;
  deliverer: Deliverer;
  earnings: Earnings;
  /** Serves what is published under the current settings (call again when they change). */
  refreshHosting(): Promise<void>;
  /** The chain is in use (a network chosen or started): deliveries and receipts run from now on. */
  followChain(): void;
  /**
   * Runs trade rounds until licence `licenseId` (bought here) is received, failed or refunded, or
   * `waitMs` passed; returns where it stands. What lets a one-command CLI owner, which runs no
   * background loop, see its purchase through (`sahel market buy` waits with it).
   */
  followLicense(licenseId: string, waitMs: number): Promise<BoughtLicense>;
  /** What was in flight at the last delivery round (zero before the first). */
  activity(): MarketActivity;
  stop(): Promise<void>;
}

const TRADE_ROUND_MS = 2_000;
/** Between rounds while a purchase is followed: a devnet's demo seller delivers within about a second. */
const FOLLOW_POLL_MS = 500;

/**
 * Builds the market layer over the chain cache, the vault, the wallet and the tx pipeline. One metadata
 * resolver (and its cache) serves what the Market page shows and what a purchase receives. Published
 * versions and their sealed identities, bought licences and sold deliveries live in SQLite; the
 * ciphertexts in market/blobs, served by the peer listener while something is published; delivery and
 * receipt run in the background over the event cache, so what was bought or delivered while this Sahel
 * was off is handled once it is back.
 */
export function openMarket(d: MarketDeps): MarketServices {
  const metadataResolver = new MetadataResolver({ ipfsGateway: () => d.settings().ipfsGateway ?? '' });
  const market = new Market({
    repo: d.cacheRepo,
    cache: d.cache,
    network: d.network,
    metadata: metadataResolver,
  });

  const published = new PublishedAssetsRepo(d.db);
  const blobsDir = join(d.dataDir, 'market', 'blobs');
  const hosting = new PeerHosting({
    dir: blobsDir,
    settings: d.settings,
    isServed: (sha256) => published.isServed(sha256),
    // A one-command CLI owner would take the listener down as it exits.
    anyServed: () => d.staysUp && published.anyServed(),
    log: d.log.child('hosting'),
  });
  const assetKeys = new AssetKeys(d.vault, published);
  const publisher = new Publisher({
    repo: published,
    keys: assetKeys,
    items: () => d.vault.items,
    pipeline: d.pipeline,
    network: d.network,
    signers: d.signers,
    blobsDir,
    peerUrl: () => hosting.publicUrl(),
    checkPeerHosting: () => hosting.ensureServing(),
    ipfsGateway: () => d.settings().ipfsGateway ?? '',
    published: () => {
      void hosting.refresh();
      // Sales of it are to be delivered from now on, whatever started the chain in this owner.
      followChain();
    },
  });

  const trades = new MarketTradesRepo(d.db);
  const licenceKeys = new LicenceKeys(d.vault);
  const metadata = resolvedMetadata(async () => {
    const network = await d.network();
    return { client: clientFor(network), network };
  }, metadataResolver);
  const buyer = new Buyer({
    repo: trades,
    keys: licenceKeys,
    pipeline: d.pipeline,
    network: d.network,
    signers: d.signers,
    metadata,
    events: d.cacheRepo,
    // An owner that started on a network chosen earlier has no other cue that the chain is in use.
    bought: () => followChain(),
  });
  const deliverer = new Deliverer({
    trades,
    published,
    keys: assetKeys,
    events: d.cacheRepo,
    pipeline: d.pipeline,
    network: d.network,
    signers: d.signers,
    log: d.log.child('market'),
  });
  const receiver = new Receiver({
    trades,
    keys: licenceKeys,
    events: d.cacheRepo,
    metadata,
    network: d.network,
    vault: () => d.vault.items,
    downloadsDir: join(d.dataDir, 'market', 'downloads'),
    ipfsGateway: () => d.settings().ipfsGateway ?? '',
    log: d.log.child('market'),
    ...(d.received ? { received: d.received } : {}),
  });
  const earnings = new Earnings({
    repo: d.cacheRepo,
    cache: d.cache,
    network: d.network,
    signers: d.signers,
    pipeline: d.pipeline,
  });

  // After each round: what is in flight, told to clients when any licence or sale row changed.
  let activity: MarketActivity = { incoming: 0, outgoing: 0 };
  let activityStamp = '';
  const activityPass = {
    async run() {
      const network = await d.network();
      const now = trades.activity(network.chainId, getAddress(network.contracts.marketplace));
      if (now.stamp === activityStamp) return;
      activityStamp = now.stamp;
      activity = { incoming: now.incoming, outgoing: now.outgoing };
      d.onActivity?.(activity);
    },
  };

  let tradeErrors = 0;
  const tradeLoop = new TradeLoop({
    sync: () => d.cache.sync(),
    passes: [deliverer, receiver, activityPass],
    onError: (err) => {
      if (tradeErrors++ % 30 === 0) d.log.warn('market delivery round failed', { error: String(err) });
    },
  });
  const followChain = () => {
    if (d.staysUp) tradeLoop.start(TRADE_ROUND_MS);
  };
  // Something sold or bought before: deliveries and receipts owed since then are due now.
  if (published.anyServed() || trades.hasOpenLicences()) followChain();

  return {
    market,
    assetKeys,
    publisher,
    hosting,
    buyer,
    deliverer,
    earnings,
    refreshHosting: () => hosting.refresh(),
    followChain,
    activity: () => activity,
    async followLicense(licenseId, waitMs) {
      const deadline = Date.now() + waitMs;
      for (;;) {
        await tradeLoop.tick();
        const licence = (await buyer.licenses()).find((l) => l.licenseId === licenseId);
        if (!licence) throw new SahelError('NOT_FOUND', `Licence #${licenseId} was not bought by this Sahel`);
        const open = licence.state === 'buying' || licence.state === 'escrowed';
        if (!open || Date.now() >= deadline) return licence;
        await new Promise((r) => setTimeout(r, Math.min(FOLLOW_POLL_MS, deadline - Date.now())));
      }
    },
    async stop() {
      await tradeLoop.stop();
      await hosting.stop();
    },
  };
}
