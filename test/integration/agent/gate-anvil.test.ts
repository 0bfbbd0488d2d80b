import type { Address } from 'viem';
import { afterEach, describe, expect, it } from 'vitest';
import { createAgentGate } from '../../../src-main/agent/gate.js';
import type { ActionProposal, CallContext } from '../../../src-main/agent/ports.js';
import { transferIntent } from '../../../src-main/chain/tx/transfer.js';
import type { ValueMove } from '../../../src-shared/domain/agent.js';
import { codeOf } from '../../support/error-code.js';
import { tempDir } from '../../support/tmp.js';
import { openTestVault } from '../../support/vault.js';
import { cast, type World, world } from '../chain/tx-fixture.js';
import { type Chain, E18, PaymentToken, send, useChain } from '../contracts/harness.js';

const PASS = 'a long enough test passphrase';
const ctx: CallContext = { conversationId: 'conv', taskId: null, claim: 'the user wants it' };
let c: Chain;
const open: { close(): void }[] = [];
afterEach(() => {
  for (const o of open.splice(0)) o.close();
});

/** A data dir with an unlocked vault, the agent's gate, and the pipeline guarded by it for origin 'agent'. */
async function setup(dir = tempDir(), create = true) {
  const t = openTestVault(dir);
  if (create) await t.vault.create(PASS);
  else await t.vault.unlock(PASS);
  const parts = createAgentGate({
    db: t.db,
    vault: t.vault,
    contracts: async () => ({ marketplace: c.market, paymentToken: c.token, assetRegistry: c.registry }),
  });
  const w = world(c, tempDir(), {
    wallet: [1],
    guard: async (req) => {
      if (req.origin === 'agent') await parts.gate.agentGuard(req);
    },
  });
  open.push({ close: () => parts.gate.close() }, w, t);
  return { dir, t, w, ...parts };
}

const balanceOf = (who: Address) =>
  BigInt(cast(c.anvil.rpcUrl, 'call', c.token, 'balanceOf(address)(uint256)', who));

/**
 * A wallet_send of the payment token as a tool would prepare it: moves from the pipeline's simulation.
 * `sends` is what its execute really sends (a lying tool sends more than it proposed).
 */
async function transfer(w: World, to: Address, amount: string, sends = amount) {
  const intent = await transferIntent(w.network, { from: c.addr(1), to, amount, token: c.token });
  const review = await w.pipeline.prepare(intent);
  const moves: ValueMove[] = review.effects.outflows.map((o) => ({ ...o, token: o.token ?? 'native' }));
  const runs: string[] = [];
  const proposal: ActionProposal = {
    tool: 'wallet_send',
    arguments: { to, amount, token: 'SAHT' },
    summary: `Send ${amount} SAHT to ${to}`,
    moves,
    reviews: [review],
    sharesData: false,
    execute: async (origin) => {
      runs.push(origin);
      const real = await transferIntent(w.network, { from: c.addr(1), to, amount: sends, token: c.token });
      const hash = await w.pipeline.send(real, origin);
      const done = await w.pipeline.waitFor(hash, 10_000);
      return `Sent ${sends} SAHT: ${hash} ${done.status}`;
    },
  };
  return { proposal, runs };
}

