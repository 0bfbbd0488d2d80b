import { randomBytes } from 'node:crypto';
import type { Hex } from 'viem';
import { describe, expect, it } from 'vitest';
import { cacheScope } from '../../../src-main/chain/cache/sync.js';
import { isDevnet } from '../../../src-main/market/publish/chain-record.js';
import { ChainCacheRepo } from '../../../src-main/store/chain-cache-repo.js';
import { haveAge } from '../../support/age-cli.js';
import { tempDir } from '../../support/tmp.js';
import {
  type Chain,
  E18,
  fund,
  Marketplace,
  read,
  restore,
  revertOf,
  STATUS,
  send,
  snapshot,
  useChain,
} from '../contracts/harness.js';
import { seller } from './publish-fixture.js';
import { publishOffer, sellerSide } from './trade-fixture.js';

// A purchase that a reorg takes away before the seller delivers it. anvil runs with a chain id that
// is not a development one, so the app treats it as a real network: isDevnet is false and the
// deliverer waits for 3 confirmations. The reorg is anvil's evm_revert to a snapshot taken before the
// buy, then more blocks mined than the lost branch had: a longer chain without the purchase.

const NOT_A_DEVNET = 424_242;
const PRICE = 25n * E18;
let c: Chain;

/** Buys `offerId` from anvil's account `from`, sealed to `pubKey`, by a direct contract call. */
async function buyDirect(from: number, offerId: string, pubKey: Hex): Promise<void> {
  await fund(c, from, PRICE);
  await send(c, from, c.market, Marketplace.abi, 'buy', [BigInt(offerId), PRICE, c.token, pubKey]);
}

describe('a purchase reorged out before delivery, on a network that is not a devnet', () => {
  useChain((chain) => {
    c = chain;
  }, NOT_A_DEVNET);

  it.skipIf(!haveAge)(
    'is never delivered and leaves the event cache; a purchase that stays is delivered once 3 blocks deep',
    async () => {
      const s = await seller(c, tempDir());
      const sell = sellerSide(c, s);
      const cached = new ChainCacheRepo(s.db);
      const purchases = () => cached.events(cacheScope(s.world.network), ['Purchased']);
      try {
        expect(isDevnet(s.world.network)).toBe(false); // the premise: confirmation depth 3 applies
        const offerId = await publishOffer(s, randomBytes(20_000));
        const fork = await snapshot(c);
        await buyDirect(4, offerId, `0x${'ab'.repeat(32)}`);
        await c.test.mine({ blocks: 1 }); // the purchase is 1 block below the head
        await sell.loop.tick();
        expect(purchases()).toHaveLength(1); // seen, but not deep enough: nothing claimed
        expect(await sell.deliverer.sales()).toEqual([]);

        // The reorg: a longer branch from before the buy, without it.
        await restore(c, fork);
        await c.test.mine({ blocks: 5 });
        await sell.loop.tick();
        expect(purchases()).toEqual([]);
        expect(await sell.deliverer.sales()).toEqual([]);
        const gone = read(c, c.market, Marketplace.abi, 'getLicense', [1n]);
        expect(await revertOf(gone)).toMatchObject({ errorName: 'UnknownLicense' }); // the chain forgot it too

        // On this branch another buyer takes licence 1: it is delivered to them, once 3 blocks deep.
        await buyDirect(5, offerId, `0x${'cd'.repeat(32)}`);
        await c.test.mine({ blocks: 2 });
        await sell.loop.tick();
        expect(await sell.deliverer.sales()).toEqual([]);
        await c.test.mine({ blocks: 1 });
        await sell.loop.tick();
        expect(await sell.deliverer.sales()).toMatchObject([
          { licenseId: '1', buyer: c.addr(5), state: 'delivered' },
        ]);
        const after = await read<{ status: number; buyer: string }>(
          c,
          c.market,
          Marketplace.abi,
          'getLicense',
          [1n],
        );
        expect(after).toMatchObject({ status: STATUS.Delivered, buyer: c.addr(5) });
      } finally {
        await sell.loop.stop();
        await s.close();
      }
    },
  );
});
