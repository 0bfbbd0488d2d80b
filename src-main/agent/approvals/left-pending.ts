import type { Approval, AuditEntry } from '../../../src-shared/domain/agent.js';
import type { AuditInput } from '../audit/audit-log.js';

// How the audit log names an approval, written and read in this one place: each entry that puts a call
// on hold or ends one carries its id as a field (`approvalId`). Entries written before that field
// existed name it only in their text — the held one says "(approval <id>)" after the proposal's summary,
// the one that ended it starts with "Approval <id> <state> at" — and are read from it. An owner that
// restarts finds approvals in the log that no queue holds any more (they lived in memory): it ends them
// in the log, so none stays 'pending' forever.

const ID = '[0-9a-f]{16}';

/** The held entry's result: the summary, then the id, then why the policy held it. */
export function pendingResult(summary: string, id: string, why: string): string {
  return `${summary}: waiting for the user (approval ${id}). ${why}`;
}

/** The ending entry's result. */
export function settledResult(id: string, state: Approval['state'], at: string, result: string): string {
  return `Approval ${id} ${state} at ${at}: ${result}`;
}

/**
 * The id a held entry names: its field; in an older entry, its text, where the last mention counts (the
 * summary before it quotes untrusted text, a title, which could carry a lookalike).
 */
function heldId(e: AuditEntry): string | null {
  if (e.decision !== 'pending' || e.actor !== 'agent') return null;
  if (e.approvalId !== undefined) return e.approvalId;
  const all = [...e.result.matchAll(new RegExp(`\\(approval (${ID})\\)`, 'g'))];
  return all.at(-1)?.[1] ?? null;
}

function settledId(e: AuditEntry): string | null {
  if (e.decision !== 'approved' && e.decision !== 'rejected' && e.decision !== 'expired') return null;
  if (e.approvalId !== undefined) return e.approvalId;
  return new RegExp(`^Approval (${ID}) ${e.decision} at `).exec(e.result)?.[1] ?? null;
}

/**
 * The 'expired' entries to append for approvals the log shows held and never ended, other than those
 * this owner's queue knows (`live`), oldest first.
 */
export function leftPending(
  entries: Iterable<AuditEntry>,
  live: (id: string) => boolean,
  at: string,
): AuditInput[] {
  const held = new Map<string, AuditEntry>();
  for (const e of entries) {
    const id = heldId(e);
    if (id) held.set(id, e);
    const ended = settledId(e);
    if (ended) held.delete(ended);
  }
  return [...held]
    .filter(([id]) => !live(id))
    .map(([id, e]) => ({
      action: e.action,
      actor: 'owner',
      arguments: e.arguments,
      decision: 'expired',
      rule: e.rule,
      result: settledResult(
        id,
        'expired',
        at,
        'the owner restarted before it was answered, and an approval does not outlive its owner: expired, nothing was done.',
      ),
      approvalId: id,
      conversationId: e.conversationId,
    }));
}
