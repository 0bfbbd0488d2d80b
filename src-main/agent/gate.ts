import type { Approval, AuditEntry, PolicyRule, ToolName } from '../../src-shared/domain/agent.js';
import { SahelError } from '../../src-shared/errors.js';
import type { GuardRequest } from '../chain/index.js';
import { type RecordVault, Sealer } from '../llm/index.js';
import type { Logger } from '../platform/index.js';
import { AgentAuditRepo, AgentPolicyRepo, AgentSpendRepo, type Db } from '../store/index.js';
import { Approvals, type Settled } from './approvals/approvals.js';
import { type AuditInput, AuditLog } from './audit/audit-log.js';
import { decide, type KnownContracts } from './policy/decide.js';
import { declined, Grant } from './policy/grants.js';
import { PolicyStore } from './policy/policy-store.js';
import type { ActionProposal, AgentGate, CallContext, GateOutcome } from './ports.js';

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
 * guard (`agentGuard`) checks each transaction against, held ones wait in the approvals queue, denied
 * ones never run. Acts run one at a time, so one action's grant can never pay for another's transaction.
 */
export class Gate implements AgentGate {
  readonly approvals: Approvals;
  private grant: { grant: Grant; taskId: string | null } | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  /** Approvals that expired while the log could not be written (vault locked): logged at the next write. */
  private readonly backlog: AuditInput[] = [];
  private readonly now: () => number;

  constructor(private readonly o: GateOptions) {
    this.now = o.now ?? Date.now;
    this.approvals = new Approvals({
      now: this.now,
      onChange: (a) => o.onApprovalChange?.(a),
      onSettled: (s) => this.logSettled(s),
      describeError: (err) => this.describeError(err),
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
    const run = this.queue.then(() => this.decideAndRun(proposal, ctx));
    this.queue = run.catch(() => {});
    return run;
  }

  /** The user approves a held call: it runs as theirs (origin 'user'), once, and is logged. */
  async approve(id: string): Promise<Settled> {
    this.mustLog();
    return this.approvals.approve(id);
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
    if (request.origin !== 'agent') throw declined('the agent’s guard judges only the agent’s transactions');
    if (request.kind !== 'send' && request.kind !== 'call')
      throw declined(`the agent may not ${request.kind} a transaction`);
    const open = this.grant;
    if (!open) throw declined('no action the policy allowed is running');
    const spent = open.grant.take(request.review);
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
        ...(proposal.laterCalls ?? []).map((to) => ({ to, call: 'a call simulated later' })),
      ],
      sharesData: proposal.sharesData,
      settings,
      contracts: await this.o.contracts(),
      lastDay: this.o.spend.since(this.now() - DAY_MS),
      taskSpent: ctx.taskId ? this.o.spend.forTask(ctx.taskId) : null,
    });
    const { rule, why } = verdict;
    if (verdict.outcome === 'deny') {
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
      const result = `${proposal.summary}: waiting for the user (approval ${a.id}). ${why}`;
      this.log(proposal.tool, proposal.arguments, 'pending', rule, result, ctx);
      return {
        decision: 'pending',
        rule,
        result: `Waiting for the user's approval: ${why}`,
        approvalId: a.id,
      };
    }
    this.grant = {
      grant: new Grant(proposal.moves, proposal.reviews, proposal.laterCalls),
      taskId: ctx.taskId,
    };
    let result: string;
    try {
      result = await proposal.execute('agent');
    } catch (err) {
      result = this.describeError(err);
    } finally {
      this.grant = null;
    }
    this.log(proposal.tool, proposal.arguments, 'allowed', rule, result, ctx);
    return { decision: 'allowed', rule, result, approvalId: null };
  }

  private logSettled({ approval, result }: Settled): void {
    const rule = approval.state === 'expired' ? approval.rule : 'user';
    const at = new Date(this.now()).toISOString();
    this.write({
      action: approval.tool,
      actor: approval.state === 'expired' ? 'owner' : 'user',
      arguments: approval.arguments,
      decision: approval.state,
      rule,
      result: `Approval ${approval.id} ${approval.state} at ${at}: ${result}`,
      conversationId: approval.conversationId,
    });
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
  ): void {
    this.write({
      action,
      actor: 'agent',
      arguments: args,
      decision,
      rule,
      result,
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
