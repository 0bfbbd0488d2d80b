// A seeded random sequence of register / offer / buy / deliver / refund / withdraw / transfer / time warp,
// checked after every step against an independent model of what the market owes.
import type { Address } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prng } from '../../support/prng.js';
import {
  AssetRegistry,
  balanceOf,
  type Chain,
  createOffer,
  DELIVERY_WINDOW,
  E18,
  events,
  FEE_BPS,
  fund,
  increaseTime,
  Marketplace,
  now,
  owed,
  PUBKEY,
  read,
  register,
  revertOf,
  send,
  setupChain,
} from './harness.js';

const STEPS = 200;
const SEED = 0x5a4e1;
const ACTORS = [1, 2, 3, 4, 5, 6, 7, 8];

interface MAsset {
  id: bigint;
  owner: number;
  contributors: Address[];
  bps: bigint[];
  parents: bigint[];
  parentBps: bigint[];
}
interface MOffer {
  id: bigint;
  assetId: bigint;
  seller: number;
  price: bigint;
  maxLicenses: number;
  sold: number;
  dead: boolean;
}
interface MLicense {
  id: bigint;
  offer: MOffer;
  buyer: number;
  seller: number;
  price: bigint;
  fee: bigint;
  deadline: bigint;
  status: 'escrowed' | 'delivered' | 'refunded';
}

