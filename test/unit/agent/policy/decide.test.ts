import { describe, expect, it } from 'vitest';
import { type DecideInput, decide, UNLIMITED } from '../../../../src-main/agent/policy/decide.js';
import { DEFAULT_POLICY, type PolicySettings, type ValueMove } from '../../../../src-shared/domain/agent.js';

const MARKET = '0x1111111111111111111111111111111111111111';
const TOKEN = '0x2222222222222222222222222222222222222222';
const REGISTRY = '0x3333333333333333333333333333333333333333';
const FRIEND = '0x4444444444444444444444444444444444444444';
const AGENT_OWN = '0x5555555555555555555555555555555555555555';
const E18 = 10n ** 18n;

function pay(amount: bigint, to = MARKET, o: Partial<ValueMove> = {}): ValueMove {
  return { token: TOKEN, symbol: 'SAHT', decimals: 18, amount: amount.toString(), to, approval: false, ...o };
}
const approve = (amount: bigint, to = MARKET) => pay(amount, to, { approval: true });

const limited: PolicySettings = {
  ...DEFAULT_POLICY,
  limits: [
    {
      token: TOKEN,
      perAction: (5n * E18).toString(),
      daily: (12n * E18).toString(),
      taskBudget: (7n * E18).toString(),
    },
  ],
  allowlist: [{ address: FRIEND, name: 'friend', addedAt: '2026-01-01T00:00:00.000Z' }],
};

function input(o: Partial<DecideInput>): DecideInput {
  return {
    tool: 'market_buy',
    moves: [],
    calls: [],
    sharesData: false,
    settings: limited,
    contracts: { marketplace: MARKET, paymentToken: TOKEN, assetRegistry: REGISTRY },
    lastDay: new Map(),
    taskSpent: null,
    ...o,
  };
}
const buy = (price: bigint): Partial<DecideInput> => ({
  moves: [approve(price), pay(price)],
  calls: [
    { to: TOKEN, call: 'approve' },
    { to: MARKET, call: 'buy' },
  ],
});

