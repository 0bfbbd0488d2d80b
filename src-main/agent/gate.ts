import type {
  ActionOutcome,
  Approval,
  AuditEntry,
  PolicyRule,
  ToolName,
} from '../../src-shared/domain/agent.js';
import { SahelError } from '../../src-shared/errors.js';
import type { GuardRequest } from '../chain/index.js';
import { type RecordVault, Sealer } from '../llm/index.js';
import type { Logger } from '../platform/index.js';
import { AgentAuditRepo, AgentPolicyRepo, AgentSpendRepo, type Db } from '../store/index.js';
import { Approvals, type Settled } from './approvals/approvals.js';
import { leftPending, pendingResult, settledResult } from './approvals/left-pending.js';
import { type AuditInput, AuditLog } from './audit/audit-log.js';
import { decide, type KnownContracts } from './policy/decide.js';
import { declined, Grant } from './policy/grants.js';
import { PolicyStore } from './policy/policy-store.js';
import type { ActionProposal, AgentGate, CallContext, GateOutcome } from './ports.js';
import type { ActOrigin } from './tools/ports.js';

const DAY_MS = 24 * 3600 * 1000;

export interface GateOptions {
  audit: AuditLog;
  policy: PolicyStore;
  spend: AgentSpendRepo;
  /** The contracts of the network in use (the marketplace, its payment token and the asset registry). */
  contracts: () => Promise<KnownContracts>;
  onApprovalChange?: (approval: Approval) => void;
  log?: Logger;
  now?: () => number;
}

/**
 * The agent's gate: every tool call passes here and is logged. An act is decided by the policy engine
 * (decide.ts) on what code computed; allowed ones run under a grant that the transaction pipeline's
 * guard (`agentGuard`) checks each transaction against, held ones wait in the approvals queue and, once
 * the user approves, run under a grant of exactly the moves their card showed; denied ones never run.
 * Acts and approved actions run one at a time, so one action's grant can never pay for another's
 * transaction.
 */
export class Gate implements AgentGate {
  readonly approvals: Approvals;
  private grant: { grant: Grant; taskId: string | null; origin: ActOrigin } | null = null;
  /** Whether approvals a previous owner left pending were ended in the log (once, at the first unlock). */
  private swept = false;
  private queue: Promise<unknown> = Promise.resolve();
  /** Approvals that expired while the log could not be written (vault locked): logged at the next write. */
  private readonly backlog: AuditInput[] = [];
  private readonly now: () => number;
  private readonly settledListeners = new Set<(s: Settled) => void>();

  constructor(private readonly o: GateOptions) {
    this.now = o.now ?? Date.now;
    this.approvals = new Approvals({
      now: this.now,
      run: (proposal, taskId) => this.underGrant(proposal, 'approved', taskId),
      onChange: (a) => o.onApprovalChange?.(a),
      onSettled: (s) => this.logSettled(s),
      describeError: (err) => this.describeError(err),
      onDiscardError: (err) =>
        o.log?.warn('what an unanswered agent action prepared could not be removed', { error: String(err) }),
      onTimerError: (err) =>
        o.log?.error('an expired agent approval could not be logged', { error: String(err) }),
    });
  }

  read(tool: ToolName, args: unknown, result: string, ctx: CallContext): void {
    this.log(tool, args, 'allowed', 'read', result, ctx);
  }

  refuse(tool: string, args: unknown, rule: PolicyRule, why: string, ctx: CallContext): GateOutcome {
    this.log(tool, args, 'denied', rule, why, ctx);
    return { decision: 'denied', rule, result: why, approvalId: null };
  }

  act(proposal: ActionProposal, ctx: CallContext): Promise<GateOutcome> {
    return this.serial(() => this.decideAndRun(proposal, ctx));
  }

  /**
   * The user approves a held call: it runs once, as 'approved', under a grant of exactly the moves its
   * card showed (the guard refuses anything more before signing), and is logged.
   */
  async approve(id: string): Promise<Settled> {
    this.mustLog();
    return this.serial(() => this.approvals.approve(id));
  }

