// The act tools on a real anvil with the harness deployment: their proposals are the pipeline's
// simulation and the market's plan, and doing them passes the origin to the pipeline's guard.
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createAgentGate, type Gate } from '../../../../src-main/agent/gate.js';
import type { CallContext } from '../../../../src-main/agent/index.js';
import {
  type ActOrigin,
  ownerGuard,
  type Toolbox,
  type ToolPorts,
  vaultPort,
  walletPort,
} from '../../../../src-main/agent/index.js';
import { BalancesRepo } from '../../../../src-main/store/balances-repo.js';
import { toolboxWith } from '../../../support/agent.js';
import { tempDir } from '../../../support/tmp.js';
import { cast, devSigners } from '../../chain/tx-fixture.js';
import {
  balanceOf,
  type Chain,
  E18,
  Marketplace,
  PaymentToken,
  send,
  useChain,
} from '../../contracts/harness.js';
import { seller } from '../../market/publish-fixture.js';
import { type BuyerSide, buyerSide, publishOffer } from '../../market/trade-fixture.js';

let c: Chain;
const ctx: CallContext = { conversationId: null, taskId: null, claim: 'The user asked.' };
const closers: (() => unknown)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** The buyer's tools (anvil account 4): its wallet, buyer and vault as core.ts would hand them in. */
function toolsOf(b: BuyerSide, o: Partial<ToolPorts> = {}, origin: () => ActOrigin = () => 'agent'): Toolbox {
  return toolboxWith(
    {
      vault: vaultPort(b.vault),
      buyer: b.buyer,
      wallet: walletPort({
        pipeline: b.world.pipeline,
        network: async () => b.world.network,
        signers: devSigners(c, [4]),
        balances: {
          configured: () => ({ name: 'test', chainId: c.chainId }),
          repo: new BalancesRepo(b.world.db),
        },
      }),
      marketplace: async () => c.market,
      ...o,
    },
    origin,
  );
}

async function buyer(): Promise<BuyerSide> {
  const b = await buyerSide(c, tempDir(), 4);
  closers.push(() => b.close());
  return b;
}

const hashIn = (text: string) => text.match(/0x[0-9a-f]{64}/)![0] as `0x${string}`;
const nativeOf = (a: string) => BigInt(cast(c.anvil.rpcUrl, 'balance', a));

/**
 * A seller's offer at 25 tokens and a buyer (account 4, holding 25) whose pipeline is guarded by a real
 * gate with 30 tokens of limits: an agent's buy of it is allowed within the limits.
 */
async function gatedBuy() {
  const s = await seller(c, tempDir());
  closers.push(() => s.close());
  const offerId = await publishOffer(s, randomBytes(2000));
  let gate: Gate | undefined;
  const b = await buyerSide(
    c,
    tempDir(),
    4,
    undefined,
    ownerGuard(() => gate?.agentGuard),
  );
  closers.push(() => b.close());
  await send(c, 0, c.token, PaymentToken.abi, 'mint', [c.addr(4), 25n * E18]);
  const parts = createAgentGate({
    db: b.world.db,
    vault: b.vault,
    contracts: async () => ({ marketplace: c.market, paymentToken: c.token, assetRegistry: c.registry }),
  });
  gate = parts.gate;
  closers.push(() => parts.gate.close());
  parts.policy.set(`limit.${c.token}.per-action`, '30', { decimals: 18 });
  parts.policy.set(`limit.${c.token}.daily`, '30', { decimals: 18 });
  const p = await toolsOf(b, {}, () => parts.gate.signingOrigin()).propose(
    'market_buy',
    { offerId, maxPrice: '30' },
    ctx,
  );
  return { b, parts, p, offerId };
}

