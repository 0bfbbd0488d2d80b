// Both owners of a sale for the buy tests, each on its own data dir (SQLite file, vault, event
// cache) against one anvil: the seller (the publish fixture, plus its deliverer) and the buyer (its
// own vault, pipeline, buyer and receiver). Each runs the trade loop core.ts runs in an owner. The
// earnings side is an owner whose wallet holds any accounts paid by a sale (earnings and withdraw).
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { CacheSync } from '../../../src-main/chain/cache/sync.js';
import type { ActiveNetwork, TxGuard } from '../../../src-main/chain/tx/ports.js';
import { clientFor } from '../../../src-main/chain/tx/rpc.js';
import { Buyer } from '../../../src-main/market/buy/buyer.js';
import { LicenceKeys } from '../../../src-main/market/buy/licence-keys.js';
import { Deliverer } from '../../../src-main/market/deliver/deliverer.js';
import { Earnings } from '../../../src-main/market/earnings/earnings.js';
import { MetadataResolver } from '../../../src-main/market/metadata/resolver.js';
import { resolvedMetadata } from '../../../src-main/market/receive/metadata-source.js';
import { Receiver, type ReceiverOptions } from '../../../src-main/market/receive/receiver.js';
import { TradeLoop } from '../../../src-main/market/trade-loop.js';
import { ChainCacheRepo } from '../../../src-main/store/chain-cache-repo.js';
import { MarketTradesRepo } from '../../../src-main/store/market-trades-repo.js';
import type { Vault } from '../../../src-main/vault/vault.js';
import { PublishInput, type PublishResult } from '../../../src-shared/domain/market-publish.js';
import { openTestVault } from '../../support/vault.js';
import { devSigners, type World, world } from '../chain/tx-fixture.js';
import { type Chain, E18, PaymentToken, register, send } from '../contracts/harness.js';
import type { Seller } from './publish-fixture.js';

const quiet = { warn: () => {} };
const loopErrors: unknown[] = [];

/** The trade loop of an owner whose network is `network` (its RPC may be a test's proxy). */
function loop(network: ActiveNetwork, db: ChainCacheRepo, passes: { run(): Promise<void> }[]): TradeLoop {
  const sync = new CacheSync({ repo: db, network: async () => network });
  return new TradeLoop({ sync: () => sync.sync(), passes, onError: (e) => loopErrors.push(e) });
}

export interface SellerSide {
  trades: MarketTradesRepo;
  deliverer: Deliverer;
  loop: TradeLoop;
}

/** The seller's deliverer, on the publish fixture's database, vault and pipeline. */
export function sellerSide(c: Chain, s: Seller, wallet = [1]): SellerSide {
  const trades = new MarketTradesRepo(s.db);
  const deliverer = new Deliverer({
    trades,
    published: s.repo,
    keys: s.keys,
    events: new ChainCacheRepo(s.db),
    pipeline: s.world.pipeline,
    network: async () => s.world.network,
    signers: devSigners(c, wallet),
    log: quiet,
  });
  return { trades, deliverer, loop: loop(s.world.network, new ChainCacheRepo(s.db), [deliverer]) };
}

export interface BuyerSide {
  dir: string;
  trades: MarketTradesRepo;
  buyer: Buyer;
  receiver: Receiver;
  vault: Vault;
  world: World;
  loop: TradeLoop;
  close(): Promise<void>;
}

