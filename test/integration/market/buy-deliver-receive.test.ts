import { createHash, randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { PublishInput } from '../../../src-shared/domain/market-publish.js';
import { haveAge } from '../../support/age-cli.js';
import { tempDir } from '../../support/tmp.js';
import { cast } from '../chain/tx-fixture.js';
import { type Chain, E18, FEE_BPS, PaymentToken, register, send, useChain } from '../contracts/harness.js';
import { seller } from './publish-fixture.js';
import { buyerSide, sellerSide, until } from './trade-fixture.js';

let c: Chain;
const PRICE = 25n * E18;

async function sha256(stream: Readable): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of stream) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** The marketplace's `owed(token, account)`, read with cast (a client no one here wrote). */
const owedByCast = (account: string) =>
  BigInt(cast(c.anvil.rpcUrl, 'call', c.market, 'owed(address,address)(uint256)', c.token, account));

describe('buying, delivering and receiving between two owners on one anvil', () => {
  useChain((chain) => {
    c = chain;
  });

  it.skipIf(!haveAge)(
    'the buyer buys; with no further command the seller delivers and the buyer imports the same bytes; payouts to the wei',
    async () => {
      const s = await seller(c, tempDir());
      const parent = await register(c, 3); // another account's asset, the parent
      const original = randomBytes(300_000);
      const item = await s.add('weather.csv', original);
      const published = await s.publisher.confirm(
        (
          await s.publisher.plan(
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
          )
        ).planId,
      );
      const sell = sellerSide(c, s);
      const b = await buyerSide(c, tempDir(), 4);
      await send(c, 0, c.token, PaymentToken.abi, 'mint', [c.addr(4), PRICE]);
      const before = await Promise.all([1, 2, 3, 9].map((i) => owedByCast(c.addr(i))));
      sell.loop.start(100);
      b.loop.start(100);
      try {
        const plan = await b.buyer.plan({ offerId: published.offerId, maxPrice: '25' });
        expect(plan.approval).toBe(PRICE.toString()); // exactly the price, never unlimited
        expect(plan.steps.map((x) => x.step)).toEqual(['approve', 'buy']);
        expect(plan.buyerPubKey).toMatch(/^0x[0-9a-f]{64}$/);
        const fee = (PRICE * BigInt(FEE_BPS)) / 10_000n;
        const net = PRICE - fee;
        const royalty = (net * 1_000n) / 10_000n;
        const rest = net - royalty;
        const expected = new Map([
          [c.addr(9), fee],
          [c.addr(3), royalty],
          [c.addr(1), (rest * 6_000n) / 10_000n],
          [c.addr(2), (rest * 4_000n) / 10_000n],
        ]);
        expect(new Map(plan.split.map((x) => [x.account, BigInt(x.amount)]))).toEqual(expected);

        const bought = await b.buyer.confirm(plan.planId);
        expect(bought.approveTx).not.toBeNull();
        await until('the licence received', () =>
          b.buyer.licenses().then((l) => l[0]?.state === 'received' || l[0]?.state === 'failed'),
        );
        const [licence] = await b.buyer.licenses();
        expect(licence).toMatchObject({ licenseId: bought.licenseId, state: 'received', reason: null });
        const got = await b.vault.items.openPlaintext(licence!.itemId!);
        expect(await sha256(got.stream)).toBe(createHash('sha256').update(original).digest('hex'));
        expect(b.vault.items.get(licence!.itemId!).tags).toContain('licensed');
        expect((await sell.deliverer.sales()).map((x) => [x.licenseId, x.state])).toEqual([
          [bought.licenseId, 'delivered'],
        ]);
        const after = await Promise.all([1, 2, 3, 9].map((i) => owedByCast(c.addr(i))));
        expect(after.map((a, k) => a - before[k]!)).toEqual(
          [1, 2, 3, 9].map((i) => expected.get(c.addr(i))),
        );
      } finally {
        await sell.loop.stop();
        await b.close();
        await s.close();
      }
    },
  );
});
