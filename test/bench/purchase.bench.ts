// A marketplace purchase (approve + Marketplace.buy) from quote to confirmed receipt on a local anvil,
// through Sahel's pipeline (simulate → effects → guard → sign → SQLite row → broadcast → track) beside
// the same two transactions sent with bare viem walletClient calls. Target: under 500 ms for Sahel.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWalletClient, encodeFunctionData, erc20Abi, http } from 'viem';
import { foundry } from 'viem/chains';
import { TxPipeline } from '../../src-main/chain/tx/pipeline.js';
import { openDatabase } from '../../src-main/store/database.js';
import { TxRepo } from '../../src-main/store/tx-repo.js';
import { devSigners, networkOf } from '../integration/chain/tx-fixture.js';
import {
  createOffer,
  E18,
  Marketplace,
  PaymentToken,
  PUBKEY,
  register,
  send,
  setupChain,
} from '../integration/contracts/harness.js';
import { machineLine, writeSection } from './support/report.js';

const RUNS = 20;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.ceil(xs.length * 0.95) - 1]!;

const c = await setupChain();
const dir = mkdtempSync(join(tmpdir(), 'sahel-bench-'));
try {
  const price = 10n * E18;
  const seller = 3;
  const offers: bigint[] = [];
  for (let i = 0; i < RUNS * 2; i++)
    offers.push(await createOffer(c, seller, await register(c, seller), { price }));
  for (const buyer of [1, 2])
    await send(c, 0, c.token, PaymentToken.abi, 'mint', [c.addr(buyer), price * BigInt(RUNS)]);

  const db = openDatabase(join(dir, 'sahel.db'));
  const pipeline = new TxPipeline({
    repo: new TxRepo(db),
    signers: devSigners(c, [1]),
    network: async () => networkOf(c),
    guard: async () => {},
  });
  const sahelBuyer = c.addr(1);
  const quote = async (offer: bigint) =>
    (
      (await c.pub.readContract({
        address: c.market,
        abi: Marketplace.abi,
        functionName: 'getOffer',
        args: [offer],
      })) as {
        terms: { price: bigint; token: `0x${string}` };
      }
    ).terms;

  async function viaSahel(offer: bigint): Promise<number> {
    const t0 = performance.now();
    const terms = await quote(offer);
    const approve = encodeFunctionData({
      abi: erc20Abi,
      functionName: 'approve',
      args: [c.market, terms.price],
    });
    const a = await pipeline.send({ from: sahelBuyer, to: terms.token, data: approve }, 'user');
    if ((await pipeline.waitFor(a)).status !== 'confirmed') throw new Error('approve failed');
    const buy = encodeFunctionData({
      abi: Marketplace.abi,
      functionName: 'buy',
      args: [offer, terms.price, terms.token, PUBKEY],
    });
    const b = await pipeline.send({ from: sahelBuyer, to: c.market, data: buy }, 'user');
    if ((await pipeline.waitFor(b)).status !== 'confirmed') throw new Error('buy failed');
    return performance.now() - t0;
  }

  const peer = createWalletClient({
    account: c.accounts[2]!,
    chain: foundry,
    transport: http(c.anvil.rpcUrl),
  });
  async function viaViem(offer: bigint): Promise<number> {
    const t0 = performance.now();
    const terms = await quote(offer);
    const a = await peer.writeContract({
      address: terms.token,
      abi: erc20Abi,
      functionName: 'approve',
      args: [c.market, terms.price],
    });
    if ((await c.pub.waitForTransactionReceipt({ hash: a, pollingInterval: 5 })).status !== 'success')
      throw new Error();
    const b = await peer.writeContract({
      address: c.market,
      abi: Marketplace.abi,
      functionName: 'buy',
      args: [offer, terms.price, terms.token, PUBKEY],
    });
    if ((await c.pub.waitForTransactionReceipt({ hash: b, pollingInterval: 5 })).status !== 'success')
      throw new Error();
    return performance.now() - t0;
  }

  const sahel: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    sahel.push(await viaSahel(offers[2 * i]!));
    bare.push(await viaViem(offers[2 * i + 1]!));
  }
  pipeline.tracker.stop();
  db.close();

  const ms = (x: number) => `${x.toFixed(1)} ms`;
  const md = `### Purchase from quote to confirmed receipt (approve + Marketplace.buy, anvil, automine)

Measured ${machineLine()}; ${RUNS} purchases each, interleaved; target for Sahel: under 500 ms.

| Path | Median | p95 |
| --- | ---: | ---: |
| Sahel: quote, then per transaction simulate + effects, guard, chain-id check, nonce, sign, SQLite row (synchronous=FULL), broadcast, tracked to its receipt | ${ms(median(sahel))} | ${ms(p95(sahel))} |
| bare viem: quote, \`walletClient.writeContract\` + \`waitForTransactionReceipt\` (5 ms polling), twice | ${ms(median(bare))} | ${ms(p95(bare))} |

Sahel makes more RPC round trips per transaction (eth_call and estimateGas before signing, the chain id
again right before signing, the pending count for the nonce) and fsyncs the signed transaction before
broadcasting it; that is the price of the review and of never losing a nonce.`;
  writeSection('purchase', md);
  console.log(md);
} finally {
  await c.anvil.stop();
  rmSync(dir, { recursive: true, force: true });
}
