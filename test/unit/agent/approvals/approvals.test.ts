import { describe, expect, it } from 'vitest';
import { Approvals, type Settled } from '../../../../src-main/agent/approvals/approvals.js';
import type { ActionProposal, CallContext } from '../../../../src-main/agent/ports.js';
import type { Approval } from '../../../../src-shared/domain/agent.js';
import { SahelError } from '../../../../src-shared/errors.js';
import { codeOf } from '../../../support/error-code.js';

const ctx: CallContext = { conversationId: 'c1', taskId: null, claim: 'the user asked me to' };

/** A proposal whose execute counts its runs (with the task the queue's `run` was handed). */
function proposal(fail = false) {
  const runs: string[] = [];
  const p: ActionProposal = {
    tool: 'wallet_send',
    arguments: { to: '0x4444444444444444444444444444444444444444', amount: '1' },
    summary: 'Send 1 SAHT to 0x4444…',
    moves: [],
    reviews: [],
    sharesData: false,
    execute: async () => {
      runs.push('run');
      if (fail) throw new SahelError('REVERTED', 'The transaction would fail: not enough SAHT');
      return 'sent 0xabc';
    },
  };
  return { p, runs };
}

function queue() {
  let t = Date.parse('2026-12-07T10:00:00.000Z');
  const settled: Settled[] = [];
  const changes: Approval[] = [];
  const approvals = new Approvals({
    now: () => t,
    // The gate's part (a grant around execute) is tested with the gate; here: what the queue hands it.
    run: (p, taskId) => {
      if (taskId !== ctx.taskId) throw new Error(`run handed task ${taskId}`);
      return p.execute();
    },
    onSettled: (s) => settled.push(s),
    onChange: (a) => changes.push(a),
    describeError: (err) => (err as Error).message,
  });
  return { approvals, settled, changes, advance: (ms: number) => (t += ms) };
}

describe('the approvals queue', () => {
  it('expires an approval after its timeout, and it can never be approved after, even before any timer ran', async () => {
    const q = queue();
    const { p, runs } = proposal();
    const a = q.approvals.add(p, { rule: 'auto-approve-zero', why: 'asks' }, ctx, 60);
    expect(a).toMatchObject({ state: 'pending', claim: 'the user asked me to', rule: 'auto-approve-zero' });
    expect(Date.parse(a.expiresAt) - Date.parse(a.createdAt)).toBe(60_000);
    q.advance(59_999);
    expect(q.approvals.list().map((x) => x.id)).toEqual([a.id]);
    q.advance(1);
    // The clock moved past the deadline; the timer (a minute of real time) has not fired.
    expect(await codeOf(q.approvals.approve(a.id))).toBe('CONFLICT');
    expect(runs).toEqual([]);
    expect(q.settled.map((s) => [s.approval.id, s.approval.state])).toEqual([[a.id, 'expired']]);
    expect(q.approvals.list()).toEqual([]);
    q.approvals.close();
  });

  it('approve runs the action once, through the gate’s run, and records its result', async () => {
    const q = queue();
    const { p, runs } = proposal();
    const a = q.approvals.add(p, { rule: 'unknown-recipient', why: 'asks' }, ctx, 600);
    const [first, second] = await Promise.allSettled([q.approvals.approve(a.id), q.approvals.approve(a.id)]);
    expect(first).toMatchObject({
      status: 'fulfilled',
      value: { result: 'sent 0xabc', approval: { state: 'approved' } },
    });
    expect(second.status).toBe('rejected');
    expect(await codeOf(q.approvals.approve(a.id))).toBe('CONFLICT');
    expect(runs).toEqual(['run']);
    expect(q.settled.map((s) => [s.approval.state, s.result])).toEqual([['approved', 'sent 0xabc']]);
    expect(q.changes.map((c) => c.state)).toEqual(['pending', 'approved']);
    q.approvals.close();
  });

  it('a failing action is recorded with its error and the error reaches the caller', async () => {
    const q = queue();
    const { p, runs } = proposal(true);
    const a = q.approvals.add(p, { rule: 'over-daily', why: 'asks' }, ctx, 600);
    expect(await codeOf(q.approvals.approve(a.id))).toBe('REVERTED');
    expect(runs).toEqual(['run']);
    expect(q.settled.map((s) => [s.approval.state, s.result])).toEqual([
      ['approved', 'The transaction would fail: not enough SAHT'],
    ]);
    q.approvals.close();
  });

  it('reject runs nothing, and a rejected approval cannot be approved', async () => {
    const q = queue();
    const { p, runs } = proposal();
    const a = q.approvals.add(p, { rule: 'unknown-recipient', why: 'asks' }, ctx, 600);
    expect(q.approvals.reject(a.id).approval.state).toBe('rejected');
    expect(await codeOf(q.approvals.approve(a.id))).toBe('CONFLICT');
    expect(runs).toEqual([]);
    expect(await codeOf(q.approvals.approve('nope'))).toBe('NOT_FOUND');
    q.approvals.close();
  });
});
