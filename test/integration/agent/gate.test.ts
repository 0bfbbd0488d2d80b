import { afterEach, describe, expect, it } from 'vitest';
import { createAgentGate, type Gate } from '../../../src-main/agent/gate.js';
import type { ActionProposal, CallContext } from '../../../src-main/agent/ports.js';
import type { ActToolName, ValueMove } from '../../../src-shared/domain/agent.js';
import type { TxReview } from '../../../src-shared/domain/tx.js';
import { codeOf } from '../../support/error-code.js';
import { tempDir } from '../../support/tmp.js';
import { openTestVault } from '../../support/vault.js';

const PASS = 'a long enough test passphrase';
const MARKET = '0x1111111111111111111111111111111111111111';
const TOKEN = '0x2222222222222222222222222222222222222222';
const ctx: CallContext = { conversationId: 'c', taskId: null, claim: 'trust me' };
const open: { close(): void }[] = [];
/** The gate of the running test, for the proposals to record the origin it signs as. */
let current: Gate | null = null;
afterEach(() => {
  for (const o of open.splice(0)) o.close();
});

async function setup() {
  let t0 = Date.parse('2026-12-07T10:00:00.000Z');
  const t = openTestVault(tempDir());
  await t.vault.create(PASS);
  const parts = createAgentGate({
    db: t.db,
    vault: t.vault,
    contracts: async () => ({ marketplace: MARKET, paymentToken: TOKEN, assetRegistry: MARKET }),
    now: () => t0,
  });
  open.push({ close: () => parts.gate.close() }, t);
  current = parts.gate;
  return { t, ...parts, advance: (ms: number) => (t0 += ms) };
}

function proposal(tool: ActToolName, o: Partial<ActionProposal> = {}, fail?: Error) {
  /** The origin the gate's grant named while each run went (what the tools' signing ports use). */
  const runs: string[] = [];
  const p: ActionProposal = {
    tool,
    arguments: { x: 1 },
    summary: `${tool} something`,
    moves: [],
    reviews: [],
    sharesData: false,
    execute: async () => {
      runs.push(current?.signingOrigin() ?? 'no gate');
      if (fail) throw fail;
      return 'done';
    },
    ...o,
  };
  return { p, runs };
}

const move = (amount: bigint, approval: boolean): ValueMove => ({
  token: TOKEN,
  symbol: 'SAHT',
  decimals: 18,
  amount: amount.toString(),
  to: MARKET,
  approval,
});

function review(to: string, call: string, outflows: TxReview['effects']['outflows'] = []): TxReview {
  return {
    reviewId: 'r',
    network: 'n',
    chainId: 1,
    from: MARKET,
    effects: { outflows, to, call, gasLimit: '1', maxFeePerGas: '1', maxFee: '1' },
    expiresAt: new Date().toISOString(),
  };
}

