import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CacheSync } from '../../../src-main/chain/cache/sync.js';
import { Market } from '../../../src-main/market/market.js';
import { MetadataResolver } from '../../../src-main/market/metadata/resolver.js';
import { ChainCacheRepo } from '../../../src-main/store/chain-cache-repo.js';
import { openDatabase } from '../../../src-main/store/database.js';
import { CAST_BIN } from '../../support/anvil.js';
import { GOOD_METADATA, metadataUri } from '../../support/asset-metadata.js';
import { tempDir } from '../../support/tmp.js';
import { networkOf, rpcProxy } from '../chain/tx-fixture.js';
import {
  buy,
  type Chain,
  createOffer,
  E18,
  fund,
  KIND,
  now,
  register,
  useChain,
} from '../contracts/harness.js';

let c: Chain;
let server: Server;
let metaUrl: string;

function marketFor(network = networkOf(c), clock?: () => number) {
  const repo = new ChainCacheRepo(openDatabase(join(tempDir(), 'sahel.db')));
  const sync = new CacheSync({ repo, network: async () => network });
  const metadata = new MetadataResolver({ ipfsGateway: () => '' });
  return new Market({
    repo,
    cache: sync,
    network: async () => network,
    metadata,
    ...(clock ? { now: clock } : {}),
  });
}

