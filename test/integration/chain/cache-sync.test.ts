import { join } from 'node:path';
import { parseEventLogs } from 'viem';
import { afterEach, describe, expect, it } from 'vitest';
import { BadChainData, CacheSync, cacheScope } from '../../../src-main/chain/cache/sync.js';
import { readCache } from '../../../src-main/chain/cache/views.js';
import { ChainCacheRepo } from '../../../src-main/store/chain-cache-repo.js';
import { openDatabase } from '../../../src-main/store/database.js';
import { tempDir } from '../../support/tmp.js';
import {
  AssetRegistry,
  buy,
  type Chain,
  createOffer,
  E18,
  fund,
  Marketplace,
  register,
  restore,
  send,
  snapshot,
  useChain,
} from '../contracts/harness.js';
import { networkOf, type RpcProxy, rpcProxy } from './tx-fixture.js';

let c: Chain;

function cacheFor(rpcUrl?: string, batchBlocks = 2_000) {
  const db = openDatabase(join(tempDir(), 'sahel.db'));
  const repo = new ChainCacheRepo(db);
  const network = networkOf(c, rpcUrl);
  const sync = new CacheSync({ repo, network: async () => network, batchBlocks });
  const scope = cacheScope(network);
  const view = () => readCache(repo, scope, Math.floor(Date.now() / 1000));
  return { db, repo, sync, scope, view };
}

