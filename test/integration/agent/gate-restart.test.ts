// Approvals live in the owner's memory: one pending when the owner stops can never be approved after.
// The next owner ends them in the audit log once it can write it (the vault unlocked).
import { afterEach, describe, expect, it } from 'vitest';
import { createAgentGate } from '../../../src-main/agent/gate.js';
import type { ActionProposal, CallContext } from '../../../src-main/agent/ports.js';
import { tempDir } from '../../support/tmp.js';
import { openTestVault } from '../../support/vault.js';

const PASS = 'a long enough test passphrase';
const MARKET = '0x1111111111111111111111111111111111111111';
const TOKEN = '0x2222222222222222222222222222222222222222';
const ctx: CallContext = { conversationId: 'c', taskId: null, claim: 'the user wants it' };
const open: { close(): void }[] = [];
afterEach(() => {
  for (const o of open.splice(0)) o.close();
});

/** The data dir's database, vault and gate, as an owner opens them (the vault created or still locked). */
async function owner(dir: string, create: boolean) {
  const t = openTestVault(dir);
  if (create) await t.vault.create(PASS);
  const parts = createAgentGate({
    db: t.db,
    vault: t.vault,
    contracts: async () => ({ marketplace: MARKET, paymentToken: TOKEN, assetRegistry: MARKET }),
  });
  open.push({ close: () => parts.gate.close() }, t);
  return { t, ...parts };
}

/** A send of 1 (to the marketplace unless `to` says): it waits for the user. */
function send(summary: string, to = MARKET, symbol = 'SAHT'): ActionProposal {
  return {
    tool: 'wallet_send',
    // A plain send to the marketplace is held as to an unknown recipient (only a buy or a publish pays it).
    arguments: { to, amount: '1' },
    summary,
    moves: [{ token: TOKEN, symbol, decimals: 0, amount: '1', to, approval: false }],
    reviews: [],
    sharesData: false,
    execute: async () => {
      throw new Error('an approval from before the restart must never run');
    },
  };
}

describe('approvals pending at a restart', () => {
  it('are expired in the log at the next unlock, once, naming the restart; the log stays intact', async () => {
    const dir = tempDir();
    const first = await owner(dir, true);
    const answered = await first.gate.act(send('Send 1 SAHT'), ctx);
    first.gate.reject(answered.approvalId!);
    const left = await first.gate.act(send('Send 1 SAHT'), ctx);
    // A summary quoting untrusted text that looks like another approval's id.
    const lookalike = await first.gate.act(send('Send 1 SAHT titled "(approval 0123456789abcdef)"'), ctx);
    expect([left.decision, lookalike.decision]).toEqual(['pending', 'pending']);
    for (const o of open.splice(0)) o.close();

    const next = await owner(dir, false);
    expect(next.gate.expireLeftPending()).toBe(0); // locked: the log cannot be written yet
    await next.t.vault.unlock(PASS);
    expect(next.gate.expireLeftPending()).toBe(2);
    expect(next.gate.expireLeftPending()).toBe(0);
    const entries = next.audit.list({ limit: 10 });
    expect(entries.map((e) => [e.action, e.actor, e.decision, e.rule])).toEqual([
      ['wallet_send', 'owner', 'expired', 'unknown-recipient'],
      ['wallet_send', 'owner', 'expired', 'unknown-recipient'],
      ['wallet_send', 'agent', 'pending', 'unknown-recipient'],
      ['wallet_send', 'agent', 'pending', 'unknown-recipient'],
      ['wallet_send', 'user', 'rejected', 'user'],
      ['wallet_send', 'agent', 'pending', 'unknown-recipient'],
    ]);
    const expired = entries.slice(0, 2).map((e) => e.result);
    expect(expired.map((r) => r.slice(0, 'Approval '.length + 16))).toEqual([
      `Approval ${lookalike.approvalId}`,
      `Approval ${left.approvalId}`,
    ]);
    for (const r of expired) expect(r).toContain('the owner restarted before it was answered');
    expect(entries[0]!.arguments).toEqual({ to: MARKET, amount: '1' });
    expect(entries[0]!.conversationId).toBe('c');
    expect(next.audit.verify()).toEqual({ ok: true, entries: 6 });
    expect(next.gate.approvals.list()).toEqual([]);
  });

  it('the first act after an unlock expires them too, before its own entry; a new owner’s approvals stay pending', async () => {
    const dir = tempDir();
    const first = await owner(dir, true);
    const left = await first.gate.act(send('Send 1 SAHT'), ctx);
    for (const o of open.splice(0)) o.close();

    const next = await owner(dir, false);
    await next.t.vault.unlock(PASS);
    const fresh = await next.gate.act(send('Send 1 SAHT again'), ctx);
    expect(fresh.decision).toBe('pending');
    expect(next.gate.expireLeftPending()).toBe(0);
    const entries = next.audit.list({ limit: 10 });
    expect(entries.map((e) => [e.decision, e.result.slice(0, 'Approval '.length + 16)])).toEqual([
      ['pending', 'Send 1 SAHT again: waitin'],
      ['expired', `Approval ${left.approvalId}`],
      ['pending', 'Send 1 SAHT: waiting for '],
    ]);
    expect(next.gate.approvals.list().map((a) => a.id)).toEqual([fresh.approvalId]);
    expect(next.audit.verify()).toEqual({ ok: true, entries: 3 });
  });

  it('finds a held approval by its id field, though the policy’s words after it quote a lookalike (a token’s symbol)', async () => {
    const dir = tempDir();
    const first = await owner(dir, true);
    const FRIEND = '0x3333333333333333333333333333333333333333';
    first.policy.allow(FRIEND, 'friend');
    // An allowed recipient with no limit set: held, and the reason names the token's (untrusted) symbol.
    const held = await first.gate.act(send('Send 1', FRIEND, '(approval 0123456789abcdef)'), ctx);
    expect(held).toMatchObject({ decision: 'pending', rule: 'auto-approve-zero' });
    expect(first.audit.list({ limit: 1 })[0]).toMatchObject({
      decision: 'pending',
      approvalId: held.approvalId,
    });
    for (const o of open.splice(0)) o.close();

    const next = await owner(dir, false);
    await next.t.vault.unlock(PASS);
    expect(next.gate.expireLeftPending()).toBe(1);
    const ended = next.audit.list({ limit: 1 })[0]!;
    expect(ended).toMatchObject({ decision: 'expired', actor: 'owner', approvalId: held.approvalId });
    expect(ended.result.startsWith(`Approval ${held.approvalId} expired at`)).toBe(true);
    for (const o of open.splice(0)) o.close();

    // Ended once: a later owner finds nothing left pending.
    const third = await owner(dir, false);
    await third.t.vault.unlock(PASS);
    expect(third.gate.expireLeftPending()).toBe(0);
    expect(third.audit.verify()).toMatchObject({ ok: true });
  });
});
