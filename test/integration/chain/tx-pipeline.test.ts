import { encodeFunctionData, erc20Abi, getAddress, type Hex, parseEther } from 'viem';
import { describe, expect, it } from 'vitest';
import { SahelError } from '../../../src-shared/errors.js';
import { tempDir } from '../../support/tmp.js';
import {
  type Chain,
  createOffer,
  E18,
  Marketplace,
  PaymentToken,
  PUBKEY,
  register,
  send,
  useChain,
} from '../contracts/harness.js';
import { cast, world } from './tx-fixture.js';

let c: Chain;

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (err) {
    if (err instanceof SahelError) return err.code;
    throw err;
  }
  return undefined;
}

describe('transaction pipeline on anvil', () => {
  useChain((chain) => {
    c = chain;
  });

  it('sends the native coin: review shows what leaves, stored pending before broadcast, confirmed, cast agrees', async () => {
    const w = world(c, tempDir());
    const to = c.addr(5);
    const before = BigInt(cast(c.anvil.rpcUrl, 'balance', to));
    const review = await w.pipeline.prepare({ from: c.addr(1), to, value: parseEther('1.25') });
    expect(review.effects.outflows).toEqual([
      {
        token: null,
        symbol: 'ETH',
        decimals: 18,
        amount: parseEther('1.25').toString(),
        to,
        approval: false,
      },
    ]);
    expect(review.effects.call).toBeNull();
    expect(BigInt(review.effects.maxFee)).toBe(
      BigInt(review.effects.gasLimit) * BigInt(review.effects.maxFeePerGas),
    );
    expect(w.repo.pending()).toEqual([]);

    const hash = await w.pipeline.confirm(review.reviewId);
    const stored = w.repo.get(hash)!;
    expect(stored.raw).toMatch(/^0x02/);
    expect(stored.chainId).toBe(31337);
    expect(w.guarded.map((g) => [g.origin, g.kind, g.review.reviewId])).toEqual([
      ['user', 'send', review.reviewId],
    ]);

    const done = await w.pipeline.waitFor(hash, 10_000);
    expect(done.status).toBe('confirmed');
    expect(BigInt(done.fee!)).toBeGreaterThan(0n);
    expect(BigInt(cast(c.anvil.rpcUrl, 'balance', to)) - before).toBe(parseEther('1.25'));
    expect(cast(c.anvil.rpcUrl, 'receipt', hash, 'status')).toBe('true');
    const history = await w.pipeline.history(10);
    expect(history.map((t) => [t.hash, t.status, t.nonce])).toEqual([[hash, 'confirmed', stored.nonce]]);
    // A review is used once.
    expect(await codeOf(w.pipeline.confirm(review.reviewId))).toBe('NOT_FOUND');
    w.close();
  });

  it('a purchase through the pipeline: approve + Marketplace.buy, payouts confirmed by cast', async () => {
    const w = world(c, tempDir());
    const seller = 3;
    const buyer = c.addr(1);
    const asset = await register(c, seller);
    const price = 100n * E18;
    const offer = await createOffer(c, seller, asset, { price });
    await send(c, 0, c.token, PaymentToken.abi, 'mint', [buyer, price]);

    const approve = await w.pipeline.prepare({
      from: buyer,
      to: c.token,
      data: encodeFunctionData({ abi: erc20Abi, functionName: 'approve', args: [c.market, price] }),
    });
    expect(approve.effects.call).toBe('approve');
    expect(approve.effects.outflows).toEqual([
      {
        token: c.token,
        symbol: 'SAHT',
        decimals: 18,
        amount: price.toString(),
        to: c.market,
        approval: true,
      },
    ]);
    expect((await w.pipeline.waitFor(await w.pipeline.confirm(approve.reviewId), 10_000)).status).toBe(
      'confirmed',
    );

    const buyData = encodeFunctionData({
      abi: Marketplace.abi,
      functionName: 'buy',
      args: [offer, price, c.token, PUBKEY],
    });
    const review = await w.pipeline.prepare({ from: buyer, to: c.market, data: buyData });
    expect(review.effects.call).toBe('buy');
    expect(review.effects.outflows).toEqual([
      {
        token: c.token,
        symbol: 'SAHT',
        decimals: 18,
        amount: price.toString(),
        to: c.market,
        approval: false,
      },
    ]);
    const hash = await w.pipeline.confirm(review.reviewId);
    expect((await w.pipeline.waitFor(hash, 10_000)).status).toBe('confirmed');
    expect(BigInt(cast(c.anvil.rpcUrl, 'call', c.token, 'balanceOf(address)(uint256)', buyer))).toBe(0n);
    expect(BigInt(cast(c.anvil.rpcUrl, 'call', c.token, 'balanceOf(address)(uint256)', c.market))).toBe(
      price,
    );

    // The seller delivers; cast reads the split: 2.5% fee, the rest to the sole contributor and owner.
    await send(c, seller, c.market, Marketplace.abi, 'deliverKey', [1n, '0x01']);
    const owed = (who: string) =>
      BigInt(cast(c.anvil.rpcUrl, 'call', c.market, 'owed(address,address)(uint256)', c.token, who));
    expect(owed(c.feeRecipient)).toBe((price * 250n) / 10_000n);
    expect(owed(c.addr(seller))).toBe(price - (price * 250n) / 10_000n);
    w.close();
  });

  it('sends an ERC-20 named by its symbol; cast confirms both balances', async () => {
    const w = world(c, tempDir());
    await send(c, 0, c.token, PaymentToken.abi, 'mint', [c.addr(2), 10n * E18]);
    const { transferIntent } = await import('../../../src-main/chain/tx/transfer.js');
    const intent = await transferIntent(w.network, {
      from: c.addr(2),
      to: c.addr(6),
      amount: '2.5',
      token: 'saht',
    });
    const review = await w.pipeline.prepare(intent);
    const amount = ((25n * E18) / 10n).toString();
    expect(review.effects.outflows).toEqual([
      { token: c.token, symbol: 'SAHT', decimals: 18, amount, to: c.addr(6), approval: false },
    ]);
    const hash = await w.pipeline.confirm(review.reviewId);
    expect((await w.pipeline.waitFor(hash, 10_000)).status).toBe('confirmed');
    const bal = (who: string) =>
      BigInt(cast(c.anvil.rpcUrl, 'call', c.token, 'balanceOf(address)(uint256)', who));
    expect(bal(c.addr(6))).toBe((25n * E18) / 10n);
    expect(bal(c.addr(2))).toBe((75n * E18) / 10n);
    await expect(
      transferIntent(w.network, { from: c.addr(2), to: c.addr(6), amount: '1', token: 'NOPE' }),
    ).rejects.toThrow(/Unknown token/);
    await expect(
      transferIntent(w.network, { from: c.addr(2), to: c.addr(6), amount: '0.0' }),
    ).rejects.toThrow(/more than zero/);
    w.close();
  });

  it('refuses what would revert, what the guard declines and foreign addresses, storing nothing', async () => {
    const w = world(c, tempDir(), {
      guard: async (req) => {
        if (req.review.effects.outflows.some((o) => BigInt(o.amount) > parseEther('5'))) {
          throw new SahelError('DECLINED', 'over the limit');
        }
      },
    });
    const buyData = encodeFunctionData({
      abi: Marketplace.abi,
      functionName: 'buy',
      args: [42n, 1n, c.token, PUBKEY],
    });
    expect(await codeOf(w.pipeline.prepare({ from: c.addr(1), to: c.market, data: buyData }))).toBe(
      'REVERTED',
    );
    const big = await w.pipeline.prepare({ from: c.addr(1), to: c.addr(4), value: parseEther('6') });
    expect(await codeOf(w.pipeline.confirm(big.reviewId))).toBe('DECLINED');
    expect(await codeOf(w.pipeline.prepare({ from: c.addr(7), to: c.addr(4), value: 1n }))).toBe('NOT_FOUND');
    expect(
      await codeOf(w.pipeline.prepare({ from: c.addr(1), to: c.addr(4), value: parseEther('1000000') })),
    ).toBe('REVERTED');
    expect(w.repo.history(31337, [c.addr(1)], 10)).toEqual([]);
    // The declined send did not use up a nonce: the next one takes the account's current count.
    const ok = await w.pipeline.send({ from: c.addr(1), to: c.addr(4), value: 1n }, 'user');
    const count = await c.pub.getTransactionCount({ address: c.addr(1) });
    expect(w.repo.get(ok)!.nonce).toBe(count - 1);
    w.close();
  });

  it('refuses to sign when the RPC reports another chain id, at prepare and at confirm', async () => {
    let chainId = 31337;
    const dir = tempDir();
    const w = world(c, dir, {
      network: () => ({ ...w.network, chainId }),
    });
    chainId = 1;
    expect(await codeOf(w.pipeline.prepare({ from: c.addr(1), to: c.addr(4), value: 1n }))).toBe(
      'CHAIN_MISMATCH',
    );
    chainId = 31337;
    const review = await w.pipeline.prepare({ from: c.addr(1), to: c.addr(4), value: 1n });
    // The review was for 31337; the network now claims chain 1 while its RPC still answers 31337.
    chainId = 1;
    const err = await w.pipeline.confirm(review.reviewId).catch((e: unknown) => e);
    expect((err as SahelError).code).toBe('CHAIN_MISMATCH');
    expect((err as SahelError).message).toMatch(/31337.*1|chain id/);
    expect(w.db.prepare('SELECT count(*) AS n FROM chain_txs').get()).toEqual({ n: 0 });
    w.close();
  });

  it('hands out consecutive nonces to concurrent sends from one account', async () => {
    const w = world(c, tempDir());
    const hashes = await Promise.all(
      [1n, 2n, 3n, 4n].map((v) =>
        w.pipeline.send({ from: c.addr(2), to: getAddress(c.addr(8)), value: v }, 'user'),
      ),
    );
    const nonces = hashes.map((h) => w.repo.get(h as Hex)!.nonce).sort((a, b) => a - b);
    expect(new Set(nonces).size).toBe(4);
    expect(nonces[3]! - nonces[0]!).toBe(3);
    const settled = await Promise.all(hashes.map((h) => w.pipeline.waitFor(h, 10_000)));
    expect(settled.map((t) => t.status)).toEqual(['confirmed', 'confirmed', 'confirmed', 'confirmed']);
    w.close();
  });
});