describe('the chain read cache', () => {
  useChain((chain) => {
    c = chain;
  });

  it('folds listings, licences and asset records from the events, and follows new blocks', async () => {
    const k = cacheFor();
    const a1 = await register(c, 3);
    const a2 = await register(c, 3, { contributors: [c.addr(3), c.addr(4)], bps: [6_000, 4_000] });
    const o1 = await createOffer(c, 3, a1, { maxLicenses: 1 });
    const o2 = await createOffer(c, 3, a2);
    const o3 = await createOffer(c, 3, a2, { price: 5n * E18 });
    await send(c, 3, c.market, Marketplace.abi, 'cancelOffer', [o3]);
    await fund(c, 5, 100n * E18);
    await buy(c, 5, o1, 100n * E18);
    const first = await k.sync.sync();
    expect(first.events).toBeGreaterThan(0);
    let v = k.view();
    expect(v.listings.map((l) => [l.offerId, l.sold, l.live])).toEqual([
      [o1.toString(), 1, false], // sold out (seat cap 1)
      [o2.toString(), 0, true],
      [o3.toString(), 0, false], // cancelled
    ]);
    expect(v.licenses.map((l) => [l.offerId, l.buyer, l.status])).toEqual([
      [o1.toString(), c.addr(5), 'escrowed'],
    ]);
    expect(v.assets.find((x) => x.assetId === a2.toString())).toMatchObject({
      contributors: [c.addr(3), c.addr(4)],
      bps: [6_000, 4_000],
      owner: c.addr(3),
    });

    // The asset changes hands: its offer dies, as on chain.
    await send(c, 3, c.registry, AssetRegistry.abi, 'transferFrom', [c.addr(3), c.addr(6), a2]);
    k.sync.follow(30);
    await expect.poll(() => k.view().assets.find((x) => x.assetId === a2.toString())?.owner).toBe(c.addr(6));
    k.sync.stop();
    v = k.view();
    expect(v.listings.find((l) => l.offerId === o2.toString())?.live).toBe(false);
    const onChain = (await c.pub.readContract({
      address: c.market,
      abi: Marketplace.abi,
      functionName: 'getOffer',
      args: [o2],
    })) as { sold: number };
    expect(onChain.sold).toBe(0);
    expect(k.repo.count(k.scope)).toBe(await directLogsKept());
    k.db.close();
  });

  it('rolls back to the common ancestor after a reorg and reads the new branch', async () => {
    const k = cacheFor();
    const asset = await register(c, 3);
    const kept = await createOffer(c, 3, asset);
    const fork = await snapshot(c);
    const lost = await createOffer(c, 3, asset, { price: 7n * E18 });
    await k.sync.sync();
    expect(k.view().listings.map((l) => l.offerId)).toEqual([kept.toString(), lost.toString()]);

    // Another branch from the fork point: a different offer, more blocks.
    await restore(c, fork);
    const other = await createOffer(c, 3, asset, { price: 9n * E18 });
    await c.test.mine({ blocks: 3 });
    const result = await k.sync.sync();
    expect(result.rolledBackTo).toBeDefined();
    const listings = k.view().listings;
    expect(listings.map((l) => [l.offerId, l.terms.price])).toEqual([
      [kept.toString(), (100n * E18).toString()],
      [other.toString(), (9n * E18).toString()],
    ]);
    // Every stored block hash is the chain's.
    for (const b of k.repo.blocksAtOrBelow(k.scope, Number.MAX_SAFE_INTEGER, 1000)) {
      expect((await c.pub.getBlock({ blockNumber: BigInt(b.number) })).hash).toBe(b.hash);
    }

    // A same-height reorg (no new block above the cache's tip) is found too.
    const fork2 = await snapshot(c);
    await createOffer(c, 3, asset, { price: 11n * E18 });
    await k.sync.sync();
    expect(k.view().listings).toHaveLength(3);
    await restore(c, fork2);
    await c.test.mine({ blocks: 1 });
    expect((await k.sync.sync()).rolledBackTo).toBeDefined();
    expect(k.view().listings).toHaveLength(2);
    k.db.close();
  });

  let proxy: RpcProxy | undefined;
  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
  });

  it('an outage mid-sync leaves only whole ranges applied; the next sync completes it', async () => {
    proxy = await rpcProxy(c.anvil.rpcUrl);
    const asset = await register(c, 3);
    for (let i = 0; i < 8; i++) await createOffer(c, 3, asset, { price: BigInt(i + 1) * E18 });
    const k = cacheFor(proxy.url, 3);
    let logsCalls = 0;
    proxy.rule = (m) => (m === 'eth_getLogs' && ++logsCalls > 2 ? 'drop' : 'pass');
    await expect(k.sync.sync()).rejects.toThrow();
    const cursor = k.repo.cursor(k.scope)!;
    expect(cursor.syncedTo).toBeGreaterThanOrEqual(5);
    // Exactly what the chain holds up to the cursor: no half range.
    expect(k.repo.count(k.scope)).toBe(await directKeptUpTo(BigInt(cursor.syncedTo)));

    proxy.rule = () => 'pass';
    await k.sync.sync();
    expect(k.view().listings).toHaveLength(8);
    expect(k.repo.count(k.scope)).toBe(await directLogsKept());
    k.db.close();
  });

  it('refuses a lying RPC (logs outside the range asked, undecodable logs) without storing anything', async () => {
    proxy = await rpcProxy(c.anvil.rpcUrl);
    const asset = await register(c, 3);
    await createOffer(c, 3, asset);
    const k = cacheFor(proxy.url);
    const real = await c.pub.request({
      method: 'eth_getLogs',
      params: [{ address: [c.market, c.registry], fromBlock: '0x0', toBlock: 'latest' }],
    });
    const shifted = (real as { blockNumber: string }[]).map((l) => ({ ...l, blockNumber: '0xffffff' }));
    proxy.rule = (m) => (m === 'eth_getLogs' ? { result: shifted } : 'pass');
    await expect(k.sync.sync()).rejects.toBeInstanceOf(BadChainData);
    const truncated = (real as { data: string }[]).map((l) => ({ ...l, data: '0x1234' }));
    proxy.rule = (m) => (m === 'eth_getLogs' ? { result: truncated } : 'pass');
    await expect(k.sync.sync()).rejects.toBeInstanceOf(BadChainData);
    expect(k.repo.count(k.scope)).toBe(0);
    expect(k.repo.cursor(k.scope)!.syncedTo).toBe(-1);
    proxy.rule = () => 'pass';
    await k.sync.sync();
    expect(k.view().listings).toHaveLength(1);
    k.db.close();
  });
});

const KEPT = new Set([
  'OfferCreated',
  'OfferUpdated',
  'OfferCancelled',
  'Purchased',
  'KeyDelivered',
  'Refunded',
  'AssetRegistered',
  'AssetLineage',
  'Transfer',
]);

/** The logs the cache keeps, counted from a bare getLogs with the artifacts' ABIs. */
async function directKeptUpTo(upTo?: bigint): Promise<number> {
  const logs = await c.pub.getLogs({
    address: [c.market, c.registry],
    fromBlock: 0n,
    toBlock: upTo ?? 'latest',
  });
  const m = parseEventLogs({
    abi: Marketplace.abi,
    logs: logs.filter((l) => l.address.toLowerCase() === c.market.toLowerCase()),
  });
  const r = parseEventLogs({
    abi: AssetRegistry.abi,
    logs: logs.filter((l) => l.address.toLowerCase() === c.registry.toLowerCase()),
  });
  return [...m, ...r].filter((e) => KEPT.has(e.eventName)).length;
}

const directLogsKept = () => directKeptUpTo();