  /**
   * The origin the tools' transactions are signed as (signing.ts asks here, never the tool): the open
   * grant's, or 'agent' when none is open, which the guard then refuses.
   */
  signingOrigin(): ActOrigin {
    return this.grant?.origin ?? 'agent';
  }

  /**
   * Ends in the log the approvals a previous owner left pending: they lived in its memory and can no
   * longer be approved. Runs once, when the log can first be written (core.ts calls it at unlock; the
   * first act or answer does too); returns how many it expired.
   */
  expireLeftPending(): number {
    if (this.swept || !this.o.audit.writable) return 0;
    this.swept = true;
    const at = new Date(this.now()).toISOString();
    const ended = leftPending(this.o.audit.entries(), (id) => this.approvals.knows(id), at);
    for (const entry of ended) this.write(entry);
    return ended.length;
  }

  /**
   * Calls `listener` with each approval once it ended (approved and run, rejected, expired), after it
   * was logged: a task run waiting on it goes on. Returns the unsubscribe.
   */
  onSettled(listener: (s: Settled) => void): () => void {
    this.settledListeners.add(listener);
    return () => this.settledListeners.delete(listener);
  }

  reject(id: string): Settled {
    this.mustLog();
    return this.approvals.reject(id);
  }

  /**
   * The transaction pipeline's guard for the agent's transactions (core.ts hands it in for origin
   * 'agent'): it passes a review only when the open grant covers every outflow of it, which it then
   * consumes, and records the spends in the ledger. Anything else is DECLINED before signing.
   */
  readonly agentGuard = async (request: GuardRequest): Promise<void> => {
    if (request.origin === 'user') throw declined('the agent’s guard judges only the agent’s transactions');
    if (request.kind !== 'send' && request.kind !== 'call')
      throw declined(`the agent may not ${request.kind} a transaction`);
    const open = this.grant;
    if (!open) throw declined('no action the policy allowed or the user approved is running');
    if (open.origin !== request.origin)
      throw declined(`the running action is ${open.origin}, this transaction claims ${request.origin}`);
    const spent = open.grant.take(request.review);
    // The ledger is what the agent moved without asking: an approved action's spends were the user's call.
    if (open.origin !== 'agent') return;
    const at = this.now();
    this.o.spend.add(spent.map((s) => ({ at, token: s.token, amount: s.amount, taskId: open.taskId })));
  };

  close(): void {
    this.approvals.close();
  }

  private async decideAndRun(proposal: ActionProposal, ctx: CallContext): Promise<GateOutcome> {
    this.mustLog();
    const settings = this.o.policy.get();
    const verdict = decide({
      tool: proposal.tool,
      moves: proposal.moves,
      calls: [
        ...proposal.reviews.map((r) => ({ to: r.effects.to, call: r.effects.call })),
        ...(proposal.laterCalls ?? []),
      ],
      sharesData: proposal.sharesData,
      settings,
      contracts: await this.o.contracts(),
      lastDay: this.o.spend.since(this.now() - DAY_MS),
      taskSpent: ctx.taskId ? this.o.spend.forTask(ctx.taskId) : null,
    });
    const { rule, why } = verdict;
    if (verdict.outcome === 'deny') {
      try {
        proposal.discard?.();
      } catch (err) {
        this.o.log?.warn('what a refused agent action prepared could not be removed', { error: String(err) });
      }
      this.log(
        proposal.tool,
        proposal.arguments,
        'denied',
        rule,
        `${proposal.summary}: refused. ${why}`,
        ctx,
      );
      return { decision: 'denied', rule, result: `Refused by the policy: ${why}`, approvalId: null };
    }
    if (verdict.outcome === 'ask') {
      const a = this.approvals.add(proposal, verdict, ctx, settings.approvalTimeoutSeconds);
      const result = pendingResult(proposal.summary, a.id, why);
      this.log(proposal.tool, proposal.arguments, 'pending', rule, result, ctx, undefined, a.id);
      return {
        decision: 'pending',
        rule,
        result: `Waiting for the user's approval: ${why}`,
        approvalId: a.id,
      };
    }
    let result: string;
    let outcome: ActionOutcome = 'done';
    try {
      result = await this.underGrant(proposal, 'agent', ctx.taskId);
    } catch (err) {
      result = this.describeError(err);
      outcome = 'failed';
    }
    this.log(proposal.tool, proposal.arguments, 'allowed', rule, result, ctx, outcome);
    return { decision: 'allowed', rule, result, approvalId: null, outcome };
  }

