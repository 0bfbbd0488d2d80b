import { execFileSync } from 'node:child_process';
import type { Address, Hex } from 'viem';
import { describe, expect, it } from 'vitest';
import { CAST_BIN } from '../../support/anvil.js';
import {
  AssetRegistry,
  balanceOf,
  buy,
  type Chain,
  createOffer,
  DELIVERY_WINDOW,
  deploy,
  E18,
  events,
  FEE_BPS,
  fund,
  increaseTime,
  Marketplace,
  now,
  owed,
  PaymentToken,
  PUBKEY,
  read,
  register,
  revertOf,
  STATUS,
  send,
  terms,
  useChain,
} from './harness.js';

interface License {
  offerId: bigint;
  assetId: bigint;
  buyer: Address;
  seller: Address;
  token: Address;
  price: bigint;
  fee: bigint;
  purchasedAt: bigint;
  deliveryDeadline: bigint;
  expiresAt: bigint;
  status: number;
  buyerPubKey: Hex;
}

const SEALED = '0x1234abcd' as Hex;
// The market's ABI plus the registry's errors, which bubble up through ownerOf.
const MARKET_ABI = [...Marketplace.abi, ...AssetRegistry.abi.filter((x) => x.type === 'error')];

// Accounts: 0 admin, 1 seller, 2 buyer, 3 other buyer, 4–7 contributors, 9 fee recipient.
describe('Marketplace', () => {
  let c: Chain;
  useChain((chain) => {
    c = chain;
  });

  const m = (fn: string, args: readonly unknown[] = []) => read(c, c.market, Marketplace.abi, fn, args);
  const tx = (from: number, fn: string, args: readonly unknown[] = []) =>
    send(c, from, c.market, MARKET_ABI, fn, args);
  const err = async (from: number, fn: string, args: readonly unknown[] = []) =>
    (await revertOf(tx(from, fn, args)))?.errorName;
  const license = (id: bigint) => m('getLicense', [id]) as Promise<License>;

  /** Market token balance equals escrow plus owed. */
  async function expectSolvent(token: Address = c.token) {
    const held = await balanceOf(c, c.market, token);
    const escrow = await m('totalEscrowed', [token]);
    const due = await m('totalOwed', [token]);
    expect(held).toBe((escrow as bigint) + (due as bigint));
  }

  describe('admin', () => {
    it('sets fee (capped), fee recipient, delivery window and tokens; owner only', async () => {
      expect(await m('feeBps')).toBe(FEE_BPS);
      expect(await m('MAX_FEE_BPS')).toBe(1_000);
      expect(await m('feeRecipient')).toBe(c.feeRecipient);
      expect(await m('deliveryWindow')).toBe(DELIVERY_WINDOW);
      expect(await m('tokenAllowed', [c.token])).toBe(true);
      const { receipt } = await tx(0, 'setFee', [1_000]);
      expect(events(receipt, Marketplace.abi, 'FeeUpdated')).toEqual([{ feeBps: 1_000 }]);
      expect(await err(0, 'setFee', [1_001])).toBe('FeeTooHigh');
      await tx(0, 'setFeeRecipient', [c.addr(8)]);
      expect(await m('feeRecipient')).toBe(c.addr(8));
      expect(await err(0, 'setFeeRecipient', ['0x0000000000000000000000000000000000000000'])).toBe(
        'ZeroAddress',
      );
      await tx(0, 'setDeliveryWindow', [60n]);
      expect(await m('deliveryWindow')).toBe(60n);
      await tx(0, 'setTokenAllowed', [c.token, false]);
      expect(await m('tokenAllowed', [c.token])).toBe(false);
      expect(await err(0, 'setTokenAllowed', ['0x0000000000000000000000000000000000000000', true])).toBe(
        'ZeroAddress',
      );
      for (const [fn, args] of [
        ['setFee', [1]],
        ['setFeeRecipient', [c.addr(1)]],
        ['setDeliveryWindow', [1n]],
        ['setTokenAllowed', [c.token, true]],
        ['pause', []],
        ['unpause', []],
      ] as const) {
        expect(await err(1, fn, args)).toBe('OwnableUnauthorizedAccount');
      }
    });

    it('a fee above the cap cannot be deployed', async () => {
      await expect(
        deploy(c, 0, Marketplace, [c.registry, c.admin, c.feeRecipient, 1_001, 60n]),
      ).rejects.toThrow();
    });
  });

  describe('offers', () => {
    it('only the owner offers, with an allowed token, a price whose fee is not dust, and a future expiry', async () => {
      const id = await register(c, 1);
      const { result: offerId, receipt } = await send<bigint>(
        c,
        1,
        c.market,
        Marketplace.abi,
        'createOffer',
        [id, terms(c, { price: 5n * E18, maxLicenses: 3, duration: 100n }), 0n],
      );
      expect(offerId).toBe(1n);
      const [ev] = events<{ offerId: bigint; seller: Address }>(receipt, Marketplace.abi, 'OfferCreated');
      expect(ev).toMatchObject({ offerId: 1n, assetId: id, seller: c.addr(1), expiresAt: 0n });
      expect(await m('getOffer', [1n])).toMatchObject({
        assetId: id,
        seller: c.addr(1),
        active: true,
        sold: 0,
      });
      expect(await m('isOfferLive', [1n])).toBe(true);

      expect(await err(2, 'createOffer', [id, terms(c), 0n])).toBe('NotAssetOwner');
      expect(await err(1, 'createOffer', [id, terms(c, { token: c.addr(5) }), 0n])).toBe('TokenNotAllowed');
      expect(await err(1, 'createOffer', [id, terms(c, { price: 0n }), 0n])).toBe('ZeroPrice');
      // 2.5% of 39 wei rounds to 0: refused; 40 wei gives a 1 wei fee.
      expect(await err(1, 'createOffer', [id, terms(c, { price: 39n }), 0n])).toBe('PriceTooLow');
      await createOffer(c, 1, id, { price: 40n });
      expect(await err(1, 'createOffer', [id, terms(c), await now(c)])).toBe('BadExpiry');
      expect(await err(1, 'createOffer', [99n, terms(c), 0n])).toBe('ERC721NonexistentToken');
      expect((await revertOf(m('getOffer', [99n])))?.errorName).toBe('UnknownOffer');
    });

    it('the seller updates and cancels; others cannot', async () => {
      const id = await register(c, 1);
      const offerId = await createOffer(c, 1, id);
      const { receipt } = await tx(1, 'updateOffer', [offerId, terms(c, { price: 7n * E18 }), 0n]);
      expect(events(receipt, Marketplace.abi, 'OfferUpdated')).toHaveLength(1);
      expect(((await m('getOffer', [offerId])) as { terms: { price: bigint } }).terms.price).toBe(7n * E18);
      expect(await err(2, 'updateOffer', [offerId, terms(c), 0n])).toBe('NotSeller');
      expect(await err(1, 'updateOffer', [9n, terms(c), 0n])).toBe('UnknownOffer');
      expect(await err(2, 'cancelOffer', [offerId])).toBe('NotSeller');
      expect(await err(1, 'cancelOffer', [9n])).toBe('UnknownOffer');
      const cancelled = await tx(1, 'cancelOffer', [offerId]);
      expect(events(cancelled.receipt, Marketplace.abi, 'OfferCancelled')).toEqual([{ offerId }]);
      expect(await err(1, 'cancelOffer', [offerId])).toBe('OfferInactive');
      expect(await m('isOfferLive', [offerId])).toBe(false);
    });
  });

  describe('purchase, delivery and payouts', () => {
    it('splits fee → parents (by their contributors) → contributors by bps → remainder to the owner; cast agrees', async () => {
      // Parent A: contributors 4 (60%) and 5 (40%); parent B: contributor 6.
      const a = await register(c, 4, { contributors: [c.addr(4), c.addr(5)], bps: [6_000, 4_000] });
      const b = await register(c, 6);
      // The child, owned by 1, credits contributors 7 (70%) and 1 (30%); royalties 10% to A, 5% to B.
      const child = await register(c, 1, {
        contributors: [c.addr(7), c.addr(1)],
        bps: [7_000, 3_000],
        parents: [a, b],
        parentBps: [1_000, 500],
      });
      const price = 1_000n * E18 + 7n; // odd wei so that every division rounds
      const offerId = await createOffer(c, 1, child, { price, duration: 0n });
      await fund(c, 2, price);

      const { result: licenseId, receipt } = await buy(c, 2, offerId, price);
      expect(licenseId).toBe(1n);
      const [p] = events(receipt, Marketplace.abi, 'Purchased');
      expect(p).toMatchObject({
        licenseId,
        offerId,
        assetId: child,
        buyer: c.addr(2),
        token: c.token,
        price,
        buyerPubKey: PUBKEY,
      });
      // Escrowed: the buyer paid exactly the price, nobody is owed anything yet.
      expect(await balanceOf(c, c.addr(2))).toBe(0n);
      expect(await balanceOf(c, c.market)).toBe(price);
      expect(await m('totalEscrowed', [c.token])).toBe(price);
      expect(await m('totalOwed', [c.token])).toBe(0n);
      expect(await m('hasValidLicense', [child, c.addr(2)])).toBe(true);
      expect(await m('hasValidLicense', [child, c.addr(3)])).toBe(false);
      const l = await license(licenseId);
      expect(l).toMatchObject({
        buyer: c.addr(2),
        seller: c.addr(1),
        price,
        status: STATUS.Escrowed,
        expiresAt: 0n,
      });
      expect(l.deliveryDeadline).toBe(l.purchasedAt + DELIVERY_WINDOW);
      expect(await m('licensesOf', [child, c.addr(2)])).toEqual([licenseId]);

      // Expected split, computed independently.
      const fee = (price * BigInt(FEE_BPS)) / 10_000n;
      const net = price - fee;
      const royA = (net * 1_000n) / 10_000n;
      const royB = (net * 500n) / 10_000n;
      const pool = net - royA - royB;
      const expected = new Map<Address, bigint>();
      const add = (who: Address, v: bigint) => expected.set(who, (expected.get(who) ?? 0n) + v);
      add(c.feeRecipient, fee);
      add(c.addr(4), (royA * 6_000n) / 10_000n);
      add(c.addr(5), (royA * 4_000n) / 10_000n);
      add(c.addr(6), royB);
      add(c.addr(7), (pool * 7_000n) / 10_000n);
      const contributorShare1 = (pool * 3_000n) / 10_000n;
      const others = [...expected.values()].reduce((s, v) => s + v, 0n);
      add(c.addr(1), price - others); // seller: its contributor share plus the rounding remainder
      expect(price - others - contributorShare1).toBeGreaterThan(0n); // there was dust to give back

      const delivered = await tx(1, 'deliverKey', [licenseId, SEALED]);
      expect(events(delivered.receipt, Marketplace.abi, 'KeyDelivered')).toEqual([
        { licenseId, buyer: c.addr(2), sealedKey: SEALED },
      ]);
      const credits = events<{ account: Address; amount: bigint }>(
        delivered.receipt,
        Marketplace.abi,
        'PayoutCredited',
      );
      expect(credits.map((x) => x.account)).toEqual([
        c.feeRecipient,
        c.addr(4),
        c.addr(5),
        c.addr(6),
        c.addr(7),
        c.addr(1),
        c.addr(1),
      ]);
      expect(credits.reduce((s, x) => s + x.amount, 0n)).toBe(price);
      for (const [who, v] of expected) expect(await owed(c, who)).toBe(v);
      expect(await m('totalEscrowed', [c.token])).toBe(0n);
      expect(await m('totalOwed', [c.token])).toBe(price);
      expect((await license(licenseId)).status).toBe(STATUS.Delivered);
      const quote = (await m('quoteSplit', [child, price, c.addr(1)])) as [Address[], bigint[]];
      expect(quote[1].reduce((s, v) => s + v, 0n)).toBe(price);
      expect(quote[0]).toEqual(credits.map((x) => x.account));

      // cast, a client no one here wrote, reads the same record and payouts.
      const cast = (...args: string[]) =>
        execFileSync(CAST_BIN, [...args, '--rpc-url', c.anvil.rpcUrl], { encoding: 'utf8' }).trim();
      const record = cast(
        'call',
        c.registry,
        'getAsset(uint256)((uint8,uint64,address,bytes32,string))',
        child.toString(),
      );
      expect(record).toContain(c.addr(1));
      expect(record).toContain('"ipfs://meta"');
      expect(record.startsWith('(0, ')).toBe(true);
      expect(cast('call', c.registry, 'ownerOf(uint256)(address)', child.toString())).toBe(c.addr(1));
      const parents = cast('call', c.registry, 'parentsOf(uint256)(uint256[],uint16[])', child.toString());
      expect(parents.split('\n')).toEqual([`[${a}, ${b}]`, '[1000, 500]']);
      for (const [who, v] of expected) {
        const out = cast('call', c.market, 'owed(address,address)(uint256)', c.token, who);
        expect(BigInt(out.split(' ')[0]!)).toBe(v);
      }
      const marketBal = cast('call', c.token, 'balanceOf(address)(uint256)', c.market);
      expect(BigInt(marketBal.split(' ')[0]!)).toBe(price);

      // Everyone withdraws exactly what it is owed, once.
      for (const [who, v] of expected) {
        const i = c.accounts.findIndex((acc) => acc.address === who);
        const before = await balanceOf(c, who);
        const w = await tx(i, 'withdraw', [c.token]);
        expect(events(w.receipt, Marketplace.abi, 'Withdrawn')).toEqual([
          { token: c.token, account: who, amount: v },
        ]);
        expect((await balanceOf(c, who)) - before).toBe(v);
        expect(await err(i, 'withdraw', [c.token])).toBe('NothingToWithdraw');
      }
      expect(await balanceOf(c, c.market)).toBe(0n);
      const after = cast('call', c.token, 'balanceOf(address)(uint256)', c.feeRecipient);
      expect(BigInt(after.split(' ')[0]!)).toBe(fee);
    });

    it('deliverKey: seller only, once, non-empty, before the deadline, not while paused', async () => {
      const id = await register(c, 1);
      const offerId = await createOffer(c, 1, id, { price: 10n * E18 });
      await fund(c, 2, 10n * E18);
      const { result: lic } = await buy(c, 2, offerId, 10n * E18);
      expect(await err(1, 'deliverKey', [99n, SEALED])).toBe('UnknownLicense');
      expect(await err(2, 'deliverKey', [lic, SEALED])).toBe('NotLicenseSeller');
      expect(await err(1, 'deliverKey', [lic, '0x'])).toBe('EmptySealedKey');
      await tx(0, 'pause');
      expect(await err(1, 'deliverKey', [lic, SEALED])).toBe('EnforcedPause');
      await tx(0, 'unpause');
      await increaseTime(c, DELIVERY_WINDOW + 1n);
      expect(await err(1, 'deliverKey', [lic, SEALED])).toBe('DeliveryDeadlinePassed');
      await expectSolvent();

      const { result: lic2 } = await (async () => {
        await fund(c, 3, 10n * E18);
        return buy(c, 3, offerId, 10n * E18);
      })();
      await tx(1, 'deliverKey', [lic2, SEALED]);
      expect(await err(1, 'deliverKey', [lic2, SEALED])).toBe('NotEscrowed');
      expect(await err(3, 'refund', [lic2])).toBe('NotEscrowed');
      await expectSolvent();
    });

    it('refund: buyer only, after the deadline, frees the seat and voids the licence', async () => {
      const id = await register(c, 1);
      const offerId = await createOffer(c, 1, id, { price: 10n * E18, maxLicenses: 1 });
      await fund(c, 2, 10n * E18);
      const { result: lic } = await buy(c, 2, offerId, 10n * E18);
      expect(await m('isOfferLive', [offerId])).toBe(false); // sold out
      expect(await err(2, 'refund', [lic])).toBe('DeliveryDeadlineNotReached');
      await increaseTime(c, DELIVERY_WINDOW + 1n);
      expect(await err(3, 'refund', [lic])).toBe('NotLicenseBuyer');
      expect(await err(2, 'refund', [99n])).toBe('UnknownLicense');
      await tx(0, 'pause'); // refunds work while paused
      const { receipt } = await tx(2, 'refund', [lic]);
      await tx(0, 'unpause');
      expect(events(receipt, Marketplace.abi, 'Refunded')).toEqual([
        { licenseId: lic, buyer: c.addr(2), amount: 10n * E18 },
      ]);
      expect((await license(lic)).status).toBe(STATUS.Refunded);
      expect(await m('hasValidLicense', [id, c.addr(2)])).toBe(false);
      expect(await err(2, 'refund', [lic])).toBe('NotEscrowed');
      expect(await err(1, 'deliverKey', [lic, SEALED])).toBe('NotEscrowed');
      expect(await owed(c, c.addr(2))).toBe(10n * E18);
      expect(await owed(c, c.addr(1))).toBe(0n);
      expect(await m('isOfferLive', [offerId])).toBe(true); // the seat is free again
      await expectSolvent();
      await tx(2, 'withdraw', [c.token]);
      expect(await balanceOf(c, c.addr(2))).toBe(10n * E18);
      await expectSolvent();
    });

    it('a licence with a duration expires', async () => {
      const id = await register(c, 1);
      const offerId = await createOffer(c, 1, id, { price: E18, duration: 100n });
      await fund(c, 2, E18);
      const { result: lic } = await buy(c, 2, offerId, E18);
      await tx(1, 'deliverKey', [lic, SEALED]);
      const l = await license(lic);
      expect(l.expiresAt).toBe(l.purchasedAt + 100n);
      expect(await m('hasValidLicense', [id, c.addr(2)])).toBe(true);
      await increaseTime(c, 101n);
      expect(await m('hasValidLicense', [id, c.addr(2)])).toBe(false);
    });
  });

  describe('attacks and edge cases', () => {
    it('a price raised or token changed between quote and buy reverts; a lower price is charged as is', async () => {
      const id = await register(c, 1);
      const offerId = await createOffer(c, 1, id, { price: 10n * E18 });
      await fund(c, 2, 100n * E18);
      // The seller front-runs the buyer's quote of 10.
      await tx(1, 'updateOffer', [offerId, terms(c, { price: 11n * E18 }), 0n]);
      expect(await err(2, 'buy', [offerId, 10n * E18, c.token, PUBKEY])).toBe('PriceChanged');
      const other = await deploy(c, 0, PaymentToken, ['Other', 'OTH', true, c.admin, 0n]);
      await tx(0, 'setTokenAllowed', [other, true]);
      await tx(1, 'updateOffer', [offerId, terms(c, { token: other, price: 10n * E18 }), 0n]);
      expect(await err(2, 'buy', [offerId, 10n * E18, c.token, PUBKEY])).toBe('TokenChanged');
      await tx(1, 'updateOffer', [offerId, terms(c, { price: 9n * E18 }), 0n]);
      await buy(c, 2, offerId, 10n * E18);
      expect(await balanceOf(c, c.addr(2))).toBe(91n * E18);
      await expectSolvent();
    });

    it('buying one own asset reverts', async () => {
      const id = await register(c, 1);
      const offerId = await createOffer(c, 1, id, { price: E18 });
      await fund(c, 1, E18);
      expect(await err(1, 'buy', [offerId, E18, c.token, PUBKEY])).toBe('OwnPurchase');
    });

    it('expired, paused, cancelled, unknown, sold-out and delisted-token offers cannot be bought', async () => {
      const id = await register(c, 1);
      const expiry = (await now(c)) + 50n;
      const offerId = await createOffer(c, 1, id, { price: E18, maxLicenses: 1 }, expiry);
      await fund(c, 2, 10n * E18);
      await fund(c, 3, 10n * E18);
      expect(await err(2, 'buy', [offerId, E18, c.token, `0x${'0'.repeat(64)}`])).toBe('ZeroPubKey');
      expect(await err(2, 'buy', [99n, E18, c.token, PUBKEY])).toBe('UnknownOffer');
      await tx(0, 'pause');
      expect(await err(2, 'buy', [offerId, E18, c.token, PUBKEY])).toBe('EnforcedPause');
      expect(await err(1, 'createOffer', [id, terms(c), 0n])).toBe('EnforcedPause');
      expect(await m('isOfferLive', [offerId])).toBe(false);
      await tx(0, 'unpause');
      await tx(0, 'setTokenAllowed', [c.token, false]);
      expect(await err(2, 'buy', [offerId, E18, c.token, PUBKEY])).toBe('TokenNotAllowed');
      await tx(0, 'setTokenAllowed', [c.token, true]);
      await buy(c, 2, offerId, E18);
      expect(await err(3, 'buy', [offerId, E18, c.token, PUBKEY])).toBe('SoldOut');
      await tx(1, 'updateOffer', [offerId, terms(c, { price: E18, maxLicenses: 2 }), expiry]);
      await increaseTime(c, 60n);
      expect(await err(3, 'buy', [offerId, E18, c.token, PUBKEY])).toBe('OfferExpired');
      const second = await createOffer(c, 1, id, { price: E18 });
      await tx(1, 'cancelOffer', [second]);
      expect(await err(3, 'buy', [second, E18, c.token, PUBKEY])).toBe('OfferInactive');
      await expectSolvent();
    });

    it('dust prices: the fee never rounds to zero, and every wei of a tiny price is paid out', async () => {
      const parent = await register(c, 4, { contributors: [c.addr(4), c.addr(5)], bps: [5_000, 5_000] });
      const child = await register(c, 1, {
        contributors: [c.addr(6), c.addr(7)],
        bps: [5_000, 5_000],
        parents: [parent],
        parentBps: [5_000],
      });
      const offerId = await createOffer(c, 1, child, { price: 40n });
      await fund(c, 2, 100n);
      const { result: lic } = await buy(c, 2, offerId, 40n);
      const { receipt } = await tx(1, 'deliverKey', [lic, SEALED]);
      const credits = events<{ account: Address; amount: bigint }>(
        receipt,
        Marketplace.abi,
        'PayoutCredited',
      );
      // fee 1; net 39; royalty 19 → 9 + 9 (1 dust); pool 20 → 10 + 10; dust 1 to the seller.
      expect(credits.map((x) => [x.account, x.amount])).toEqual([
        [c.feeRecipient, 1n],
        [c.addr(4), 9n],
        [c.addr(5), 9n],
        [c.addr(6), 10n],
        [c.addr(7), 10n],
        [c.addr(1), 1n],
      ]);
      // With no fee, a 1 wei price goes entirely to the owner.
      await tx(0, 'setFee', [0]);
      await tx(1, 'updateOffer', [offerId, terms(c, { price: 1n }), 0n]);
      const { result: lic2 } = await buy(c, 2, offerId, 1n);
      const d2 = await tx(1, 'deliverKey', [lic2, SEALED]);
      expect(events(d2.receipt, Marketplace.abi, 'PayoutCredited')).toEqual([
        { licenseId: lic2, token: c.token, account: c.addr(1), amount: 1n },
      ]);
      // Raising the fee makes the old dust price unbuyable rather than fee-free.
      await tx(0, 'setFee', [FEE_BPS]);
      expect(await err(2, 'buy', [offerId, 1n, c.token, PUBKEY])).toBe('PriceTooLow');
      await expectSolvent();
    });

    it('an offer dies when the asset changes hands, even if it comes back; the new owner is paid', async () => {
      const id = await register(c, 1, { contributors: [c.addr(7)], bps: [10_000] });
      const offerId = await createOffer(c, 1, id, { price: 10n * E18 });
      await fund(c, 2, 100n * E18);
      await send(c, 1, c.registry, AssetRegistry.abi, 'transferFrom', [c.addr(1), c.addr(3), id]);
      expect(await read(c, c.registry, AssetRegistry.abi, 'transferCount', [id])).toBe(1n);
      expect(await m('isOfferLive', [offerId])).toBe(false);
      expect(await err(2, 'buy', [offerId, 10n * E18, c.token, PUBKEY])).toBe('OfferSellerNoLongerOwner');
      expect(await err(1, 'updateOffer', [offerId, terms(c), 0n])).toBe('OfferSellerNoLongerOwner');
      // Back to the first owner: the old offer stays dead.
      await send(c, 3, c.registry, AssetRegistry.abi, 'transferFrom', [c.addr(3), c.addr(1), id]);
      expect(await err(2, 'buy', [offerId, 10n * E18, c.token, PUBKEY])).toBe('OfferSellerNoLongerOwner');
      await send(c, 1, c.registry, AssetRegistry.abi, 'transferFrom', [c.addr(1), c.addr(3), id]);
      // The new owner lists; contributors still get their share, the new owner the remainder.
      const fresh = await createOffer(c, 3, id, { price: 10n * E18 + 1n });
      const { result: lic } = await buy(c, 2, fresh, 10n * E18 + 1n);
      expect((await license(lic)).seller).toBe(c.addr(3));
      await tx(3, 'deliverKey', [lic, SEALED]);
      expect(await owed(c, c.addr(1))).toBe(0n);
      expect((await owed(c, c.addr(7))) + (await owed(c, c.addr(3))) + (await owed(c, c.feeRecipient))).toBe(
        10n * E18 + 1n,
      );
      // The contributor holds 100%, so the new owner gets only the rounding remainder (none here).
      const fee = ((10n * E18 + 1n) * BigInt(FEE_BPS)) / 10_000n;
      expect(await owed(c, c.addr(7))).toBe(10n * E18 + 1n - fee);
      expect(await owed(c, c.addr(3))).toBe(0n);
      await expectSolvent();
    });
  });
});
