import { randomBytes } from 'node:crypto';
import type { ActionOutcome, Approval, PolicyRule } from '../../../src-shared/domain/agent.js';
import { SahelError } from '../../../src-shared/errors.js';
import type { ActionProposal, CallContext } from '../ports.js';

/** How an approval ended: approved (with what its action did, or the error it failed with), rejected or expired. */
export interface Settled {
  approval: Approval;
  result: string;
  /** For an approved one: whether its action was done or failed (`result` says why). */
  outcome?: ActionOutcome;
}

export interface ApprovalsOptions {
  now?: () => number;
  /** A change to the queue (added, approved, rejected, expired): the API turns it into an event. */
  onChange?: (approval: Approval) => void;
  /**
   * Does an approved proposal: the gate runs it under a grant of exactly its moves, as 'approved', with
   * the task it was proposed in (whose budget applies).
   */
  run: (proposal: ActionProposal, taskId: string | null) => Promise<string>;
  /** An approval ended: the gate logs it. Called before approve() returns or throws. */
  onSettled?: (s: Settled) => void;
  /** Turns a failed action into the sentence the log and the user read. */
  describeError?: (err: unknown) => string;
  /** An expiry from the timer failed to settle (its log could not be written): nowhere else to throw. */
  onTimerError?: (err: unknown) => void;
  /** Removing what a proposal that will not run prepared failed (logged; the answer stands). */
  onDiscardError?: (err: unknown) => void;
}

interface Pending {
  approval: Approval;
  proposal: ActionProposal;
  taskId: string | null;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * The act tools' calls waiting for the user. Held in memory only: a proposal's `execute` is a closure
 * over a prepared transaction that does not survive a restart, so an owner starts with none pending
 * (an audit entry 'pending' from before is history, never something that can still be approved).
 */
export class Approvals {
  private readonly pending = new Map<string, Pending>();
  /** How recent approvals ended, so answering one twice says what became of it. */
  private readonly ended = new Map<string, Approval['state']>();
  private readonly now: () => number;

  constructor(private readonly o: ApprovalsOptions) {
    this.now = o.now ?? Date.now;
  }

  add(
    proposal: ActionProposal,
    held: { rule: PolicyRule; why: string },
    ctx: CallContext,
    timeoutSeconds: number,
  ): Approval {
    const created = this.now();
    const approval: Approval = {
      id: randomBytes(8).toString('hex'),
      tool: proposal.tool,
      arguments: proposal.arguments,
      summary: proposal.summary,
      moves: proposal.moves,
      reviews: proposal.reviews,
      laterCalls: proposal.laterCalls ?? [],
      rule: held.rule,
      why: held.why,
      claim: ctx.claim.slice(0, 2000),
      conversationId: ctx.conversationId,
      createdAt: new Date(created).toISOString(),
      expiresAt: new Date(created + timeoutSeconds * 1000).toISOString(),
      state: 'pending',
    };
    // The timer is a convenience: approve() checks the clock itself, so a late timer expires nothing late.
    const timer = setTimeout(
      () => {
        try {
          this.expireDue();
        } catch (err) {
          this.o.onTimerError?.(err);
        }
      },
      Math.min(timeoutSeconds * 1000, 2 ** 31 - 1),
    );
    timer.unref?.();
    this.pending.set(approval.id, { approval, proposal, taskId: ctx.taskId, timer });
    this.o.onChange?.(approval);
    return approval;
  }

  /** Whether `id` is in this queue, waiting or recently ended (so not one a previous owner left). */
  knows(id: string): boolean {
    return this.pending.has(id) || this.ended.has(id);
  }

  /** Those still waiting, oldest first (any past their time are expired first). */
  list(): Approval[] {
    this.expireDue();
    return [...this.pending.values()].map((p) => p.approval);
  }

  /** Runs the action through the gate (`run`, as 'approved'), once. Throws its error after logging it. */
  async approve(id: string): Promise<Settled> {
    const p = this.take(id);
    this.ended.set(id, 'approved');
    let result: string;
    try {
      result = await this.o.run(p.proposal, p.taskId);
    } catch (err) {
      this.settle(p, 'approved', this.o.describeError?.(err) ?? String(err), 'failed');
      throw err;
    }
    return this.settle(p, 'approved', result, 'done');
  }

  reject(id: string): Settled {
    return this.settle(this.take(id), 'rejected', 'Rejected by the user: nothing was done.');
  }

  /** Expires every approval past its time, as rejected. */
  expireDue(): void {
    const now = this.now();
    for (const p of [...this.pending.values()]) {
      if (now >= Date.parse(p.approval.expiresAt)) {
        this.pending.delete(p.approval.id);
        this.settle(p, 'expired', 'Not answered in time: expired, nothing was done.');
      }
    }
  }

  /** Stops the timers (the owner closing); those pending are dropped, never run, and discarded. */
  close(): void {
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      this.discard(p);
    }
    this.pending.clear();
  }

  /** What preparing a proposal that will never run made goes; failing to remove it changes no answer. */
  private discard(p: Pending): void {
    try {
      p.proposal.discard?.();
    } catch (err) {
      this.o.onDiscardError?.(err);
    }
  }

  /** Removes a pending approval before anything runs, so a second approve or reject finds nothing. */
  private take(id: string): Pending {
    this.expireDue();
    const p = this.pending.get(id);
    if (!p) {
      const ended = this.ended.get(id);
      if (ended)
        throw new SahelError('CONFLICT', `Approval ${id} was already ${ended}: nothing was done now.`);
      throw new SahelError('NOT_FOUND', `No pending approval ${id.slice(0, 40)}.`);
    }
    this.pending.delete(id);
    clearTimeout(p.timer);
    return p;
  }

  private settle(p: Pending, state: Approval['state'], result: string, outcome?: ActionOutcome): Settled {
    clearTimeout(p.timer);
    this.ended.set(p.approval.id, state);
    if (this.ended.size > 500) this.ended.delete(this.ended.keys().next().value as string);
    if (state !== 'approved') this.discard(p);
    const approval = { ...p.approval, state };
    const settled: Settled = { approval, result, ...(outcome ? { outcome } : {}) };
    this.o.onSettled?.(settled);
    this.o.onChange?.(approval);
    return settled;
  }
}
