import { createHash, randomBytes } from 'node:crypto';
import { parseEventLogs } from 'viem';
import { afterEach, describe, expect, it } from 'vitest';
import { haveAge } from '../../support/age-cli.js';
import { tempDir } from '../../support/tmp.js';
import { type RpcProxy, rpcProxy } from '../chain/tx-fixture.js';
import { type Chain, Marketplace, useChain } from '../contracts/harness.js';
import { seller } from './publish-fixture.js';
import { buyerSide, buyOffer, publishOffer, sellerSide, sha256 } from './trade-fixture.js';

// The seller's RPC stops answering in the middle of a delivery: after the delivery row is claimed,
// at the deliverKey's broadcast (after it was signed and stored) or before it was signed. The seller's whole owner (its
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

  // [what happened, the row meanwhile, the call at which the RPC goes down, what becomes of that call]
  const cases = [
    ['the node mined the deliverKey but its answer was lost', 'sent', 'eth_sendRawTransaction', 'lose'],
    ['the deliverKey never reached the node', 'sent', 'eth_sendRawTransaction', 'drop'],
    ['the RPC went down before anything was signed', 'pending', 'eth_estimateGas', 'drop'],
  ] as const;

  it.skipIf(!haveAge).each(cases)(
    '%s: the row stays %s, the loop goes on; once the RPC is back the licence is delivered once and imported',
    async (_what, meanwhile, at, verdict) => {
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
          if (method !== at) return 'pass';
          down = true; // from this call on, nothing answers
          return verdict;
        };
        // The round returns (it does not wait out the outage), with no error thrown out of it.
        await sell.loop.tick();
        expect(down).toBe(true);
        expect(await sell.deliverer.sales()).toMatchObject([
          { licenseId, state: meanwhile, reason: expect.stringMatching(/RPC does not answer/) },
        ]);
        const sentTx = (await sell.deliverer.sales())[0]!.tx;
        if (meanwhile === 'sent') expect(sentTx).toMatch(/^0x[0-9a-f]{64}$/);
        else expect(sentTx).toBeNull();
        await sell.loop.tick(); // still down: nothing changes, nothing is sent again
        expect(await sell.deliverer.sales()).toMatchObject([{ licenseId, state: meanwhile, tx: sentTx }]);
        expect(await keyDeliveredOnChain()).toHaveLength(verdict === 'lose' ? 1 : 0);

        p.rule = () => 'pass';
        await sell.loop.tick();
        const [delivered] = await sell.deliverer.sales();
        expect(delivered).toMatchObject({ licenseId, state: 'delivered', reason: null });
        if (sentTx) expect(delivered!.tx).toBe(sentTx); // the transaction sent before, not a second one
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