describe('the act tools on anvil', () => {
  useChain((chain) => {
    c = chain;
  });

  it("wallet_send of the native coin: the proposal's moves are the simulation's; execute() reaches the guard as the agent (the origin its toolbox is given)", async () => {
    const b = await buyer();
    const tools = toolsOf(b);
    const to = c.addr(5);
    const before = nativeOf(to);
    const p = await tools.propose('wallet_send', { to, amount: '1.5' }, ctx);
    expect(p.moves).toEqual([
      {
        token: 'native',
        symbol: 'ETH',
        decimals: 18,
        amount: ((15n * E18) / 10n).toString(),
        to,
        approval: false,
      },
    ]);
    expect(p.reviews).toHaveLength(1);
    expect(p.reviews[0]!.effects.outflows).toHaveLength(1);
    expect(p.sharesData).toBe(false);
    expect(b.world.guarded).toHaveLength(0); // proposing signs nothing
    const done = await p.execute();
    expect(b.world.guarded.map((g) => [g.origin, g.review.reviewId])).toEqual([
      ['agent', p.reviews[0]!.reviewId],
    ]);
    await b.world.pipeline.waitFor(hashIn(done), 30_000);
    expect(nativeOf(to) - before).toBe((15n * E18) / 10n);
    await expect(p.execute()).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('wallet_send of a token named by its symbol: the moves name the token contract and its amount; signed as the origin given (approved)', async () => {
    const b = await buyer();
    await send(c, 0, c.token, PaymentToken.abi, 'mint', [c.addr(4), 100n * E18]);
    const symbol = cast(c.anvil.rpcUrl, 'call', c.token, 'symbol()(string)').replaceAll('"', '');
    const to = c.addr(6);
    const p = await toolsOf(b, {}, () => 'approved').propose(
      'wallet_send',
      { to, amount: '5', token: symbol },
      ctx,
    );
    expect(p.moves).toEqual([
      { token: c.token, symbol, decimals: 18, amount: (5n * E18).toString(), to, approval: false },
    ]);
    await b.world.pipeline.waitFor(hashIn(await p.execute()), 30_000);
    expect(b.world.guarded.map((g) => g.origin)).toEqual(['approved']);
    expect(await balanceOf(c, to)).toBe(5n * E18);
  });

  it('wallet_send beyond the balance fails to be proposed (a typed error), and nothing reaches the guard', async () => {
    const b = await buyer();
    await expect(
      toolsOf(b).propose('wallet_send', { to: c.addr(5), amount: '1', token: c.token }, ctx),
    ).rejects.toMatchObject({ code: 'REVERTED' });
    expect(b.world.guarded).toHaveLength(0);
  });

  it('market_buy: the exact approval and the price from the plan; execute() sends both as the agent', async () => {
    const s = await seller(c, tempDir());
    closers.push(() => s.close());
    const offerId = await publishOffer(s, randomBytes(2000));
    const b = await buyer();
    await send(c, 0, c.token, PaymentToken.abi, 'mint', [c.addr(4), 25n * E18]);
    const p = await toolsOf(b).propose('market_buy', { offerId, maxPrice: '30' }, ctx);
    const price = (25n * E18).toString();
    // The buy can be simulated only after the approval is mined: the grant must let it call the market.
    expect(p.laterCalls).toEqual([
      {
        to: c.market,
        call: 'buy',
        args: expect.objectContaining({ offerId, maxPrice: '25 SAHT', token: c.token }),
        maxFee: expect.stringMatching(/^\d+$/),
      },
    ]);
    expect(p.summary).toContain(`25 SAHT to the marketplace (${c.market})`);
    expect(p.summary).toContain(`allow the marketplace (${c.market}) to take 25 SAHT`);
    expect(p.moves).toEqual([
      {
        token: c.token,
        symbol: expect.any(String),
        decimals: 18,
        amount: price,
        to: c.market,
        approval: true,
      },
      {
        token: c.token,
        symbol: expect.any(String),
        decimals: 18,
        amount: price,
        to: c.market,
        approval: false,
      },
    ]);
    expect(p.reviews.map((r) => r.effects.call)).toEqual(['approve']);
    const done = await p.execute();
    expect(done).toContain('Bought licence #');
    expect(b.world.guarded.map((g) => [g.origin, g.review.effects.call])).toEqual([
      ['agent', 'approve'],
      ['agent', 'buy'],
    ]);
    expect(await balanceOf(c, c.addr(4))).toBe(0n);
  });

  it('an allowed market_buy, whose buy is simulated only after its approval, passes the real gate’s grant as the agent', async () => {
    const { b, parts, p } = await gatedBuy();
    const out = await parts.gate.act(p, ctx);
    expect(out).toMatchObject({ decision: 'allowed', rule: 'within-limits' });
    expect(out.result).toContain('Bought licence #');
    expect(b.world.guarded.map((g) => [g.origin, g.review.effects.call])).toEqual([
      ['agent', 'approve'],
      ['agent', 'buy'],
    ]);
    expect(await balanceOf(c, c.addr(4))).toBe(0n);
  });

  it('an allowed market_buy whose buy fails after its approve resets the allowance to 0 under the same grant, and says so', async () => {
    const { b, parts, p, offerId } = await gatedBuy();
    // The seller withdraws the offer after the plan: the approve still goes through, the buy cannot.
    await send(c, 1, c.market, Marketplace.abi, 'cancelOffer', [BigInt(offerId)]);
    const out = await parts.gate.act(p, ctx);
    expect(out).toMatchObject({ decision: 'allowed', rule: 'within-limits', outcome: 'failed' });
    expect(out.result).toMatch(/reset to 0 \(transaction 0x[0-9a-f]{64}\)/);
    const allowance = cast(
      c.anvil.rpcUrl,
      'call',
      c.token,
      'allowance(address,address)(uint256)',
      c.addr(4),
      c.market,
    );
    expect(BigInt(allowance.split(' ')[0]!)).toBe(0n);
    // The approve, then its reset, both signed as the agent inside the action's grant; nothing paid.
    expect(b.world.guarded.map((g) => [g.origin, g.review.effects.call])).toEqual([
      ['agent', 'approve'],
      ['agent', 'approve'],
    ]);
    expect(await balanceOf(c, c.addr(4))).toBe(25n * E18);
    expect(parts.audit.list({ limit: 1 })[0]).toMatchObject({ action: 'market_buy', outcome: 'failed' });
    expect(parts.audit.list({ limit: 1 })[0]!.result).toMatch(/reset to 0/);
  });

  it('market_buy over maxPrice is refused by the plan; a plan that expired is planned again and refused when the price rose', async () => {
    const s = await seller(c, tempDir());
    closers.push(() => s.close());
    const offerId = await publishOffer(s, randomBytes(2000));
    const b = await buyer();
    await send(c, 0, c.token, PaymentToken.abi, 'mint', [c.addr(4), 100n * E18]);
    await expect(toolsOf(b).propose('market_buy', { offerId, maxPrice: '24.5' }, ctx)).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    let now = Date.now();
    const p = await toolsOf(b, { now: () => now }).propose('market_buy', { offerId, maxPrice: '100' }, ctx);
    // The user takes an hour to approve; meanwhile the seller raises the price.
    now += 3_600_000;
    await send(c, 1, c.market, Marketplace.abi, 'updateOffer', [
      BigInt(offerId),
      {
        token: c.token,
        price: 40n * E18,
        commercialUse: false,
        derivativesAllowed: true,
        duration: 0n,
        maxLicenses: 0,
      },
      0n,
    ]);
    await expect(p.execute()).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(b.world.guarded).toHaveLength(0);
    expect(await balanceOf(c, c.addr(4))).toBe(100n * E18);
  });

  it('a send whose review expired is prepared again and goes ahead when it moves the same', async () => {
    const b = await buyer();
    let now = Date.now();
    const p = await toolsOf(b, { now: () => now }).propose(
      'wallet_send',
      { to: c.addr(7), amount: '2' },
      ctx,
    );
    now += 3_600_000;
    await b.world.pipeline.waitFor(hashIn(await p.execute()), 30_000);
    expect(b.world.guarded).toHaveLength(1);
    expect(b.world.guarded[0]!.review.reviewId).not.toBe(p.reviews[0]!.reviewId);
    expect(b.world.guarded[0]!.review.effects.outflows).toEqual(p.reviews[0]!.effects.outflows);
  });

  it('market_publish: shares data, moves nothing, and execute() registers and offers as the agent', async () => {
    const s = await seller(c, tempDir());
    closers.push(() => s.close());
    const item = await s.add('notes.txt', Buffer.from('private notes'));
    const tools = toolboxWith({
      vault: vaultPort(s.vault),
      publisher: s.publisher,
      marketplace: async () => c.market,
    });
    const p = await tools.propose(
      'market_publish',
      { itemId: item.id, price: '3', title: 'Notes', kind: 'dataset' },
      ctx,
    );
    expect(p).toMatchObject({ tool: 'market_publish', sharesData: true, moves: [] });
    expect(p.summary).toContain(`for sale at 3 SAHT on the marketplace (${c.market}), from ${c.addr(1)}`);
    expect(s.world.guarded).toHaveLength(0);
    expect(await p.execute()).toMatch(/^Published: asset #\d+, offer #\d+\.$/);
    expect(s.world.guarded.map((g) => [g.origin, g.review.effects.call])).toEqual([
      ['agent', 'register'],
      ['agent', 'createOffer'],
    ]);
  });
  it('a publish the user rejects, that expires unanswered, or that the closing owner drops leaves no prepared ciphertext or version row behind', async () => {
    const s = await seller(c, tempDir());
    closers.push(() => s.close());
    let now = Date.now();
    const parts = createAgentGate({
      db: s.db,
      vault: s.vault,
      contracts: async () => ({ marketplace: c.market, paymentToken: c.token, assetRegistry: c.registry }),
      now: () => now,
    });
    closers.push(() => parts.gate.close());
    const tools = toolboxWith(
      { vault: vaultPort(s.vault), publisher: s.publisher, marketplace: async () => c.market },
      () => parts.gate.signingOrigin(),
    );
    const leftovers = () => ({
      files: existsSync(s.blobsDir) ? readdirSync(s.blobsDir) : [],
      rows: s.repo.list(c.chainId).length,
    });
    const publishHeld = async (name: string) => {
      const item = await s.add(name, randomBytes(3000));
      const p = await tools.propose(
        'market_publish',
        { itemId: item.id, price: '3', title: name, kind: 'dataset' },
        ctx,
      );
      const held = await parts.gate.act(p, ctx);
      expect(held.decision).toBe('pending');
      // Preparing wrote the ciphertext and its version row.
      expect(leftovers().files.length).toBeGreaterThan(0);
      expect(leftovers().rows).toBe(1);
      return held.approvalId!;
    };
    parts.gate.reject(await publishHeld('rejected.txt'));
    expect(leftovers()).toEqual({ files: [], rows: 0 });

    await publishHeld('expired.txt');
    now += (parts.policy.get().approvalTimeoutSeconds + 1) * 1000;
    expect(parts.gate.approvals.list()).toEqual([]);
    expect(parts.audit.list({ limit: 1 })[0]).toMatchObject({
      action: 'market_publish',
      decision: 'expired',
    });
    expect(leftovers()).toEqual({ files: [], rows: 0 });

    // One still waiting when the owner closes is dropped with it, and so is what it prepared.
    await publishHeld('dropped.txt');
    parts.gate.close();
    expect(leftovers()).toEqual({ files: [], rows: 0 });
    expect(s.world.guarded).toHaveLength(0);
  });
});
