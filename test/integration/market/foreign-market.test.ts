import { createHash, randomBytes } from 'node:crypto';
import type { Address } from 'viem';
import { describe, expect, it } from 'vitest';
import { deployContracts } from '../../../src-main/chain/deploy.js';
import { haveAge } from '../../support/age-cli.js';
import { tempDir } from '../../support/tmp.js';
import {
  buy,
  type Chain,
  createOffer,
  E18,
  fund,
  Marketplace,
  register,
  send,
  useChain,
} from '../contracts/harness.js';
import { seller } from './publish-fixture.js';
import { buyerSide, buyOffer, publishOffer, sellerSide, sha256 } from './trade-fixture.js';

// Events from a contract that is not the configured one: a second deployment of the three contracts
// on the same chain, where someone else registers, offers, buys and delivers so that its Purchased
// and KeyDelivered carry the same asset, offer and licence ids as the real sale. Both owners must act
// on the configured marketplace's events only.

let c: Chain;

/** The same harness, aimed at a second deployment of the three contracts (deployed by account 0). */
async function secondDeployment(): Promise<Chain> {
  const d = await deployContracts({
    name: 'anvil',
    rpcUrl: c.anvil.rpcUrl,
    chainId: c.chainId,
    account: c.accounts[0]!,
    mintable: true,
    feeRecipient: c.feeRecipient,
  });
  return {
    ...c,
    token: d.paymentToken as Address,
    registry: d.assetRegistry as Address,
    market: d.marketplace as Address,
  };
}

describe('events from a marketplace that is not the configured one', () => {
  useChain((chain) => {
    c = chain;
  });

  it.skipIf(!haveAge)(
    'a Purchased and a KeyDelivered with the same ids from a second deployment are ignored by seller and buyer',
    async () => {
      const other = await secondDeployment();
      const s = await seller(c, tempDir());
      const original = randomBytes(30_000);
      const offerId = await publishOffer(s, original);
      const b = await buyerSide(c, tempDir(), 4);
      const sell = sellerSide(c, s);
      try {
        // On the other deployment, account 5 sells asset 1 (offer 1) and account 6 buys licence 1.
        const asset = await register(other, 5);
        const offer = await createOffer(other, 5, asset, { price: E18 });
        await fund(other, 6, E18);
        const { result: foreignLicence } = await buy(other, 6, offer, E18);
        expect([asset, offer, foreignLicence]).toEqual([1n, 1n, 1n]); // the same ids as the real sale's
        expect(s.repo.byAssetId(c.chainId, '1')).toBeDefined();
        expect(offerId).toBe('1');

        await sell.loop.tick();
        expect(await sell.deliverer.sales()).toEqual([]); // the foreign purchase claims nothing

        const licenseId = await buyOffer(c, b, offerId);
        expect(licenseId).toBe('1');
        // The other deployment's seller "delivers" licence 1 with a key that opens nothing.
        await send(other, 5, other.market, Marketplace.abi, 'deliverKey', [1n, `0x${'00'.repeat(80)}`]);
        await b.loop.tick();
        expect((await b.buyer.licenses())[0]).toMatchObject({ licenseId, state: 'escrowed', reason: null });

        await sell.loop.tick();
        expect(await sell.deliverer.sales()).toMatchObject([
          { licenseId, buyer: c.addr(4), state: 'delivered' },
        ]);
        await b.loop.tick();
        const [licence] = await b.buyer.licenses();
        expect(licence).toMatchObject({ licenseId, state: 'received', reason: null });
        expect(await sha256((await b.vault.items.openPlaintext(licence!.itemId!)).stream)).toBe(
          createHash('sha256').update(original).digest('hex'),
        );
      } finally {
        await sell.loop.stop();
        await b.close();
        await s.close();
      }
    },
  );
});
