// Earnings and withdraw after a real sale on anvil (the trade fixture's seller and buyer): what the
// app shows as withdrawable is the contract's `owed` to the wei, the per-asset split adds up to the
// credited total, and a withdrawal moves exactly that into the wallet (read back with cast).
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ChainCacheRepo } from '../../../src-main/store/chain-cache-repo.js';
import { PublishInput } from '../../../src-shared/domain/market-publish.js';
import { haveAge } from '../../support/age-cli.js';
import { tempDir } from '../../support/tmp.js';
import { cast } from '../chain/tx-fixture.js';
import {
  type Chain,
  DELIVERY_WINDOW,
  E18,
  increaseTime,
  PaymentToken,
  send,
  useChain,
} from '../contracts/harness.js';
import { seller } from './publish-fixture.js';
import { buyerSide, earningsSide, publishDerived, sellerSide } from './trade-fixture.js';

let c: Chain;
const PRICE = 25n * E18;
const PAID = [1, 2, 3, 9]; // seller and contributor, contributor, the parent's contributor, the fee recipient

const owedByCast = (account: string) =>
  BigInt(cast(c.anvil.rpcUrl, 'call', c.market, 'owed(address,address)(uint256)', c.token, account));
const balanceByCast = (account: string) =>
  BigInt(cast(c.anvil.rpcUrl, 'call', c.token, 'balanceOf(address)(uint256)', account));
const nonceByCast = (account: string) => Number(cast(c.anvil.rpcUrl, 'nonce', account));