describe('the market read side on anvil', () => {
  useChain((chain) => {
    c = chain;
  });
  beforeAll(async () => {
    // Metadata served over http on loopback: allowed, since anvil's chain id is a devnet's.
    server = createServer((_req, res) =>
      res.end(JSON.stringify({ ...GOOD_METADATA, title: 'Crop model', kind: 'model', tags: ['maize'] })),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    metaUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/meta.json`;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  it('searches live listings with their metadata, and shows an asset with provenance and the exact split', async () => {
    // Parent: a dataset by accounts 3 and 4; child: a model by 5 (70%) and 6 (30%) with a 10% royalty.
    const parent = await register(c, 3, {
      uri: metadataUri({ ...GOOD_METADATA, title: 'Rainfall \u202Egnp.exe' }),
      contributors: [c.addr(3), c.addr(4)],
      bps: [6_000, 4_000],
    });
    const child = await register(c, 5, {
      kind: KIND.Model,
      uri: metaUrl,
      contributors: [c.addr(5), c.addr(6)],
      bps: [7_000, 3_000],
      parents: [parent],
      parentBps: [1_000],
    });
    const liar = await register(c, 5, { kind: KIND.Adapter, uri: metadataUri(GOOD_METADATA) });
    const broken = await register(c, 7, { uri: 'data:application/json,{not json' });
    const o1 = await createOffer(c, 3, parent, { price: 25n * E18, derivativesAllowed: true });
    const o2 = await createOffer(c, 5, child, { price: 1_000_003n });
    const o3 = await createOffer(c, 5, liar, { price: 7n * E18, commercialUse: false });
    const o4 = await createOffer(c, 7, broken, { price: 2n * E18 });
    await fund(c, 8, 100n * E18);
    await buy(c, 8, o1, 25n * E18);

    const market = marketFor();
    const all = await market.search({ sort: 'newest', limit: 50 });
    expect(all.listings.map((l) => l.offerId)).toEqual([o4, o3, o2, o1].map(String));
    expect(all.stale).toBeUndefined();
    const byId = new Map(all.listings.map((l) => [l.offerId, l]));
    expect(byId.get(String(o1))).toMatchObject({
      title: 'Rainfall <U+202E>gnp.exe',
      kind: 'dataset',
      sold: 1,
      terms: { symbol: 'SAHT', decimals: 18, price: String(25n * E18) },
      metadata: { state: 'ok' },
    });
    expect(byId.get(String(o2))).toMatchObject({ title: 'Crop model', kind: 'model', tags: ['maize'] });
    expect(byId.get(String(o3))).toMatchObject({ kind: 'adapter', metadata: { kindClaimed: 'dataset' } });
    expect(byId.get(String(o4))).toMatchObject({
      title: `Asset #${broken}`,
      metadata: { state: 'unreadable', problem: expect.stringMatching(/^metadata could not be read: /) },
    });

    const ids = async (q: Partial<Parameters<Market['search']>[0]>) =>
      (await market.search({ sort: 'newest', limit: 50, ...q })).listings.map((l) => l.offerId);
    expect(await ids({ text: 'maize' })).toEqual([String(o2)]);
    expect(await ids({ kind: 'model' })).toEqual([String(o2)]);
    expect(await ids({ maxPrice: '7' })).toEqual([o4, o3, o2].map(String));
    expect(await ids({ seller: c.addr(7) })).toEqual([String(o4)]);
    expect(await ids({ license: ['commercial', 'derivatives'] })).toEqual([String(o1)]);
    expect(await ids({ sort: 'sold', limit: 1 })).toEqual([String(o1)]);

    const page = await market.show(String(child));
    expect(page).toMatchObject({
      kind: 'model',
      title: 'Crop model',
      owner: c.addr(5),
      contributors: [
        { account: c.addr(5), bps: 7_000 },
        { account: c.addr(6), bps: 3_000 },
      ],
      parents: [{ assetId: String(parent), bps: 1_000, kind: 'dataset', title: 'Rainfall <U+202E>gnp.exe' }],
      ciphertext: { sha256: GOOD_METADATA.ciphertext.sha256, locations: [{ kind: 'url' }] },
      licenses: { sold: 0 },
      sellerOther: [{ assetId: String(liar) }],
    });
    // 2.5% fee of 1,000,003 = 25,000; royalty 10% of the net 975,003 = 97,500 split 60/40 between the
    // parent's contributors; the rest 877,503 split 70/30; 1 wei of rounding to the seller.
    const split = page.split!;
    expect(split.recipients.map((r) => [r.account, r.amount, r.role])).toEqual([
      [c.feeRecipient, '25000', 'fee'],
      [c.addr(3), '58500', 'parent'],
      [c.addr(4), '39000', 'parent'],
      [c.addr(5), '614252', 'contributor'],
      [c.addr(6), '263250', 'contributor'],
      [c.addr(5), '1', 'seller'],
    ]);
    // The contract's own answer, read independently with cast.
    const quoted = execFileSync(
      CAST_BIN,
      [
        'call',
        '--rpc-url',
        c.anvil.rpcUrl,
        '--json',
        c.market,
        'quoteSplit(uint256,uint256,address)(address[],uint256[])',
        String(child),
        '1000003',
        c.addr(5),
      ],
      { encoding: 'utf8' },
    );
    const [accounts, amounts] = JSON.parse(quoted) as [string[], string[]];
    expect(accounts.map((a, i) => [a, String(amounts[i])])).toEqual(
      split.recipients.map((r) => [r.account, r.amount]),
    );

    const parentPage = await market.show(String(parent));
    expect(parentPage.derived).toEqual([{ assetId: String(child), kind: 'model', title: 'Crop model' }]);
    expect(parentPage.licenses).toEqual({ sold: 1, escrowed: 1, delivered: 0, refunded: 0 });
    await expect(market.show('999')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses loopback metadata on a network that is not a devnet, and keeps listing the asset', async () => {
    const asset = await register(c, 3, { uri: metaUrl });
    const offer = await createOffer(c, 3, asset);
    const market = marketFor({ ...networkOf(c), chainId: 31337, kind: 'rpc' });
    expect((await market.search({ sort: 'newest', limit: 5 })).listings[0]?.metadata.state).toBe('ok');
    // The same chain posing as a real network (another chain id is only what the market checks here).
    const real = marketFor({ ...networkOf(c), chainId: 1 });
    const row = (await real.search({ sort: 'newest', limit: 5 })).listings.find(
      (l) => l.offerId === String(offer),
    );
    expect(row).toMatchObject({
      title: `Asset #${asset}`,
      metadata: { state: 'unreadable', problem: expect.stringMatching(/refused outside a devnet/) },
    });
  });

  it('reuses its folded listings only while the cache is unchanged: a new offer, a sale and an expiry show at once', async () => {
    const asset = await register(c, 3, { uri: metadataUri(GOOD_METADATA) });
    const chainNow = await now(c);
    const lasting = await createOffer(c, 3, asset, { price: 2n * E18 });
    const expiring = await createOffer(c, 3, asset, { price: 3n * E18 }, chainNow + 3_600n);
    let clock = Number(chainNow) * 1000;
    const market = marketFor(networkOf(c), () => clock);
    const mine = async () =>
      (await market.search({ sort: 'newest', limit: 50, seller: c.addr(3) })).listings
        .filter((l) => l.assetId === String(asset))
        .map((l) => [l.offerId, l.sold]);
    expect(await mine()).toEqual([
      [String(expiring), 0],
      [String(lasting), 0],
    ]);
    const later = await createOffer(c, 3, asset, { price: 4n * E18 });
    await fund(c, 8, 10n * E18);
    await buy(c, 8, lasting, 2n * E18);
    expect(await mine()).toEqual([
      [String(later), 0],
      [String(expiring), 0],
      [String(lasting), 1],
    ]);
    // No new block: the same fold, but the clock has passed the expiry.
    clock = Number(chainNow + 7_200n) * 1000;
    expect(await mine()).toEqual([
      [String(later), 0],
      [String(lasting), 1],
    ]);
  });

  it('answers from the cache, marked stale, while the RPC is down; the split says it could not be quoted', async () => {
    const asset = await register(c, 3, { uri: metadataUri(GOOD_METADATA) });
    const offer = await createOffer(c, 3, asset, { price: 3n * E18 });
    const proxy = await rpcProxy(c.anvil.rpcUrl);
    try {
      const market = marketFor(networkOf(c, proxy.url));
      const fresh = await market.search({ sort: 'newest', limit: 5 });
      expect(fresh.stale).toBeUndefined();
      proxy.rule = () => 'drop';
      const stale = await market.search({ sort: 'newest', limit: 5 });
      expect(stale.stale).toMatch(/^The chain did not answer .*; showing the cached listings\.$/);
      expect(stale.listings.map((l) => [l.offerId, l.title, l.terms.symbol])).toEqual([
        [String(offer), GOOD_METADATA.title, 'SAHT'],
      ]);
      const page = await market.show(String(asset));
      expect(page.split).toBeUndefined();
      expect(page.splitProblem).toMatch(/^The split could not be quoted: /);
      expect(page.offers.map((o) => o.offerId)).toEqual([String(offer)]);
    } finally {
      await proxy.close();
    }
  });
});