describe('the policy engine (decide)', () => {
  it('asks before publishing vault data even when the limits are high (never-publish-unasked)', () => {
    const huge = {
      ...limited,
      limits: [
        { token: TOKEN, perAction: UNLIMITED.toString(), daily: UNLIMITED.toString(), taskBudget: '0' },
      ],
    };
    const v = decide(
      input({
        tool: 'market_publish',
        sharesData: true,
        settings: huge,
        calls: [{ to: REGISTRY, call: 'register' }],
      }),
    );
    expect(v).toMatchObject({ outcome: 'ask', rule: 'never-publish-unasked' });
  });

  it('denies an unlimited approval, one to another spender, and one for more than the action pays (unlimited-approval)', () => {
    const unlimited = decide(input({ ...buy(E18), moves: [approve(2n ** 256n - 1n), pay(E18)] }));
    expect(unlimited).toMatchObject({ outcome: 'deny', rule: 'unlimited-approval' });
    expect(unlimited.why).toMatch(/unlimited/);
    expect(decide(input({ ...buy(E18), moves: [approve(E18, FRIEND), pay(E18)] }))).toMatchObject({
      outcome: 'deny',
      rule: 'unlimited-approval',
    });
    expect(decide(input({ ...buy(E18), moves: [approve(2n * E18), pay(E18)] }))).toMatchObject({
      outcome: 'deny',
      rule: 'unlimited-approval',
    });
    // An approval alone pays nothing: it is more than the action pays.
    expect(decide(input({ moves: [approve(1n)], calls: [{ to: TOKEN, call: 'approve' }] })).rule).toBe(
      'unlimited-approval',
    );
  });

  it('asks for a call to a contract that is neither the marketplace nor a configured token (unknown-contract)', () => {
    const v = decide(input({ moves: [], calls: [{ to: FRIEND, call: 'unknown call' }] }));
    expect(v).toMatchObject({ outcome: 'ask', rule: 'unknown-contract' });
    // A plain send (no call) is judged by its recipient, not as a contract.
    expect(
      decide(
        input({ tool: 'wallet_send', moves: [pay(E18, FRIEND)], calls: [{ to: TOKEN, call: 'transfer' }] }),
      ).rule,
    ).toBe('within-limits');
  });

  it('asks for a send to the agent’s own unknown address, whatever the limits (unknown-recipient)', () => {
    const v = decide(
      input({ tool: 'wallet_send', moves: [pay(1n, AGENT_OWN)], calls: [{ to: TOKEN, call: 'transfer' }] }),
    );
    expect(v).toMatchObject({ outcome: 'ask', rule: 'unknown-recipient' });
    expect(v.why).toContain(AGENT_OWN);
    const native = {
      token: 'native',
      symbol: 'ETH',
      decimals: 18,
      amount: '1',
      to: AGENT_OWN,
      approval: false,
    };
    expect(
      decide(input({ tool: 'wallet_send', moves: [native], calls: [{ to: AGENT_OWN, call: null }] })).rule,
    ).toBe('unknown-recipient');
  });

  it('asks for a plain send to the marketplace, whatever the limits: only a purchase pays it (unknown-recipient)', () => {
    const v = decide(
      input({ tool: 'wallet_send', moves: [pay(E18, MARKET)], calls: [{ to: TOKEN, call: 'transfer' }] }),
    );
    expect(v).toMatchObject({ outcome: 'ask', rule: 'unknown-recipient' });
    expect(v.why).toContain(MARKET);
    // The same payment as a purchase's is within the limits.
    expect(decide(input(buy(E18))).rule).toBe('within-limits');
  });

  it('asks when a token has no limits, which is the default (auto-approve-zero)', () => {
    expect(decide(input({ ...buy(1n), settings: DEFAULT_POLICY }))).toMatchObject({
      outcome: 'ask',
      rule: 'auto-approve-zero',
    });
    const native = { token: 'native', symbol: 'ETH', decimals: 18, amount: '1', to: FRIEND, approval: false };
    expect(
      decide(input({ tool: 'wallet_send', moves: [native], calls: [{ to: FRIEND, call: null }] })).rule,
    ).toBe('auto-approve-zero');
  });

  it('asks over the per-action limit (over-per-action)', () => {
    expect(decide(input(buy(5n * E18 + 1n)))).toMatchObject({ outcome: 'ask', rule: 'over-per-action' });
    expect(decide(input(buy(5n * E18)))).toMatchObject({ outcome: 'allow', rule: 'within-limits' });
  });

  it('asks when many small moves under the per-action limit together cross the daily one (over-daily)', () => {
    const lastDay = new Map<string, bigint>();
    const outcomes: string[] = [];
    for (let i = 0; i < 5; i++) {
      const v = decide(input({ ...buy(3n * E18), lastDay }));
      outcomes.push(v.rule);
      // What the gate's ledger would hold after each allowed one.
      if (v.outcome === 'allow')
        lastDay.set(TOKEN.toLowerCase(), (lastDay.get(TOKEN.toLowerCase()) ?? 0n) + 3n * E18);
    }
    // 3 a time under a per-action limit of 5: four fit the daily 12 exactly, the fifth would make 15.
    expect(outcomes).toEqual([
      'within-limits',
      'within-limits',
      'within-limits',
      'within-limits',
      'over-daily',
    ]);
  });

  it('asks when a task would go over its budget (over-task-budget), and not outside a task', () => {
    const taskSpent = new Map([[TOKEN.toLowerCase(), 5n * E18]]);
    expect(decide(input({ ...buy(3n * E18), taskSpent }))).toMatchObject({
      outcome: 'ask',
      rule: 'over-task-budget',
    });
    expect(decide(input({ ...buy(2n * E18), taskSpent }))).toMatchObject({
      outcome: 'allow',
      rule: 'within-limits',
    });
    expect(decide(input(buy(3n * E18))).rule).toBe('within-limits');
  });

  it('allows an exact approval and payment within the limits (within-limits)', () => {
    expect(decide(input(buy(E18)))).toEqual({
      outcome: 'allow',
      rule: 'within-limits',
      why: expect.any(String),
    });
  });

  it('allows what moves nothing (memory)', () => {
    expect(decide(input({ tool: 'memory_remember', settings: DEFAULT_POLICY }))).toMatchObject({
      outcome: 'allow',
      rule: 'memory',
    });
  });
});
