// Issue 13's devnet case: a market-watch task with a budget of two licences runs in the buyer's owner
// (`sahel serve`, woken by each new listing) while a seller's owner on the same devnet lists five
// matching assets one after another (once a notify task on any listing shows the watch has its
// baseline). The user's policy lets the two buys through without approval.
// Exactly two are bought, delivered and imported into the buyer's vault; the others are skipped and
// logged; the buyer's payment-token balance (read with `cast`) fell by exactly the two prices.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../support/cli.js';
import { field, ok, SELLER_KEY } from '../../../support/market-cli.js';
import { presetBlobPort } from '../../../support/market-host.js';
import { type Served, startServe } from '../../../support/sahel-process.js';
import { cast } from '../../chain/tx-fixture.js';

// The buyer's own key, with nothing on the devnet: joining it funds the buyer (its faucet top-up).
const BUYER_KEY = '0x2d6f1c3b9a4e8f7d5c2b1a0e9f8d7c6b5a4e3d2c1b0a9f8e7d6c5b4a3e2d1c0b';
const PRICE = 3n * 10n ** 18n;
let dir: string;
const served: Served[] = [];

const sahel = (dataDir: string, args: string[]) =>
  runCli(args, { dataDir, env: { SAHEL_PASSPHRASE_FILE: join(dir, 'pass') }, timeoutMs: 120_000 });

/** The seller adds a small file to its vault and lists it. */
async function publish(seller: string, title: string, price: string): Promise<void> {
  const file = join(dir, `${title.replaceAll(' ', '-')}.csv`);
  writeFileSync(file, `title\n${title}\n`);
  const item = field(ok(await sahel(seller, ['--json', 'vault', 'add', file])).stdout, 'items[0].id');
  ok(await sahel(seller, ['market', 'publish', item, '--price', price, '--title', title, '--yes']));
}
const json = async <T>(dataDir: string, args: string[]): Promise<T> =>
  JSON.parse(ok(await sahel(dataDir, ['--json', ...args])).stdout) as T;

interface Licence {
  licenseId: string;
  offerId: string;
  state: string;
  itemId: string | null;
}
interface Step {
  kind: string;
  text: string;
}

/** Asks `ask` again (100 ms apart, at most `tries` times) until `done` holds of its answer; the last answer. */
async function until<T>(ask: () => Promise<T>, done: (t: T) => boolean, tries = 1_200): Promise<T> {
  let last = await ask();
  for (let i = 0; i < tries && !done(last); i++) {
    await new Promise((r) => setTimeout(r, 100));
    last = await ask();
  }
  return last;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sahel-market-watch-'));
  writeFileSync(join(dir, 'pass'), 'market watch passphrase, long enough\n', { mode: 0o600 });
  writeFileSync(join(dir, 'seller'), `${SELLER_KEY}\n`, { mode: 0o600 });
  writeFileSync(join(dir, 'buyer'), `${BUYER_KEY}\n`, { mode: 0o600 });
});