/** A buyer on its own data dir, buying with anvil's account `account`. */
export async function buyerSide(
  c: Chain,
  dir: string,
  account: number,
  received?: ReceiverOptions['received'],
  /** What the pipeline's guard does besides recording (the agent's gate, in the agent's tests). */
  guard?: TxGuard,
): Promise<BuyerSide> {
  mkdirSync(join(dir, 'tx'), { recursive: true });
  const w = world(c, join(dir, 'tx'), { wallet: [account], ...(guard ? { guard } : {}) });
  const t = openTestVault(dir);
  if (t.vault.state().state === 'uninitialised') await t.vault.create('buyer vault passphrase for tests');
  else await t.vault.unlock('buyer vault passphrase for tests');
  const trades = new MarketTradesRepo(t.db);
  const keys = new LicenceKeys(t.vault);
  const metadata = resolvedMetadata(
    async () => ({ client: clientFor(w.network), network: w.network }),
    new MetadataResolver({ ipfsGateway: () => '' }),
  );
  const buyer = new Buyer({
    repo: trades,
    keys,
    pipeline: w.pipeline,
    network: async () => w.network,
    signers: devSigners(c, [account]),
    metadata,
    events: new ChainCacheRepo(t.db),
  });
  const receiver = new Receiver({
    trades,
    keys,
    events: new ChainCacheRepo(t.db),
    metadata,
    network: async () => w.network,
    vault: () => t.vault.items,
    downloadsDir: join(dir, 'market', 'downloads'),
    ...(received ? { received } : {}),
    log: quiet,
  });
  const l = loop(w.network, new ChainCacheRepo(t.db), [receiver]);
  return {
    dir,
    trades,
    buyer,
    receiver,
    vault: t.vault,
    world: w,
    loop: l,
    close: async () => {
      await l.stop();
      w.close();
      t.close();
    },
  };
}

/**
 * Publishes `bytes` as a dataset at 25 tokens from the seller (account 1), with contributors account 1
 * (60 %) and account 2 (40 %), derived (10 % royalty) from a parent asset that account 3 registers.
 */
export async function publishDerived(c: Chain, s: Seller, bytes: Buffer): Promise<PublishResult> {
  const parent = await register(c, 3);
  const item = await s.add('weather.csv', bytes);
  const plan = await s.publisher.plan(
    PublishInput.parse({
      itemId: item.id,
      price: '25',
      title: 'Weather',
      kind: 'dataset',
      contributors: [
        { address: c.addr(1), bps: 6_000 },
        { address: c.addr(2), bps: 4_000 },
      ],
      parents: [{ assetId: parent.toString(), bps: 1_000 }],
    }),
  );
  return s.publisher.confirm(plan.planId);
}

export interface EarningsSide {
  earnings: Earnings;
  world: World;
  close(): void;
}

/** An owner on its own data dir whose wallet holds anvil's accounts `wallet`: its earnings and withdrawals. */
export function earningsSide(c: Chain, dir: string, wallet: number[]): EarningsSide {
  mkdirSync(dir, { recursive: true });
  const w = world(c, dir, { wallet });
  const repo = new ChainCacheRepo(w.db);
  const sync = new CacheSync({ repo, network: async () => w.network });
  const earnings = new Earnings({
    repo,
    cache: sync,
    network: async () => w.network,
    signers: devSigners(c, wallet),
    pipeline: w.pipeline,
  });
  return { earnings, world: w, close: () => w.close() };
}

/** Publishes `bytes` from the seller (account 1) at 25 tokens; returns the offer id. */
export async function publishOffer(s: Seller, bytes: Buffer): Promise<string> {
  const item = await s.add('weather.csv', bytes);
  const plan = await s.publisher.plan(PublishInput.parse({ itemId: item.id, price: '25', title: 'Weather' }));
  return (await s.publisher.confirm(plan.planId)).offerId;
}

/** Mints the price (25 tokens) to the buyer (account 4), then plans and confirms the buy; the licence id. */
export async function buyOffer(c: Chain, b: BuyerSide, offerId: string): Promise<string> {
  await send(c, 0, c.token, PaymentToken.abi, 'mint', [c.addr(4), 25n * E18]);
  const plan = await b.buyer.plan({ offerId });
  return (await b.buyer.confirm(plan.planId)).licenseId;
}

/** The sha256 (hex) of what a stream gives (a vault item's plaintext). */
export async function sha256(stream: Readable): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of stream) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** Polls `check` until it holds (a background loop is working), failing after a generous bound. */
export async function until(
  what: string,
  check: () => boolean | Promise<boolean>,
  bound = 60_000,
): Promise<void> {
  const end = Date.now() + bound;
  while (!(await check())) {
    if (Date.now() > end)
      throw new Error(`still waiting for ${what}; loop errors: ${loopErrors.map(String).join('; ')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
