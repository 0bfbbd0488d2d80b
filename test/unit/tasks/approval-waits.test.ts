import { describe, expect, it } from 'vitest';
import { createAgentGate, type Gate } from '../../../src-main/agent/gate.js';
import type { ActionProposal } from '../../../src-main/agent/ports.js';
import type { ApprovalAnswers } from '../../../src-main/tasks/approval-waits.js';
import { type AgentTaskPort, agentPromptRunner } from '../../../src-main/tasks/runners/agent-prompt.js';
import type { Runners } from '../../../src-main/tasks/runners/runner.js';
import { SahelError } from '../../../src-shared/errors.js';
import { FakeClock } from '../../support/fake-clock.js';
import { tempDir } from '../../support/tmp.js';
import { addTask, handRunner, history, MIN, openRig, type Rig, T0 } from './fixture.js';

// A task run whose action the policy holds waits for the user's answer: through the real gate (its
// policy, its approvals queue and their expiry, its audit log) over the rig's database and vault.

const TOKEN = '0x2222222222222222222222222222222222222222';
const MARKET = '0x1111111111111111111111111111111111111111';
const HOUR = 60 * MIN;

/** The gate's answers as core-tasks.ts hands them to the scheduler. */
function answersOf(gate: Gate): ApprovalAnswers {
  return {
    subscribe: (listener) =>
      gate.onSettled(({ approval, result, outcome }) => {
        if (approval.state !== 'pending')
          listener({ id: approval.id, state: approval.state, result, ...(outcome ? { outcome } : {}) });
      }),
  };
}

/** A wallet_send of 5 SAHT, above the default limits (held), whose execution the test counts. */
function send(sent: string[], fail: boolean): ActionProposal {
  return {
    tool: 'wallet_send',
    arguments: { to: MARKET, amount: '5' },
    summary: 'Send 5 SAHT',
    moves: [{ token: TOKEN, symbol: 'SAHT', decimals: 18, amount: '5', to: MARKET, approval: false }],
    reviews: [],
    sharesData: false,
    execute: async () => {
      if (fail) throw new SahelError('UNAVAILABLE', 'The network refused the transaction');
      sent.push('sent');
      return 'sent 5 SAHT (tx 0xabc)';
    },
  };
}

interface SetupOptions {
  dir?: string;
  create?: boolean;
  clock?: FakeClock;
  timeLimitMs?: number;
  runners?: Runners;
  failSend?: boolean;
}

async function setup(opts: SetupOptions = {}) {
  const dir = opts.dir ?? tempDir();
  const clock = opts.clock ?? new FakeClock(T0);
  const sent: string[] = [];
  let gate: Gate | undefined;
  // The agent's turn as the loop does it: the act goes through the gate, its decision is a step.
  const agent: AgentTaskPort = {
    run: async (r) => {
      const o = await (gate as Gate).act(send(sent, opts.failSend ?? false), {
        conversationId: null,
        taskId: r.taskId,
        claim: 'task',
      });
      r.onStep({ kind: 'decision', turn: 1, callId: 'c1', tool: 'wallet_send', ...o });
      return { text: 'Asked the user.', stop: 'answered', tokens: 7 };
    },
  };
  const proxy: ApprovalAnswers = { subscribe: (l) => answersOf(gate as Gate).subscribe(l) };
  const rig = await openRig(
    dir,
    {
      runners: { 'agent-prompt': agentPromptRunner({ agent, spent: () => new Map() }), ...opts.runners },
      clock,
      approvals: proxy,
      maxConcurrent: 1,
      ...(opts.timeLimitMs ? { timeLimitMs: opts.timeLimitMs } : {}),
    },
    opts.create ?? true,
  );
  const parts = createAgentGate({
    db: rig.db,
    vault: rig.vault,
    contracts: async () => ({ marketplace: MARKET, paymentToken: TOKEN, assetRegistry: MARKET }),
    now: () => clock.now(),
  });
  gate = parts.gate;
  parts.policy.set('approval-timeout', '600');
  return { rig, gate: parts.gate, audit: parts.audit, sent, clock };
}

function addSender(rig: Rig) {
  return rig.tasks.add({
    name: 'pay the seller',
    trigger: { type: 'at', at: T0 + MIN },
    missed: 'run-once',
    scope: { tools: ['wallet_send'], budget: null, expires: null },
    settings: { kind: 'agent-prompt', prompt: 'Send 5 SAHT to the seller' },
  }).id;
}

/** Starts the scheduler and lets the task's turn run into its held action. */
async function heldRun(s: Awaited<ReturnType<typeof setup>>) {
  s.rig.scheduler.start();
  const t = addSender(s.rig);
  await s.clock.advance(MIN);
  const [approval] = s.gate.approvals.list();
  return { t, approval: approval! };
}

