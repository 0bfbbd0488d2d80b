import { type Hex, parseEther } from 'viem';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../support/tmp.js';
import { type Chain, useChain } from '../contracts/harness.js';
import { cast, type RpcProxy, rpcProxy, world } from './tx-fixture.js';

let c: Chain;

const row = (w: ReturnType<typeof world>, hash: string) => w.repo.get(hash)!;

describe('pending transactions survive restarts and outages; stuck ones can be replaced', () => {
  useChain((chain) => {
    c = chain;
  });
  let proxy: RpcProxy | undefined;
  afterEach(async () => {
    await c.test.setAutomine(true);
    await proxy?.close();
    proxy = undefined;
  });

  it('a restart keeps the nonce: the next send follows the stored pending one, which is re-broadcast', async () => {
    const dir = tempDir();
    await c.test.setAutomine(false);
    const first = world(c, dir);
    const a = await first.pipeline.send({ from: c.addr(1), to: c.addr(5), value: 1n }, 'user');
    const nonceA = row(first, a).nonce;
    await first.pipeline.tracker.poll();
    first.close();
    // The node forgets its mempool (as a restarted node or an outage would); only our store remembers.
    await c.test.dropTransaction({ hash: a });
    expect(await c.pub.getTransactionCount({ address: c.addr(1), blockTag: 'pending' })).toBe(nonceA);

    const again = world(c, dir);
    const b = await again.pipeline.send({ from: c.addr(1), to: c.addr(5), value: 2n }, 'user');
    expect(row(again, b).nonce).toBe(nonceA + 1);
    await again.pipeline.tracker.poll(); // re-broadcasts A from its stored raw bytes
    await c.test.mine({ blocks: 1 });
    const [ra, rb] = await Promise.all([
      again.pipeline.waitFor(a, 10_000),
      again.pipeline.waitFor(b, 10_000),
    ]);
    expect([ra.status, rb.status]).toEqual(['confirmed', 'confirmed']);
    expect(cast(c.anvil.rpcUrl, 'nonce', c.addr(1))).toBe(String(nonceA + 2));
    again.close();
  });

  it('an RPC outage during broadcast leaves it pending; it is sent again and confirmed once the RPC is back', async () => {
    proxy = await rpcProxy(c.anvil.rpcUrl);
    const p = proxy;
    const w = world(c, tempDir(), { rpcUrl: p.url });
    const before = BigInt(cast(c.anvil.rpcUrl, 'balance', c.addr(6)));
    p.rule = (m) => (m === 'eth_sendRawTransaction' ? 'drop' : 'pass');
    const hash = await w.pipeline.send({ from: c.addr(2), to: c.addr(6), value: parseEther('0.5') }, 'user');
    expect(row(w, hash).status).toBe('pending');
    p.rule = () => 'drop'; // fully down
    await w.pipeline.tracker.poll();
    expect(row(w, hash).status).toBe('pending');
    expect(await c.pub.getTransaction({ hash }).catch(() => null)).toBeNull();
    // A background waiter asks to be let go while the RPC is down; the transaction stays pending.
    await expect(w.pipeline.waitFor(hash, 600_000, { untilOutage: true })).rejects.toMatchObject({
      code: 'UNAVAILABLE',
    });
    expect(row(w, hash).status).toBe('pending');
    p.rule = () => 'pass';
    w.pipeline.tracker.start();
    expect((await w.pipeline.waitFor(hash, 10_000)).status).toBe('confirmed');
    expect(p.seen.filter((m) => m === 'eth_sendRawTransaction').length).toBeGreaterThanOrEqual(2);
    expect(BigInt(cast(c.anvil.rpcUrl, 'balance', c.addr(6))) - before).toBe(parseEther('0.5'));
    w.close();
  });

  it('speeds up a stuck transaction: same nonce, fee raised ≥10%; the original becomes replaced', async () => {
    await c.test.setAutomine(false);
    const w = world(c, tempDir());
    const a = await w.pipeline.send({ from: c.addr(1), to: c.addr(7), value: 5n }, 'user');
    const b = await w.pipeline.speedUp(a);
    const [ra, rb] = [row(w, a), row(w, b)];
    expect(rb.nonce).toBe(ra.nonce);
    expect(rb.replaces).toBe(a);
    expect(rb.kind).toBe('speed-up');
    expect(BigInt(rb.maxPriorityFeePerGas) * 10n).toBeGreaterThanOrEqual(
      BigInt(ra.maxPriorityFeePerGas) * 11n,
    );
    expect(BigInt(rb.maxFeePerGas) * 10n).toBeGreaterThanOrEqual(BigInt(ra.maxFeePerGas) * 11n);
    expect(w.guarded.map((g) => g.kind)).toEqual(['send', 'speed-up']);
    await c.test.mine({ blocks: 1 });
    const [sa, sb] = await Promise.all([w.pipeline.waitFor(a, 10_000), w.pipeline.waitFor(b, 10_000)]);
    expect([sa.status, sb.status]).toEqual(['replaced', 'confirmed']);
    expect(cast(c.anvil.rpcUrl, 'tx', b, 'nonce')).toBe(String(ra.nonce));
    await expect(w.pipeline.speedUp(a)).rejects.toThrow(/already replaced/);
    w.close();
  });

  it('cancels a stuck transaction with an empty self-send; the value never leaves', async () => {
    await c.test.setAutomine(false);
    const w = world(c, tempDir());
    const before = BigInt(cast(c.anvil.rpcUrl, 'balance', c.addr(7)));
    const a = await w.pipeline.send({ from: c.addr(2), to: c.addr(7), value: parseEther('3') }, 'user');
    const x = await w.pipeline.cancel(a);
    const rx = row(w, x);
    expect([rx.to, rx.value, rx.data, rx.kind, rx.nonce]).toEqual([
      c.addr(2),
      '0',
      '0x',
      'cancel',
      row(w, a).nonce,
    ]);
    await c.test.mine({ blocks: 1 });
    const [sa, sx] = await Promise.all([w.pipeline.waitFor(a, 10_000), w.pipeline.waitFor(x, 10_000)]);
    expect([sa.status, sx.status]).toEqual(['replaced', 'confirmed']);
    expect(BigInt(cast(c.anvil.rpcUrl, 'balance', c.addr(7)))).toBe(before);
    const history = await w.pipeline.history(10);
    expect(history.map((t) => [t.kind, t.status])).toEqual([
      ['cancel', 'confirmed'],
      ['send', 'replaced'],
    ]);
    w.close();
  });

  it('believes no lying RPC: a foreign chain id stops signing, a receipt for another hash settles nothing', async () => {
    proxy = await rpcProxy(c.anvil.rpcUrl);
    const p = proxy;
    const w = world(c, tempDir(), { rpcUrl: p.url });
    p.rule = (m) => (m === 'eth_chainId' ? { result: '0x1' } : 'pass');
    await expect(w.pipeline.prepare({ from: c.addr(1), to: c.addr(5), value: 1n })).rejects.toMatchObject({
      code: 'CHAIN_MISMATCH',
    });
    p.rule = () => 'pass';
    await c.test.setAutomine(false);
    const hash = await w.pipeline.send({ from: c.addr(1), to: c.addr(5), value: 1n }, 'user');
    const other = `0x${'ab'.repeat(32)}`;
    p.rule = (m) =>
      m === 'eth_getTransactionReceipt'
        ? {
            result: {
              transactionHash: other,
              blockHash: other,
              blockNumber: '0x1',
              transactionIndex: '0x0',
              from: c.addr(1),
              to: c.addr(5),
              cumulativeGasUsed: '0x5208',
              gasUsed: '0x5208',
              effectiveGasPrice: '0x1',
              logs: [],
              logsBloom: `0x${'00'.repeat(256)}`,
              status: '0x1',
              type: '0x2',
              contractAddress: null,
            },
          }
        : 'pass';
    await w.pipeline.tracker.poll();
    expect(row(w, hash).status).toBe('pending');
    p.rule = () => 'pass';
    await c.test.mine({ blocks: 1 });
    expect((await w.pipeline.waitFor(hash, 10_000)).status).toBe('confirmed');
    w.close();
  });

  it('marks a transaction dropped when its nonce is used by one sent elsewhere', async () => {
    await c.test.setAutomine(false);
    const w = world(c, tempDir());
    const a = await w.pipeline.send({ from: c.addr(1), to: c.addr(7), value: 9n }, 'user');
    await c.test.dropTransaction({ hash: a });
    // The same key, from another wallet app, spends the nonce.
    const other = (await c.wallet(1).sendTransaction({
      account: c.accounts[1]!,
      chain: null,
      to: c.addr(8),
      value: 1n,
      nonce: row(w, a).nonce,
      // Priced to replace ours even if our tracker has just sent it again.
      maxFeePerGas: parseEther('0.0000002'),
      maxPriorityFeePerGas: parseEther('0.0000001'),
    })) as Hex;
    await c.test.mine({ blocks: 1 });
    await c.pub.waitForTransactionReceipt({ hash: other, pollingInterval: 20 });
    expect((await w.pipeline.waitFor(a, 10_000)).status).toBe('dropped');
    w.close();
  });
});