  /** One at a time, so at most one grant is open. */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work);
    this.queue = run.catch(() => {});
    return run;
  }

  /** Runs the proposal with a grant of exactly its moves open (inside serial()). */
  private async underGrant(p: ActionProposal, origin: ActOrigin, taskId: string | null): Promise<string> {
    this.grant = { grant: new Grant(p.moves, p.reviews, p.laterCalls), taskId, origin };
    try {
      return await p.execute();
    } finally {
      this.grant = null;
    }
  }

  private logSettled({ approval, result, outcome }: Settled): void {
    const rule = approval.state === 'expired' ? approval.rule : 'user';
    const at = new Date(this.now()).toISOString();
    this.write({
      action: approval.tool,
      actor: approval.state === 'expired' ? 'owner' : 'user',
      arguments: approval.arguments,
      decision: approval.state,
      rule,
      result: settledResult(approval.id, approval.state, at, result),
      ...(outcome ? { outcome } : {}),
      approvalId: approval.id,
      conversationId: approval.conversationId,
    });
    for (const listener of this.settledListeners) {
      try {
        listener({ approval, result, ...(outcome ? { outcome } : {}) });
      } catch (err) {
        // A listener's fault must not undo an answer already given and logged.
        this.o.log?.error('a listener of approvals failed', { error: String(err) });
      }
    }
  }

  /**
   * Appends, after whatever waits in the backlog. An expiry comes from a timer, which may fire while the
   * vault is locked: it waits for the next write instead of throwing where no one catches it.
   */
  private write(input: AuditInput): void {
    if (!this.o.audit.writable && input.decision === 'expired') {
      this.backlog.push(input);
      return;
    }
    while (this.backlog.length > 0) this.o.audit.append(this.backlog.shift() as AuditInput);
    this.o.audit.append(input);
  }

  private log(
    action: string,
    args: unknown,
    decision: 'allowed' | 'denied' | 'pending',
    rule: PolicyRule,
    result: string,
    ctx: CallContext,
    outcome?: ActionOutcome,
    approvalId?: string,
  ): void {
    this.write({
      action,
      actor: 'agent',
      arguments: args,
      decision,
      rule,
      result,
      ...(outcome ? { outcome } : {}),
      ...(approvalId ? { approvalId } : {}),
      conversationId: ctx.conversationId,
    });
  }

  /** Nothing the log should hold may happen while it cannot be written (the vault locked). */
  private mustLog(): void {
    if (!this.o.audit.writable)
      throw new SahelError(
        'LOCKED',
        'Unlock the vault: the agent acts only while its audit log can be written',
      );
    this.expireLeftPending();
  }

  private describeError(err: unknown): string {
    if (err instanceof SahelError) return `Failed: ${err.message}`;
    this.o.log?.warn('an agent action failed unexpectedly', { error: String(err) });
    return 'Failed: an unexpected error (see the log).';
  }
}

export interface AgentGateParts {
  gate: Gate;
  policy: PolicyStore;
  audit: AuditLog;
}

/** The gate and its parts over the data dir's database and vault, as core.ts builds them. */
export function createAgentGate(o: {
  db: Db;
  vault: RecordVault;
  contracts: () => Promise<KnownContracts>;
  onApprovalChange?: (approval: Approval) => void;
  /** Each audit entry once written. */
  onAudit?: (entry: AuditEntry) => void;
  log?: Logger;
  now?: () => number;
}): AgentGateParts {
  const audit = new AuditLog(new AgentAuditRepo(o.db), new Sealer(o.vault), o.now, o.onAudit);
  const policy = new PolicyStore({
    repo: new AgentPolicyRepo(o.db),
    audit,
    ...(o.log ? { log: o.log } : {}),
    ...(o.now ? { now: o.now } : {}),
  });
  const gate = new Gate({ ...o, audit, policy, spend: new AgentSpendRepo(o.db) });
  return { gate, policy, audit };
}