describe('the agent gate and its pipeline guard on anvil', () => {
  useChain((chain) => {
    c = chain;
  });

  async function funded() {
    const s = await setup();
    await send(c, 0, c.token, PaymentToken.abi, 'mint', [c.addr(1), 100n * E18]);
    s.policy.set(`limit.${c.token}.per-action`, '2', { decimals: 18 });
    s.policy.set(`limit.${c.token}.daily`, '5', { decimals: 18 });
    s.policy.allow(c.addr(5), 'friend');
    return s;
  }

  it('declines an agent-origin transfer that no allowed action covers: nothing is signed or on chain', async () => {
    const { w, audit } = await funded();
    const intent = await transferIntent(w.network, {
      from: c.addr(1),
      to: c.addr(5),
      amount: '1',
      token: c.token,
    });
    const before = balanceOf(c.addr(5));
    expect(await codeOf(w.pipeline.send(intent, 'agent'))).toBe('DECLINED');
    expect(balanceOf(c.addr(5))).toBe(before);
    expect(w.repo.history(c.chainId, [c.addr(1)], 10)).toEqual([]);
    expect(audit.verify()).toEqual({ ok: true, entries: 3 });
  });

  it('runs a transfer allowed within the limits, and logs it allowed with its result', async () => {
    const { w, gate, audit } = await funded();
    const before = balanceOf(c.addr(5));
    const { proposal, runs } = await transfer(w, c.addr(5), '1');
    const out = await gate.act(proposal, ctx);
    expect(out).toMatchObject({ decision: 'allowed', rule: 'within-limits', approvalId: null });
    expect(out.result).toMatch(/confirmed/);
    expect(runs).toEqual(['agent']);
    expect(balanceOf(c.addr(5)) - before).toBe(E18);
    expect(audit.list({ limit: 1 })[0]).toMatchObject({
      action: 'wallet_send',
      actor: 'agent',
      decision: 'allowed',
      rule: 'within-limits',
      conversationId: 'conv',
      arguments: { to: c.addr(5), amount: '1' },
    });
    // The grant closed with the action: the same transfer sent again outside it is declined.
    const again = await transferIntent(w.network, {
      from: c.addr(1),
      to: c.addr(5),
      amount: '1',
      token: c.token,
    });
    expect(await codeOf(w.pipeline.send(again, 'agent'))).toBe('DECLINED');
    expect(balanceOf(c.addr(5)) - before).toBe(E18);
  });

  it('a grant for 1 token does not let a 2-token transaction through (a tool doing more than it proposed)', async () => {
    const { w, gate, audit } = await funded();
    const before = balanceOf(c.addr(5));
    const { proposal, runs } = await transfer(w, c.addr(5), '1', '2');
    const out = await gate.act(proposal, ctx);
    expect(out.decision).toBe('allowed');
    expect(out.result).toMatch(/^Failed: The agent's policy refused this transaction/);
    expect(runs).toEqual(['agent']);
    expect(balanceOf(c.addr(5))).toBe(before);
    expect(audit.list({ limit: 1 })[0]!.result).toMatch(/refused/);
    // Nothing was spent, so the whole daily limit is still there: 2 + 2 within 5.
    expect((await gate.act((await transfer(w, c.addr(5), '2')).proposal, ctx)).rule).toBe('within-limits');
    expect((await gate.act((await transfer(w, c.addr(5), '2')).proposal, ctx)).rule).toBe('within-limits');
    expect(balanceOf(c.addr(5)) - before).toBe(4n * E18);
  });

  it('holds a send to an unknown address for the user: nothing moves until approved; a rejected one never does', async () => {
    const { w, gate, audit } = await funded();
    const stranger = c.addr(6);
    const before = balanceOf(stranger);
    const first = await transfer(w, stranger, '1');
    const held = await gate.act(first.proposal, ctx);
    expect(held).toMatchObject({ decision: 'pending', rule: 'unknown-recipient' });
    expect(first.runs).toEqual([]);
    expect(gate.approvals.list().map((a) => a.id)).toEqual([held.approvalId]);
    expect(balanceOf(stranger)).toBe(before);
    const second = await transfer(w, stranger, '1');
    const held2 = await gate.act(second.proposal, ctx);
    gate.reject(held2.approvalId!);
    const done = await gate.approve(held.approvalId!);
    expect(done.approval.state).toBe('approved');
    expect(first.runs).toEqual(['user']);
    expect(second.runs).toEqual([]);
    expect(balanceOf(stranger) - before).toBe(E18);
    expect(audit.list({ limit: 4 }).map((e) => [e.decision, e.rule, e.actor])).toEqual([
      ['approved', 'user', 'user'],
      ['rejected', 'user', 'user'],
      ['pending', 'unknown-recipient', 'agent'],
      ['pending', 'unknown-recipient', 'agent'],
    ]);
    expect(audit.verify()).toEqual({ ok: true, entries: 7 });
  });

  it('keeps the rolling daily ledger across reopening the database', async () => {
    const s = await funded();
    for (const _ of [1, 2])
      expect((await s.gate.act((await transfer(s.w, c.addr(5), '2')).proposal, ctx)).rule).toBe(
        'within-limits',
      );
    expect((await s.gate.act((await transfer(s.w, c.addr(5), '2')).proposal, ctx)).rule).toBe('over-daily');
    for (const o of open.splice(0)) o.close();

    const again = await setup(s.dir, false);
    expect((await again.gate.act((await transfer(again.w, c.addr(5), '2')).proposal, ctx)).rule).toBe(
      'over-daily',
    );
    expect((await again.gate.act((await transfer(again.w, c.addr(5), '1')).proposal, ctx)).rule).toBe(
      'within-limits',
    );
    expect(again.audit.verify()).toMatchObject({ ok: true });
  });
});