describe('a task run whose action waits for approval', () => {
  it('waits holding no slot or time limit; approved, the action runs once and the run succeeds', async () => {
    const { runner, attempts } = handRunner();
    const s = await setup({ timeLimitMs: MIN, runners: { notify: runner } });
    const { t, approval } = await heldRun(s);
    expect(history(s.rig, t)).toEqual(['waiting-approval@1']);
    expect(s.sent).toEqual([]);
    expect(s.rig.scheduler.inProgress).toBe(0);
    expect(s.rig.scheduler.waitingApproval).toBe(1);
    // With one slot, another task runs while this one waits; far past its time limit it still waits.
    const n = addTask(s.rig, { type: 'at', at: T0 + 2 * MIN }).id;
    await s.clock.advance(MIN);
    expect(attempts).toHaveLength(1);
    attempts[0]?.resolve();
    await s.clock.advance(5 * MIN);
    expect(history(s.rig, n)).toEqual(['succeeded@1']);
    expect(history(s.rig, t)).toEqual(['waiting-approval@1']);
    expect(s.rig.book.runs(t)[0]?.tokens).toBe(7);

    await s.gate.approve(approval.id);
    await s.clock.advance(0);
    expect(s.sent).toEqual(['sent']);
    expect(history(s.rig, t)).toEqual(['succeeded@1']);
    expect(s.rig.scheduler.waitingApproval).toBe(0);
    const log = s.rig.book.log(s.rig.book.runs(t)[0]!.id).map((x) => x.text);
    expect(log).toContain(`Approval ${approval.id} approved: sent 5 SAHT (tx 0xabc)`);
    // Answering again does nothing more: the gate refuses, the run stays as it ended.
    await expect(s.gate.approve(approval.id)).rejects.toMatchObject({ code: 'CONFLICT' });
    await s.clock.advance(HOUR);
    expect(s.sent).toEqual(['sent']);
    expect(history(s.rig, t)).toEqual(['succeeded@1']);
    s.rig.close();
  });

  it('rejected: nothing moves, the run ends rejected and is not retried', async () => {
    const s = await setup();
    const { t, approval } = await heldRun(s);
    s.gate.reject(approval.id);
    await s.clock.advance(0);
    expect(history(s.rig, t)).toEqual(['rejected@1']);
    expect(s.rig.book.runs(t)[0]?.error).toBe(`The user rejected approval ${approval.id}: nothing was done`);
    await s.clock.advance(3 * HOUR);
    expect(history(s.rig, t)).toEqual(['rejected@1']);
    expect(s.sent).toEqual([]);
    expect(s.gate.approvals.list()).toEqual([]);
    s.rig.close();
  });

  it('unanswered: the approval expires, the run ends expired and is not retried', async () => {
    const s = await setup();
    const { t, approval } = await heldRun(s);
    await s.clock.advance(10 * MIN);
    s.gate.approvals.expireDue(); // what the approval's timer does
    await s.clock.advance(0);
    expect(history(s.rig, t)).toEqual(['expired@1']);
    expect(s.rig.book.runs(t)[0]?.error).toBe(`Approval ${approval.id} expired unanswered: nothing was done`);
    await expect(s.gate.approve(approval.id)).rejects.toMatchObject({ code: 'CONFLICT' });
    await s.clock.advance(3 * HOUR);
    expect(history(s.rig, t)).toEqual(['expired@1']);
    expect(s.sent).toEqual([]);
    s.rig.close();
  });

  it('approved, but the action fails: the run ends failed and is not retried (it would ask again)', async () => {
    const s = await setup({ failSend: true });
    const { t, approval } = await heldRun(s);
    await expect(s.gate.approve(approval.id)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await s.clock.advance(0);
    expect(history(s.rig, t)).toEqual(['failed@1']);
    expect(s.rig.book.runs(t)[0]?.error).toBe(
      'Approved, but the action failed: Failed: The network refused the transaction',
    );
    await s.clock.advance(3 * HOUR);
    expect(history(s.rig, t)).toEqual(['failed@1']);
    expect(s.gate.approvals.list()).toEqual([]);
    s.rig.close();
  });

  it('after a crash while it waited, the restarted owner ends it expired and says why; nothing is sent', async () => {
    const dir = tempDir();
    const before = await setup({ dir });
    const { t } = await heldRun(before);
    before.rig.crash();

    const clock = new FakeClock(T0 + 5 * MIN);
    const after = await setup({ dir, create: false, clock });
    after.rig.scheduler.start();
    await clock.advance(0);
    expect(history(after.rig, t)).toEqual(['expired@1']);
    expect(after.rig.book.runs(t)[0]?.error).toMatch(
      /^Sahel stopped while this run waited for an approval; approvals do not outlive the owner/,
    );
    // Its log from before the crash is still there; the gate's queue holds nothing to approve.
    expect(after.rig.book.log(after.rig.book.runs(t)[0]!.id).at(-1)?.text).toMatch(/^Waiting for the user/);
    expect(after.gate.approvals.list()).toEqual([]);
    await clock.advance(3 * HOUR);
    expect(history(after.rig, t)).toEqual(['expired@1']);
    expect(before.sent).toEqual([]);
    expect(after.sent).toEqual([]);
    after.rig.close();
  });

  it('an answer given before the turn ended still counts when the run starts waiting', async () => {
    const s = await setup();
    let approved = false;
    const unsubscribe = s.gate.onSettled(() => {
      approved = true;
    });
    s.rig.scheduler.start();
    const t = addSender(s.rig);
    // Approve from inside the turn, right after the act is held (the user was quick).
    const original = s.gate.act.bind(s.gate);
    s.gate.act = async (p, ctx) => {
      const o = await original(p, ctx);
      if (o.approvalId) await s.gate.approve(o.approvalId);
      return o;
    };
    await s.clock.advance(MIN);
    await s.clock.advance(0);
    unsubscribe();
    expect(approved).toBe(true);
    expect(s.sent).toEqual(['sent']);
    expect(history(s.rig, t)).toEqual(['succeeded@1']);
    s.rig.close();
  });
});
