import { join } from 'node:path';
import { parseEther } from 'viem';
import { describe, expect, it } from 'vitest';
import { txHandlers } from '../../../src-main/api/handlers/tx.js';
import { BalancesRepo } from '../../../src-main/store/balances-repo.js';
import { openDatabase } from '../../../src-main/store/database.js';
import { txService } from '../../../src-shared/api/services/tx.js';
import { SahelError } from '../../../src-shared/errors.js';
import { tempDir } from '../../support/tmp.js';
import { type Chain, E18, PaymentToken, send, useChain } from '../contracts/harness.js';
import { cast, devSigners, world } from './tx-fixture.js';

let c: Chain;
const ctx = { transport: 'local' } as const;

describe('the tx API service on anvil', () => {
  useChain((chain) => {
    c = chain;
  });

  function api() {
    const dir = tempDir();
    const w = world(c, dir);
    const rpc = { down: false };
    const h = txHandlers({
      pipeline: w.pipeline,
      // An outage: the same network, its RPC on a port nothing listens on.
      network: async () => (rpc.down ? { ...w.network, rpcUrl: 'http://127.0.0.1:9' } : w.network),
      signers: devSigners(c, [1, 2]),
      balances: {
        repo: new BalancesRepo(openDatabase(join(dir, 'balances.db'))),
        configured: () => ({ name: w.network.name, chainId: w.network.chainId }),
      },
    });
    return { w, h, rpc };
  }

  it('balances of every wallet address, native and payment token, as cast reads them', async () => {
    const { w, h } = api();
    await send(c, 0, c.token, PaymentToken.abi, 'mint', [c.addr(2), 3n * E18]);
    const out = txService.balances.output.parse(await h.balances(txService.balances.input.parse({}), ctx));
    expect(out.chainId).toBe(31337);
    expect(out.accounts.map((a) => a.address)).toEqual([c.addr(1), c.addr(2)]);
    for (const a of out.accounts) {
      expect(a.native).toBe(cast(c.anvil.rpcUrl, 'balance', a.address));
      expect(a.tokens.map((t) => [t.symbol, t.balance])).toEqual([
        ['SAHT', cast(c.anvil.rpcUrl, 'call', c.token, 'balanceOf(address)(uint256)', a.address)],
      ]);
    }
    expect(out.accounts[1]!.tokens[0]!.balance).toBe((3n * E18).toString());
    w.close();
  });

  it('while the RPC is down, balances are the last ones read, marked stale; with none read, UNAVAILABLE', async () => {
    const { w, h, rpc } = api();
    rpc.down = true;
    await expect(h.balances({ tokens: [] }, ctx)).rejects.toSatisfy(
      (e) => SahelError.is(e) && e.code === 'UNAVAILABLE',
    );
    rpc.down = false;
    const fresh = txService.balances.output.parse(await h.balances({ tokens: [] }, ctx));
    expect(fresh.asOf.stale).toBe(false);
    expect(fresh.asOf.block).toBe(Number(cast(c.anvil.rpcUrl, 'block-number')));
    rpc.down = true;
    const old = txService.balances.output.parse(await h.balances({ tokens: [] }, ctx));
    expect(old.asOf).toEqual({ ...fresh.asOf, stale: true });
    expect(old.accounts).toEqual(fresh.accounts);
    w.close();
  });

  it('prepareSend → confirmSend → history, each answer valid under the contract', async () => {
    const { w, h } = api();
    const input = txService.prepareSend.input.parse({ from: c.addr(1), to: c.addr(9), amount: '0.75' });
    const review = txService.prepareSend.output.parse(await h.prepareSend(input, ctx));
    expect(review.effects.outflows[0]!.amount).toBe(parseEther('0.75').toString());
    const { hash } = txService.confirmSend.output.parse(
      await h.confirmSend({ reviewId: review.reviewId }, ctx),
    );
    await w.pipeline.waitFor(hash, 10_000);
    const { txs } = txService.history.output.parse(await h.history({ limit: 5 }, ctx));
    expect(txs.map((t) => [t.hash, t.status])).toEqual([[hash, 'confirmed']]);
    // Input the contract refuses never reaches the pipeline.
    expect(
      txService.prepareSend.input.safeParse({ from: c.addr(1), to: c.addr(9), amount: '-1' }).success,
    ).toBe(false);
    expect(txService.prepareSend.input.safeParse({ from: c.addr(1), to: 'bob', amount: '1' }).success).toBe(
      false,
    );
    await expect(h.speedUp({ hash }, ctx)).rejects.toSatisfy(
      (e) => SahelError.is(e) && e.code === 'CONFLICT',
    );
    w.close();
  });
});