describe('the agent gate', () => {
  it('logs reads as allowed and refusals as denied with their rule', async () => {
    const { gate, audit } = await setup();
    gate.read('vault_search', { query: 'q' }, '3 hits', ctx);
    expect(gate.refuse('wallet_drain', {}, 'unknown-tool', 'No such tool.', ctx)).toEqual({
      decision: 'denied',
      rule: 'unknown-tool',
      result: 'No such tool.',
      approvalId: null,
    });
    expect(audit.list({ limit: 5 }).map((e) => [e.action, e.decision, e.rule, e.result])).toEqual([
      ['wallet_drain', 'denied', 'unknown-tool', 'No such tool.'],
      ['vault_search', 'allowed', 'read', '3 hits'],
    ]);
  });

  it('denies an unlimited approval without running it, and runs a memory once', async () => {
    const { gate, audit } = await setup();
    const buy = proposal('market_buy', {
      moves: [move(2n ** 256n - 1n, true), move(1n, false)],
      reviews: [review(TOKEN, 'approve'), review(MARKET, 'buy')],
    });
    expect(await gate.act(buy.p, ctx)).toMatchObject({ decision: 'denied', rule: 'unlimited-approval' });
    expect(buy.runs).toEqual([]);
    const memory = proposal('memory_remember');
    expect(await gate.act(memory.p, ctx)).toEqual({
      decision: 'allowed',
      rule: 'memory',
      result: 'done',
      approvalId: null,
      outcome: 'done',
    });
    expect(memory.runs).toEqual(['agent']);
    expect(audit.list({ limit: 5 }).map((e) => [e.action, e.decision, e.rule])).toEqual([
      ['memory_remember', 'allowed', 'memory'],
      ['market_buy', 'denied', 'unlimited-approval'],
    ]);
  });

  it('holds a publish for the user whatever the limits, and expires it unanswered: never runnable after', async () => {
    const { gate, audit, policy, advance } = await setup();
    policy.set(`limit.${TOKEN}.per-action`, '1000000', { decimals: 18 });
    policy.set(`limit.${TOKEN}.daily`, '1000000', { decimals: 18 });
    policy.set('approval-timeout', '30');
    const publish = proposal('market_publish', { sharesData: true, reviews: [review(MARKET, 'register')] });
    const held = await gate.act(publish.p, ctx);
    expect(held).toMatchObject({ decision: 'pending', rule: 'never-publish-unasked' });
    advance(30_000);
    expect(await codeOf(gate.approve(held.approvalId!))).toBe('CONFLICT');
    expect(publish.runs).toEqual([]);
    expect(audit.list({ limit: 2 }).map((e) => [e.decision, e.rule, e.actor])).toEqual([
      ['expired', 'never-publish-unasked', 'owner'],
      ['pending', 'never-publish-unasked', 'agent'],
    ]);
  });

  it('an approval that expires while the vault is locked is logged at the next write, in order', async () => {
    const { t, gate, audit, advance } = await setup();
    const send = proposal('wallet_send', { moves: [move(1n, false)], reviews: [review(MARKET, 'buy')] });
    const held = await gate.act(send.p, ctx);
    expect(held.decision).toBe('pending');
    t.vault.lock();
    advance(600_000);
    gate.approvals.expireDue(); // what the timer does
    await t.vault.unlock(PASS);
    gate.read('wallet_balance', {}, '1 ETH', ctx);
    expect(audit.list({ limit: 5 }).map((e) => [e.action, e.decision])).toEqual([
      ['wallet_balance', 'allowed'],
      ['wallet_send', 'expired'],
      ['wallet_send', 'pending'],
    ]);
    expect(send.runs).toEqual([]);
  });

  it('counts what a task’s allowed actions signed against its budget, per task', async () => {
    const { gate, policy } = await setup();
    policy.set(`limit.${TOKEN}.per-action`, '5', { decimals: 0 });
    policy.set(`limit.${TOKEN}.daily`, '100', { decimals: 0 });
    policy.set(`limit.${TOKEN}.task-budget`, '7', { decimals: 0 });
    // A buy of 3 whose execute goes through the guard as the pipeline would.
    const buy = () => {
      const pay = { ...move(3n, false), token: TOKEN };
      const r = review(MARKET, 'buy', [pay]);
      return proposal('market_buy', {
        moves: [pay],
        reviews: [r],
        execute: async () => {
          await gate.agentGuard({ review: r, origin: 'agent', kind: 'call' });
          return 'bought';
        },
      }).p;
    };
    const inTask = (taskId: string) => ({ ...ctx, taskId });
    expect((await gate.act(buy(), inTask('t1'))).rule).toBe('within-limits');
    expect((await gate.act(buy(), inTask('t1'))).rule).toBe('within-limits');
    expect((await gate.act(buy(), inTask('t1'))).rule).toBe('over-task-budget');
    expect((await gate.act(buy(), inTask('t2'))).rule).toBe('within-limits');
    expect((await gate.act(buy(), ctx)).rule).toBe('within-limits');
  });

  it('logs a failed allowed action with its error sentence; nothing acts while the vault is locked', async () => {
    const { t, gate, audit } = await setup();
    const broken = proposal('memory_remember', {}, new Error('/home/x/secret path exploded'));
    const out = await gate.act(broken.p, ctx);
    expect(out).toMatchObject({ decision: 'allowed', rule: 'memory', outcome: 'failed' });
    expect(out.result).toBe('Failed: an unexpected error (see the log).');
    expect(audit.list({ limit: 1 })[0]).toMatchObject({ decision: 'allowed', outcome: 'failed' });
    t.vault.lock();
    const later = proposal('memory_remember');
    expect(await codeOf(gate.act(later.p, ctx))).toBe('LOCKED');
    expect(later.runs).toEqual([]);
    await t.vault.unlock(PASS);
    expect(audit.list({ limit: 5 }).length).toBe(1);
  });

  it('its guard refuses what is not the agent’s, and any agent transaction outside an allowed action', async () => {
    const { gate } = await setup();
    const req = { review: review(TOKEN, 'transfer'), kind: 'call' as const };
    expect(await codeOf(gate.agentGuard({ ...req, origin: 'user' }))).toBe('DECLINED');
    expect(await codeOf(gate.agentGuard({ ...req, origin: 'agent' }))).toBe('DECLINED');
  });
});
