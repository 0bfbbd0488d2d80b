import { createHash, randomBytes } from 'node:crypto';
import { parseEventLogs } from 'viem';
import { afterEach, describe, expect, it } from 'vitest';
import { haveAge } from '../../support/age-cli.js';
import { tempDir } from '../../support/tmp.js';
import { type RpcProxy, rpcProxy } from '../chain/tx-fixture.js';
import { type Chain, Marketplace, useChain } from '../contracts/harness.js';
import { seller } from './publish-fixture.js';
import { buyerSide, buyOffer, publishOffer, sellerSide, sha256 } from './trade-fixture.js';

// The seller's RPC stops answering in the middle of a delivery: after the delivery row is claimed
// and the deliverKey transaction signed and stored, at its broadcast. The seller's whole owner (its
// pipeline, its event cache, its deliverer) talks to anvil through a loopback proxy that the test
// turns off and on; the buyer talks to anvil directly.

let c: Chain;
let proxy: RpcProxy | undefined;

/** The KeyDelivered logs of the marketplace, read with viem's getLogs (not the app's event cache). */
async function keyDeliveredOnChain(): Promise<{ licenseId: bigint }[]> {
  const logs = await c.pub.getLogs({ address: c.market, fromBlock: 0n });
  return parseEventLogs({ abi: Marketplace.abi, logs, eventName: 'KeyDelivered' }).map(
    (l) => (l as unknown as { args: { licenseId: bigint } }).args,
  );
}

describe('the seller’s RPC goes down mid-delivery', () => {
  useChain((chain) => {
    c = chain;
  });
  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
  });

  it.skipIf(!haveAge).each([
    ['the node mined the deliverKey but its answer was lost', 'lose' as const],
    ['the deliverKey never reached the node', 'drop' as const],
  ])(
    '%s: the row stays sent, the loop goes on; once the RPC is back the licence is delivered once and imported',
    async (_what, broadcast) => {
      proxy = await rpcProxy(c.anvil.rpcUrl);
      const p = proxy;
      const s = await seller(c, tempDir(), { rpcUrl: p.url });
      const original = randomBytes(40_000);
      const offerId = await publishOffer(s, original);
      const b = await buyerSide(c, tempDir(), 4);
      const sell = sellerSide(c, s);
      try {
        const licenseId = await buyOffer(c, b, offerId);
        let down = false;
        p.rule = (method) => {
          if (down) return 'drop';
          if (method !== 'eth_sendRawTransaction') return 'pass';
          down = true; // from the broadcast on, nothing answers
          return broadcast;
        };
        // The round returns (it does not wait out the outage), with no error thrown out of it.
        await sell.loop.tick();
        expect(down).toBe(true);
        expect(await sell.deliverer.sales()).toMatchObject([
          { licenseId, state: 'sent', reason: expect.stringMatching(/RPC does not answer/) },
        ]);
        const sentTx = (await sell.deliverer.sales())[0]!.tx;
        expect(sentTx).toMatch(/^0x[0-9a-f]{64}$/);
        await sell.loop.tick(); // still down: nothing changes, nothing is sent again
        expect(await sell.deliverer.sales()).toMatchObject([{ licenseId, state: 'sent', tx: sentTx }]);
        expect(await keyDeliveredOnChain()).toHaveLength(broadcast === 'lose' ? 1 : 0);

        p.rule = () => 'pass';
        await sell.loop.tick();
        expect(await sell.deliverer.sales()).toMatchObject([
          { licenseId, state: 'delivered', tx: sentTx, reason: null },
        ]);
        await sell.loop.tick();
        // Exactly one KeyDelivered, for this licence, and no second deliverKey in the seller's history.
        expect((await keyDeliveredOnChain()).map((e) => e.licenseId.toString())).toEqual([licenseId]);
        const sends = await s.world.pipeline.history(50);
        expect(sends.filter((t) => t.to === c.market && t.status !== 'confirmed')).toEqual([]);

        await b.loop.tick();
        const [licence] = await b.buyer.licenses();
        expect(licence).toMatchObject({ licenseId, state: 'received' });
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
