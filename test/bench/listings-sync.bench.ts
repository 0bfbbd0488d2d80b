// 1,000 marketplace listings synced from a local anvil into Sahel's SQLite event cache (getLogs per
// block range, checks, one transaction per range, block hashes for reorgs), then folded into listings;
// beside a bare viem getLogs loop over the same ranges that decodes into memory and stores nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeFunctionData, parseEventLogs } from 'viem';
import { CacheSync, cacheScope } from '../../src-main/chain/cache/sync.js';
import { readCache } from '../../src-main/chain/cache/views.js';
import { ChainCacheRepo } from '../../src-main/store/chain-cache-repo.js';
import { openDatabase } from '../../src-main/store/database.js';
import { networkOf } from '../integration/chain/tx-fixture.js';
import { E18, Marketplace, register, setupChain, terms } from '../integration/contracts/harness.js';
import { machineLine, writeSection } from './support/report.js';

const LISTINGS = 1_000;
const RUNS = 5;
const BATCH = 2_000;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const c = await setupChain();
const dir = mkdtempSync(join(tmpdir(), 'sahel-bench-'));
try {
  const seller = 3;
  const assets: bigint[] = [];
  for (let i = 0; i < 10; i++) assets.push(await register(c, seller));
  // Many offers per block: automine off, explicit nonces, a block every 100 transactions.
  await c.test.setAutomine(false);
  let nonce = await c.pub.getTransactionCount({ address: c.addr(seller) });
  for (let i = 0; i < LISTINGS; i++) {
    const data = encodeFunctionData({
      abi: Marketplace.abi,
      functionName: 'createOffer',
      args: [assets[i % assets.length]!, terms(c, { price: BigInt(i + 1) * E18 }), 0n],
    });
    await c.wallet(seller).sendTransaction({
      account: c.accounts[seller]!,
      chain: null,
      to: c.market,
      data,
      gas: 300_000n,
      nonce: nonce++,
    });
    if (i % 100 === 99) await c.test.mine({ blocks: 1 });
  }
  await c.test.mine({ blocks: 1 });
  await c.test.setAutomine(true);
  const head = await c.pub.getBlockNumber();

  const network = networkOf(c);
  const sahel: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const db = openDatabase(join(dir, `run-${r}.db`));
    const repo = new ChainCacheRepo(db);
    const t0 = performance.now();
    await new CacheSync({ repo, network: async () => network, batchBlocks: BATCH }).sync();
    const listings = readCache(repo, cacheScope(network), Math.floor(Date.now() / 1000)).listings;
    sahel.push(performance.now() - t0);
    if (listings.length !== LISTINGS) throw new Error(`synced ${listings.length} listings, not ${LISTINGS}`);
    db.close();
  }

  const bare: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    let offers = 0;
    for (let from = 0n; from <= head; from += BigInt(BATCH)) {
      const to = from + BigInt(BATCH) - 1n < head ? from + BigInt(BATCH) - 1n : head;
      const logs = await c.pub.getLogs({ address: [c.market, c.registry], fromBlock: from, toBlock: to });
      offers += parseEventLogs({ abi: Marketplace.abi, logs, eventName: 'OfferCreated' }).length;
    }
    bare.push(performance.now() - t0);
    if (offers !== LISTINGS) throw new Error(`bare loop saw ${offers} offers`);
  }

  const ms = (x: number) => `${x.toFixed(0)} ms`;
  const md = `### ${LISTINGS.toLocaleString('en')} listings synced into the event cache (anvil, ${head} blocks)

Measured ${machineLine()}; median of ${RUNS}, each into a fresh SQLite file.

| Path | Time |
| --- | ---: |
| Sahel: getLogs per ${BATCH}-block range, every log checked and decoded, one SQLite transaction per range with its block hashes, then folded into listings | ${ms(median(sahel))} |
| bare viem getLogs loop over the same ranges, decoded into memory, nothing stored | ${ms(median(bare))} |
| Ratio Sahel / bare | ${(median(sahel) / median(bare)).toFixed(1)}× |

Both make one getLogs request here (all the blocks fit one range). What Sahel adds is checking every
log, writing events and block hashes in one SQLite transaction (synchronous=FULL) and folding them into
listings. The machine is shared with other work, so runs vary by tens of percent.`;
  writeSection('listings-sync', md);
  console.log(md);
} finally {
  await c.anvil.stop();
  rmSync(dir, { recursive: true, force: true });
}