afterAll(async () => {
  for (const s of served.reverse()) await s.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('a market-watch task on the devnet', () => {
  it('buys exactly two of five matching listings within its budget, receives them, and logs the rest', {
    timeout: 600_000,
  }, async () => {
    const A = join(dir, 'seller-data');
    const B = join(dir, 'buyer-data');
    const buyer = privateKeyToAccount(BUYER_KEY).address;
    ok(await sahel(A, ['vault', 'init']));
    ok(await sahel(A, ['wallet', 'import', '--private-key-file', join(dir, 'seller'), '--name', 'Seller']));
    await presetBlobPort(A);
    served.push(await startServe(A));
    ok(await sahel(A, ['vault', 'unlock']));
    // A listing that does not match comes first (it also starts the seller's devnet).
    await publish(A, 'Seed catalogue 1', '1');
    const networkFile = join(A, 'devnet', 'network.json');
    const network = JSON.parse(readFileSync(networkFile, 'utf8')) as {
      rpcUrl: string;
      contracts: { paymentToken: string; marketplace: string };
    };
    const token = network.contracts.paymentToken;

    ok(await sahel(B, ['vault', 'init']));
    ok(await sahel(B, ['wallet', 'import', '--private-key-file', join(dir, 'buyer'), '--name', 'Buyer']));
    ok(await sahel(B, ['network', 'add', 'shared', '--contracts', networkFile]));
    served.push(await startServe(B));
    ok(await sahel(B, ['network', 'use', 'shared']));
    ok(await sahel(B, ['vault', 'unlock']));
    // The user's limits: a buy of up to 5 at a time, 100 a day and per task, without asking.
    for (const [key, value] of [
      [`limit.${token}.per-action`, '5'],
      [`limit.${token}.daily`, '100'],
      [`limit.${token}.task-budget`, '100'],
    ] as const) {
      ok(await sahel(B, ['agent', 'policy', 'set', key, value]));
    }
    const balance = () => BigInt(cast(network.rpcUrl, 'call', token, 'balanceOf(address)(uint256)', buyer));
    const before = balance();
    // A budget of two licences (3 each); the count alone would allow all five.
    const task = await json<{ id: string }>(B, [
      'tasks',
      'add',
      'market-watch',
      '--on',
      'listing',
      '--filter',
      'weather stations',
      '--max-price',
      '4',
      '--max-count',
      '5',
      '--budget',
      '6',
    ]);
    // The watch's first reading is its baseline ("from now on"): a notify task woken by any listing
    // shows when it has one, so the five below are all new to it.
    const primer = await json<{ id: string }>(B, [
      'tasks',
      'add',
      'notify',
      '--on',
      'listing',
      '--message',
      'listed',
    ]);
    const runsOf = async (id: string) =>
      (await json<{ runs: unknown[] }>(B, ['tasks', 'show', id])).runs.length;
    for (let k = 1; (await runsOf(primer.id)) === 0; k++) {
      expect(k, 'the chain watch never reported a listing').toBeLessThan(6);
      await publish(A, `Seed catalogue ${k + 1}`, '1');
      await until(
        () => runsOf(primer.id),
        (n) => n > 0,
        50,
      );
    }
    const lastLog = () => json<{ steps: Step[] }>(B, ['tasks', 'logs', task.id]);
    // One after another: each listing wakes a run, which sees it (and the demo's dearer weather sample).
    for (let i = 1; i <= 5; i++) {
      await publish(A, `Weather stations ${i}`, '3');
      await until(lastLog, (l) => l.steps.some((s) => s.text.startsWith(`${i + 1} offers match`)));
    }
    const logs = await lastLog();
    const licences = await until(
      () => json<{ licenses: Licence[] }>(B, ['market', 'licenses']),
      (l) => l.licenses.length === 2 && l.licenses.every((x) => x.state === 'received'),
      1_800,
    );
    expect(licences.licenses.map((l) => l.state)).toEqual(['received', 'received']);
    const skipped = logs.steps.filter((s) => s.text.startsWith('Skipped offer #'));
    expect(skipped.filter((s) => s.text.includes('already bought by this task'))).toHaveLength(2);
    // The demo's own weather sample (25) matches the words, not the price.
    expect(skipped.filter((s) => s.text.includes('over the price cap'))).toHaveLength(1);
    expect(skipped.filter((s) => s.text.includes('over budget: 6 spent of 6 SAHC'))).toHaveLength(3);

    // Each run's log lists its buys; together, exactly two, of the two licences received.
    const show = await json<{ runs: { id: string; status: string }[] }>(B, ['tasks', 'show', task.id]);
    const bought: string[] = [];
    for (const r of show.runs) {
      const l = await json<{ steps: Step[] }>(B, ['tasks', 'logs', task.id, '--run', r.id]);
      for (const s of l.steps) if (s.text.startsWith('Bought offer #')) bought.push(s.text);
    }
    expect(bought).toHaveLength(2);
    expect(bought.map((b) => /^Bought offer #(\d+)/.exec(b)?.[1]).sort()).toEqual(
      licences.licenses.map((l) => l.offerId).sort(),
    );
    // The vault holds the two received items; the chain took exactly the two prices.
    for (const l of licences.licenses) {
      ok(await sahel(B, ['vault', 'get', l.itemId as string, '-o', join(dir, `got-${l.licenseId}.csv`)]));
      expect(readFileSync(join(dir, `got-${l.licenseId}.csv`), 'utf8')).toMatch(
        /^title\nWeather stations [1-5]\n$/,
      );
    }
    expect(before - balance()).toBe(2n * PRICE);
  });
});