describe('Marketplace invariants under a random sequence', () => {
  let c: Chain;
  beforeAll(async () => {
    c = await setupChain();
  });
  afterAll(async () => {
    await c?.anvil.stop();
  });

  it(`${STEPS} seeded steps keep the market solvent and every payout exact`, async () => {
    const r = prng(SEED);
    const assets: MAsset[] = [];
    const offers: MOffer[] = [];
    const licenses: MLicense[] = [];
    const owedModel = new Map<Address, bigint>();
    let escrowModel = 0n;
    let completedSales = 0;
    let withdrawals = 0;
    const counts: Record<string, number> = {};
    const credit = (a: Address, v: bigint) => owedModel.set(a, (owedModel.get(a) ?? 0n) + v);
    const assetById = (id: bigint) => assets.find((a) => a.id === id)!;

    /** The reference split, written independently of the contract. */
    function expectedSplit(l: MLicense): Map<Address, bigint> {
      const out = new Map<Address, bigint>();
      const add = (a: Address, v: bigint) => v > 0n && out.set(a, (out.get(a) ?? 0n) + v);
      const asset = assetById(l.offer.assetId);
      add(c.feeRecipient, l.fee);
      let paid = l.fee;
      const net = l.price - l.fee;
      let royalties = 0n;
      asset.parents.forEach((p, i) => {
        const royalty = (net * asset.parentBps[i]!) / 10_000n;
        royalties += royalty;
        const parent = assetById(p);
        parent.contributors.forEach((who, j) => {
          const share = (royalty * parent.bps[j]!) / 10_000n;
          add(who, share);
          paid += share;
        });
      });
      const pool = net - royalties;
      asset.contributors.forEach((who, j) => {
        const share = (pool * asset.bps[j]!) / 10_000n;
        add(who, share);
        paid += share;
      });
      add(c.addr(l.seller), l.price - paid);
      return out;
    }

    function randomBps(n: number): bigint[] {
      const cuts = Array.from({ length: n - 1 }, () => 1 + r.int(9_999)).sort((x, y) => x - y);
      const uniq = [...new Set(cuts)];
      const edges = [0, ...uniq, 10_000];
      return edges.slice(1).map((e, i) => BigInt(e - edges[i]!));
    }

    const actions = {
      async register() {
        const owner = r.pick(ACTORS);
        const pool = [...ACTORS].sort(() => r.next() - 0.5).slice(0, 1 + r.int(3));
        const bps = randomBps(pool.length);
        const contributors = pool.slice(0, bps.length).map((i) => c.addr(i));
        const parents = [
          ...new Set(Array.from({ length: assets.length ? r.int(3) : 0 }, () => r.pick(assets).id)),
        ];
        const parentBps = parents.map(() => BigInt(1 + r.int(2_000)));
        const id = await register(c, owner, {
          contributors,
          bps: bps.map(Number),
          parents,
          parentBps: parentBps.map(Number),
        });
        assets.push({ id, owner, contributors, bps, parents, parentBps });
      },
      async offer() {
        if (assets.length === 0) return actions.register();
        const a = r.pick(assets);
        const dust = r.next() < 0.3;
        const price = dust
          ? BigInt(40 + r.int(500))
          : BigInt(1 + r.int(1_000)) * E18 + BigInt(r.int(1_000_000));
        const maxLicenses = r.int(3);
        const id = await createOffer(c, a.owner, a.id, { price, maxLicenses });
        offers.push({ id, assetId: a.id, seller: a.owner, price, maxLicenses, sold: 0, dead: false });
      },
      async buy() {
        const live = offers.filter((o) => !o.dead && (o.maxLicenses === 0 || o.sold < o.maxLicenses));
        if (live.length === 0) return actions.offer();
        const o = r.pick(live);
        const buyer = r.pick(ACTORS.filter((i) => i !== o.seller));
        await fund(c, buyer, o.price);
        const { result: id, receipt } = await send<bigint>(c, buyer, c.market, Marketplace.abi, 'buy', [
          o.id,
          o.price,
          c.token,
          PUBKEY,
        ]);
        const [ev] = events<{ deliveryDeadline: bigint; price: bigint }>(
          receipt,
          Marketplace.abi,
          'Purchased',
        );
        expect(ev!.price).toBe(o.price);
        o.sold += 1;
        escrowModel += o.price;
        const fee = (o.price * BigInt(FEE_BPS)) / 10_000n;
        licenses.push({
          id,
          offer: o,
          buyer,
          seller: o.seller,
          price: o.price,
          fee,
          deadline: ev!.deliveryDeadline,
          status: 'escrowed',
        });
      },
      async deliver() {
        const t = await now(c);
        const open = licenses.filter((l) => l.status === 'escrowed' && l.deadline > t + 5n);
        if (open.length === 0) return actions.buy();
        const l = r.pick(open);
        const { receipt } = await send(c, l.seller, c.market, Marketplace.abi, 'deliverKey', [
          l.id,
          '0xbeef',
        ]);
        const credits = events<{ account: Address; amount: bigint }>(
          receipt,
          Marketplace.abi,
          'PayoutCredited',
        );
        // Every completed sale pays out exactly its price, to exactly the expected accounts.
        expect(credits.reduce((s, x) => s + x.amount, 0n)).toBe(l.price);
        const got = new Map<Address, bigint>();
        for (const x of credits) got.set(x.account, (got.get(x.account) ?? 0n) + x.amount);
        expect(got).toEqual(expectedSplit(l));
        for (const [who, v] of got) credit(who, v);
        escrowModel -= l.price;
        l.status = 'delivered';
        completedSales += 1;
      },
      async refund() {
        const t = await now(c);
        const late = licenses.filter((l) => l.status === 'escrowed' && l.deadline < t);
        if (late.length === 0) return actions.warp();
        const l = r.pick(late);
        await send(c, l.buyer, c.market, Marketplace.abi, 'refund', [l.id]);
        credit(c.addr(l.buyer), l.price);
        escrowModel -= l.price;
        l.offer.sold -= 1;
        l.status = 'refunded';
      },
      async withdraw() {
        const who = r.pick(ACTORS.map((i) => ({ i, a: c.addr(i) })).concat([{ i: 9, a: c.feeRecipient }]));
        const due = owedModel.get(who.a) ?? 0n;
        const before = await balanceOf(c, who.a);
        if (due === 0n) {
          expect(
            (await revertOf(send(c, who.i, c.market, Marketplace.abi, 'withdraw', [c.token])))?.errorName,
          ).toBe('NothingToWithdraw');
          return;
        }
        await send(c, who.i, c.market, Marketplace.abi, 'withdraw', [c.token]);
        // No one withdraws more (or less) than owed.
        expect((await balanceOf(c, who.a)) - before).toBe(due);
        owedModel.set(who.a, 0n);
        withdrawals += 1;
      },
      async transfer() {
        if (assets.length === 0) return actions.register();
        const a = r.pick(assets);
        const to = r.pick(ACTORS.filter((i) => i !== a.owner));
        await send(c, a.owner, c.registry, AssetRegistry.abi, 'transferFrom', [
          c.addr(a.owner),
          c.addr(to),
          a.id,
        ]);
        a.owner = to;
        const stale = offers.filter((o) => o.assetId === a.id && !o.dead);
        for (const o of stale) o.dead = true;
        // A dead offer is no longer buyable.
        if (stale.length > 0) {
          const o = stale[0]!;
          const buyer = ACTORS.find((i) => i !== o.seller)!;
          const res = await revertOf(
            send(c, buyer, c.market, Marketplace.abi, 'buy', [o.id, o.price, c.token, PUBKEY]),
          );
          expect(res?.errorName).toBe('OfferSellerNoLongerOwner');
        }
      },
      async warp() {
        await increaseTime(c, DELIVERY_WINDOW + 1n);
      },
    } as const;

    const weights: [keyof typeof actions, number][] = [
      ['register', 12],
      ['offer', 14],
      ['buy', 26],
      ['deliver', 18],
      ['refund', 6],
      ['withdraw', 14],
      ['transfer', 7],
      ['warp', 3],
    ];
    const total = weights.reduce((s, [, w]) => s + w, 0);
    for (let step = 0; step < STEPS; step++) {
      const x = r.int(total);
      let acc = 0;
      const [name] = weights.find(([, w]) => {
        acc += w;
        return x < acc;
      })!;
      counts[name] = (counts[name] ?? 0) + 1;
      await actions[name]();
      // The market's token balance equals what it owes: escrow plus pending withdrawals.
      const [held, escrow, due] = await Promise.all([
        balanceOf(c, c.market),
        read<bigint>(c, c.market, Marketplace.abi, 'totalEscrowed', [c.token]),
        read<bigint>(c, c.market, Marketplace.abi, 'totalOwed', [c.token]),
      ]);
      const owedSum = [...owedModel.values()].reduce((s, v) => s + v, 0n);
      expect({ step, held, escrow, due }).toEqual({
        step,
        held: escrow + due,
        escrow: escrowModel,
        due: owedSum,
      });
    }
    // Per-account balances match the model at the end.
    for (const [who, v] of owedModel) expect(await owed(c, who)).toBe(v);
    // The sequence exercised every path.
    expect(completedSales).toBeGreaterThan(10);
    expect(withdrawals).toBeGreaterThan(5);
    expect(licenses.some((l) => l.status === 'refunded')).toBe(true);
    expect(offers.some((o) => o.dead)).toBe(true);
  }, 120_000);
});
