import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LicenceKeys } from '../../../src-main/market/buy/licence-keys.js';
import { MetadataResolver } from '../../../src-main/market/metadata/resolver.js';
import { resolvedMetadata } from '../../../src-main/market/receive/metadata-source.js';
import { haveAge } from '../../support/age-cli.js';
import { tempDir } from '../../support/tmp.js';
import { cast } from '../chain/tx-fixture.js';
import {
  balanceOf,
  type Chain,
  createOffer,
  DELIVERY_WINDOW,
  E18,
  FEE_BPS,
  fund,
  increaseTime,
  Marketplace,
  PaymentToken,
  register,
  send,
  useChain,
} from '../contracts/harness.js';
import { seller } from './publish-fixture.js';
import {
  type BuyerSide,
  buyerSide,
  buyOffer,
  publishDerived,
  publishOffer,
  sellerSide,
  sha256,
  until,
} from './trade-fixture.js';

let c: Chain;
const PRICE = 25n * E18;

const publish = publishOffer;
const buyIt = (b: BuyerSide, offerId: string) => buyOffer(c, b, offerId);

const settled = (b: BuyerSide) => () =>
  b.buyer.licenses().then((l) => l[0] !== undefined && l[0].state !== 'escrowed');

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
      const original = randomBytes(300_000);
      const published = await publishDerived(c, s, original);
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
        expect(after.map((a, k) => a - before[k]!)).toEqual([1, 2, 3, 9].map((i) => expected.get(c.addr(i))));
      } finally {
        await sell.loop.stop();
        await b.close();
        await s.close();
      }
    },
  );
  it.skipIf(!haveAge)(
    'a purchase made while the seller was offline is delivered when it comes back; the buyer restarted in between still opens it',
    async () => {
      const s = await seller(c, tempDir());
      const original = randomBytes(50_000);
      const offerId = await publish(s, original);
      const buyerDir = tempDir();
      let b = await buyerSide(c, buyerDir, 4);
      const licenseId = await buyIt(b, offerId);
      await b.loop.tick(); // nothing delivered yet: the licence waits
      expect((await b.buyer.licenses())[0]).toMatchObject({
        licenseId,
        state: 'escrowed',
        refundable: false,
      });
      await b.close(); // the buyer goes down; its licence key stays sealed in its own database
      b = await buyerSide(c, buyerDir, 4);
      const sell = sellerSide(c, s); // the seller comes online only now
      expect(await sell.deliverer.sales()).toEqual([]);
      try {
        await sell.loop.tick();
        expect((await sell.deliverer.sales()).map((x) => x.state)).toEqual(['delivered']);
        await sell.loop.tick(); // a second pass sends nothing more
        expect(await sell.trades.deliveries(31337, c.market)).toHaveLength(1);
        b.loop.start(100);
        await until('the licence settled', settled(b));
        const [licence] = await b.buyer.licenses();
        expect(licence).toMatchObject({ state: 'received' });
        expect(await sha256((await b.vault.items.openPlaintext(licence!.itemId!)).stream)).toBe(
          createHash('sha256').update(original).digest('hex'),
        );
      } finally {
        await b.close();
        await s.close();
      }
    },
  );

  it.skipIf(!haveAge)('a tampered ciphertext imports nothing, keeps the evidence and says why', async () => {
    const s = await seller(c, tempDir());
    const offerId = await publish(s, randomBytes(40_000));
    const b = await buyerSide(c, tempDir(), 4);
    const sell = sellerSide(c, s);
    try {
      const licenseId = await buyIt(b, offerId);
      const meta = (await b.buyer.licenses())[0]!;
      expect(meta.licenseId).toBe(licenseId);
      // The hosted blob is changed after publishing (same size, one byte flipped).
      const md = await resolvedMetadata(
        async () => ({ client: c.pub, network: b.world.network }),
        new MetadataResolver({ ipfsGateway: () => '' }),
      ).metadataOf(BigInt(meta.assetId));
      const blob = join(s.blobsDir, md.ciphertext.sha256.slice(2));
      const bytes = readFileSync(blob);
      bytes[bytes.length - 100]! ^= 1;
      writeFileSync(blob, bytes);
      const itemsBefore = b.vault.items.list(null).length;
      await sell.loop.tick();
      await b.loop.tick();
      const [licence] = await b.buyer.licenses();
      expect(licence!.state).toBe('failed');
      expect(licence!.reason).toMatch(
        /^delivery failed: the ciphertext from 127\.0\.0\.1:\d+ is not the one the metadata names \(kept at .*mismatch/,
      );
      expect(existsSync(licence!.reason!.match(/kept at (.*)\)$/)![1]!)).toBe(true);
      expect(b.vault.items.list(null)).toHaveLength(itemsBefore);
      // Past the deadline it is still not refundable: the key was delivered, and the contract refuses.
      await increaseTime(c, DELIVERY_WINDOW + 1n);
      expect((await b.buyer.licenses())[0]).toMatchObject({ state: 'failed', refundable: false });
      await expect(b.buyer.refund(licenseId)).rejects.toThrow(/NotEscrowed/);
    } finally {
      await b.close();
      await s.close();
    }
  });

  it.skipIf(!haveAge)(
    'no delivery by the deadline: the licence turns refundable (by the chain clock) and refund credits the price back',
    async () => {
      const s = await seller(c, tempDir());
      const offerId = await publish(s, randomBytes(10_000));
      const b = await buyerSide(c, tempDir(), 4);
      try {
        const licenseId = await buyIt(b, offerId);
        expect(await balanceOf(c, c.addr(4))).toBe(0n);
        await expect(b.buyer.refund(licenseId)).rejects.toThrow(/deadline/i);
        await increaseTime(c, DELIVERY_WINDOW + 1n);
        expect((await b.buyer.licenses())[0]).toMatchObject({ state: 'escrowed', refundable: true });
        await b.buyer.refund(licenseId);
        expect((await b.buyer.licenses())[0]).toMatchObject({ state: 'refunded', refundable: false });
        // The refund is credited on the marketplace (pull payments), to the wei.
        expect(owedByCast(c.addr(4))).toBe(PRICE);
      } finally {
        await b.close();
        await s.close();
      }
    },
  );
  it.skipIf(!haveAge)(
    'a locked seller vault postpones the delivery (shown as pending, why) until it is unlocked',
    async () => {
      const s = await seller(c, tempDir());
      const offerId = await publish(s, randomBytes(20_000));
      const b = await buyerSide(c, tempDir(), 4);
      const sell = sellerSide(c, s);
      try {
        const licenseId = await buyIt(b, offerId);
        s.lock();
        await sell.loop.tick();
        await sell.loop.tick();
        expect(await sell.deliverer.sales()).toMatchObject([
          { licenseId, state: 'pending', reason: 'The vault is locked' },
        ]);
        await s.vault.unlock('seller vault passphrase for tests');
        await sell.loop.tick();
        expect(await sell.deliverer.sales()).toMatchObject([{ licenseId, state: 'delivered' }]);
        await b.loop.tick();
        expect((await b.buyer.licenses())[0]).toMatchObject({ licenseId, state: 'received' });
      } finally {
        await b.close();
        await s.close();
      }
    },
  );
  it.skipIf(!haveAge)(
    'a buy sent just before a crash is found again by its key; a locked buyer vault only postpones receipt',
    async () => {
      const s = await seller(c, tempDir());
      const original = randomBytes(30_000);
      const offerId = await publish(s, original);
      const b = await buyerSide(c, tempDir(), 4);
      const sell = sellerSide(c, s);
      try {
        // What confirm leaves when the owner dies after broadcasting the buy: a 'buying' row and its key.
        const key = new LicenceKeys(b.vault).fresh('crashed-buy');
        const at = new Date().toISOString();
        b.trades.insertLicense({
          id: 'crashed-buy',
          chainId: 31337,
          market: c.market,
          licenseId: null,
          offerId,
          assetId: '1',
          buyer: c.addr(4),
          seller: c.addr(1),
          token: c.token,
          price: PRICE.toString(),
          pubKey: key.pubKey,
          sealedSecret: key.sealed,
          buyTx: null,
          deliveryDeadline: null,
          expiresAt: null,
          state: 'buying',
          reason: null,
          itemId: null,
          createdAt: at,
          updatedAt: at,
        });
        await fund(c, 4, PRICE);
        await send(c, 4, c.market, Marketplace.abi, 'buy', [BigInt(offerId), PRICE, c.token, key.pubKey]);
        expect(await b.buyer.licenses()).toEqual([]); // no licence id known yet
        b.vault.lock();
        await sell.loop.tick();
        await b.loop.tick();
        const [found] = await b.buyer.licenses();
        // Found by its key, waiting for the vault, and saying so.
        expect(found).toMatchObject({
          offerId,
          state: 'escrowed',
          reason:
            'delivered, not imported yet: the vault is locked; it is imported once the vault is unlocked',
        });
        await b.vault.unlock('buyer vault passphrase for tests');
        await b.loop.tick();
        const [licence] = await b.buyer.licenses();
        expect(licence).toMatchObject({ licenseId: found!.licenseId, state: 'received' });
        expect(await sha256((await b.vault.items.openPlaintext(licence!.itemId!)).stream)).toBe(
          createHash('sha256').update(original).digest('hex'),
        );
      } finally {
        await b.close();
        await s.close();
      }
    },
  );
  it('refuses to plan a buy of an asset whose metadata this Sahel cannot read (it could never receive it)', async () => {
    const assetId = await register(c, 3); // metadata at ipfs://meta, and no gateway set
    const offerId = await createOffer(c, 3, assetId);
    const b = await buyerSide(c, tempDir(), 4);
    try {
      await send(c, 0, c.token, PaymentToken.abi, 'mint', [c.addr(4), 1_000_000n * E18]);
      await expect(b.buyer.plan({ offerId: offerId.toString() })).rejects.toThrow(
        /metadata could not be read: ipfs:\/\/ needs an IPFS gateway.*could not receive it/,
      );
      expect(b.trades.hasOpenLicences()).toBe(false);
    } finally {
      await b.close();
    }
  });
});