describe('earnings and withdraw', () => {
  useChain((chain) => {
    c = chain;
  });

  it.skipIf(!haveAge)(
    'after a sale with two contributors and a parent, each account earns its owed to the wei; withdraw moves exactly that',
    async () => {
      const s = await seller(c, tempDir());
      const published = await publishDerived(c, s, randomBytes(20_000));
      const sell = sellerSide(c, s);
      const b = await buyerSide(c, tempDir(), 4);
      const e = earningsSide(c, tempDir(), PAID);
      try {
        await send(c, 0, c.token, PaymentToken.abi, 'mint', [c.addr(4), PRICE]);
        const plan = await b.buyer.plan({ offerId: published.offerId });
        await b.buyer.confirm(plan.planId);
        await sell.loop.tick(); // the seller delivers: the payment is split
        expect((await sell.deliverer.sales()).map((x) => x.state)).toEqual(['delivered']);

        const shown = await e.earnings.earnings();
        expect(shown.stale).toBeUndefined();
        const rows = new Map(shown.earnings.map((r) => [r.account, r]));
        expect([...rows.keys()].sort()).toEqual(PAID.map((i) => c.addr(i)).sort());
        let total = 0n;
        for (const i of PAID) {
          const r = rows.get(c.addr(i))!;
          expect(r).toMatchObject({
            token: c.token,
            symbol: 'SAHT',
            decimals: 18,
            withdrawn: '0',
            refunded: '0',
          });
          expect(BigInt(r.withdrawable)).toBe(owedByCast(c.addr(i)));
          expect(r.credited).toBe(r.withdrawable);
          expect(r.assets.reduce((sum, a) => sum + BigInt(a.credited), 0n)).toBe(BigInt(r.credited));
          total += BigInt(r.credited);
        }
        expect(total).toBe(PRICE); // every wei of the price went to someone shown here
        const roles = (i: number) => rows.get(c.addr(i))!.assets.map((a) => [a.assetId, a.roles, a.licences]);
        expect(roles(1)).toEqual([[published.assetId, ['contributor', 'seller'], 1]]);
        expect(roles(2)).toEqual([[published.assetId, ['contributor'], 1]]);
        expect(roles(3)).toEqual([[published.assetId, ['parent'], 1]]);
        expect(roles(9)).toEqual([[published.assetId, ['fee'], 1]]);

        // A data dir whose cache was synced before it kept payouts (the scope without the event-set
        // version, already at the head) still explains account 2's balance: it reads the chain again.
        const older = earningsSide(c, tempDir(), [2]);
        try {
          const head = Number(await c.pub.getBlockNumber());
          new ChainCacheRepo(older.world.db).init(`31337:${c.market}:${c.registry}`.toLowerCase(), head + 1);
          const [only] = (await older.earnings.earnings()).earnings;
          expect(only).toMatchObject({ account: c.addr(2), credited: rows.get(c.addr(2))!.credited });
        } finally {
          older.close();
        }

        const owed2 = owedByCast(c.addr(2));
        const before = balanceByCast(c.addr(2));
        const w = await e.earnings.withdrawPlan({ from: c.addr(2) });
        expect(w).toMatchObject({ from: c.addr(2), token: c.token, amount: owed2.toString() });
        expect(BigInt(w.maxFee)).toBeGreaterThan(0n);
        // The review names the call (the history too), not "unknown call"; it moves nothing out.
        expect(w.review.effects).toMatchObject({ call: 'withdraw', outflows: [] });
        const done = await e.earnings.withdrawConfirm(w.planId);
        expect(done.amount).toBe(owed2.toString());
        expect(balanceByCast(c.addr(2)) - before).toBe(owed2);
        expect(owedByCast(c.addr(2))).toBe(0n);

        const after = new Map((await e.earnings.earnings()).earnings.map((r) => [r.account, r]));
        expect(after.get(c.addr(2))).toMatchObject({
          withdrawable: '0',
          credited: rows.get(c.addr(2))!.credited,
          withdrawn: owed2.toString(),
        });
        expect(after.get(c.addr(1))!.withdrawable).toBe(rows.get(c.addr(1))!.withdrawable);

        // Again, with nothing owed: refused before any transaction is signed.
        const nonce = nonceByCast(c.addr(2));
        await expect(e.earnings.withdrawPlan({ from: c.addr(2) })).rejects.toThrow(
          /owes 0x[0-9a-fA-F]{40} nothing in SAHT .*nothing to withdraw/,
        );
        expect(nonceByCast(c.addr(2))).toBe(nonce);
        expect(balanceByCast(c.addr(2)) - before).toBe(owed2);
      } finally {
        e.close();
        await b.close();
        await s.close();
      }
    },
  );

  it.skipIf(!haveAge)(
    'a refunded purchase shows as refunded and withdrawable for the buyer, with nothing credited by sales',
    async () => {
      const s = await seller(c, tempDir());
      const item = await s.add('notes.csv', randomBytes(5_000));
      const { offerId } = await s.publisher.confirm(
        (await s.publisher.plan(PublishInput.parse({ itemId: item.id, price: '25', title: 'Notes' }))).planId,
      );
      const b = await buyerSide(c, tempDir(), 4);
      const e = earningsSide(c, tempDir(), [4]);
      try {
        await send(c, 0, c.token, PaymentToken.abi, 'mint', [c.addr(4), PRICE]);
        const licenseId = (await b.buyer.confirm((await b.buyer.plan({ offerId })).planId)).licenseId;
        expect((await e.earnings.earnings()).earnings).toEqual([]); // escrowed: nothing owed yet
        await expect(e.earnings.withdrawPlan({})).rejects.toThrow(/nothing to withdraw/);
        await increaseTime(c, DELIVERY_WINDOW + 1n);
        await b.buyer.refund(licenseId);
        const [row] = (await e.earnings.earnings()).earnings;
        expect(row).toMatchObject({
          account: c.addr(4),
          withdrawable: PRICE.toString(),
          refunded: PRICE.toString(),
          credited: '0',
          assets: [],
        });
        expect(BigInt(row!.withdrawable)).toBe(owedByCast(c.addr(4)));
      } finally {
        e.close();
        await b.close();
        await s.close();
      }
    },
  );

  it('refuses a token address that is not a contract, and an account the wallet does not hold', async () => {
    const e = earningsSide(c, tempDir(), [5]);
    try {
      await expect(e.earnings.withdrawPlan({ from: c.addr(6) })).rejects.toThrow(
        /is not an account of this wallet/,
      );
      await expect(e.earnings.withdrawPlan({ token: c.addr(7) })).rejects.toThrow(
        /does not answer as an ERC-20 token on this network/,
      );
    } finally {
      e.close();
    }
  });
});
