// The seam between the agent's loop and tools (which prepare what a call would do) and its gate (the
// policy engine, the approvals queue and the audit log, which decide whether it happens). The model's
// words reach the gate only as a labelled claim: it decides on what the code computed.
import type {
  ActionOutcome,
  ActToolName,
  Decision,
  LaterCall,
  PolicyRule,
  ToolName,
  ValueMove,
} from '../../src-shared/domain/agent.js';
import type { TxReview } from '../../src-shared/domain/tx.js';

/** Who is asking, for the audit log and the approval card. */
export interface CallContext {
  conversationId: string | null;
  /** A delegated task's id (the tasks issue), whose budget applies; null in chat. */
  taskId: string | null;
  /** The model's stated reason for the call, shown to the user as its claim. */
  claim: string;
}

/**
 * What an act tool's call would do, prepared (simulated by the transaction pipeline, or planned by the
 * market) but not done. Built by code from the validated arguments and the chain, never from text.
 */
export interface ActionProposal {
  tool: ActToolName;
  arguments: Record<string, unknown>;
  /** One line the app wrote from the simulation ("Send 5 SAH to 0x…"), for the approval card. */
  summary: string;
  /** Everything that would leave the wallet (or be approved to a spender), from the simulation. */
  moves: ValueMove[];
  /** The pipeline's reviews of its transactions; empty for an action without one (memory). */
  reviews: TxReview[];
  /**
   * Calls the plan makes after those reviewed, which can only be simulated once the earlier ones are
   * mined (a buy after its token approval): judged as calls by the policy, and let through by the
   * grant with what they move still held to `moves`. Absent: none.
   */
  laterCalls?: LaterCall[];
  /** Publishing or exporting vault data: never without the user, whatever the limits. */
  sharesData: boolean;
  /**
   * Does it; the gate calls it only under a grant of exactly `moves` (allowed by the policy, or approved
   * by the user), which the pipeline's guard holds each transaction to, as the origin the grant names
   * (the tools' signing ports ask the gate, never the tool). Fails (a SahelError CONFLICT) rather than do
   * more than `moves` says, e.g. when a re-prepared transaction would move more. Returns what happened,
   * as text for the model and the log.
   */
  execute(): Promise<string>;
  /**
   * Removes what preparing it made and only doing it would use (a publish's ciphertext and version
   * row), when it will never run: rejected, expired, or dropped with the owner. Absent: nothing to remove.
   */
  discard?(): void;
}

/** What the gate made of a call, for the loop to hand back to the model. */
export interface GateOutcome {
  decision: Decision;
  rule: PolicyRule;
  /** What happened, or why not, as text (the loop wraps and caps it for the model). */
  result: string;
  /** Set when the call waits for the user. */
  approvalId: string | null;
  /** Set when an allowed action ran: whether it was done or failed (`result` says why). */
  outcome?: ActionOutcome;
}

/**
 * The policy engine, approvals and audit as the loop sees them. Every call goes through one of these
 * three, so every call is in the audit log.
 */
export interface AgentGate {
  /** A read tool ran (or failed): logged as allowed under the rule 'read'. */
  read(tool: ToolName, args: unknown, result: string, ctx: CallContext): void;
  /** Decides an act: does it now (allowed), asks the user (pending), or refuses (denied). */
  act(proposal: ActionProposal, ctx: CallContext): Promise<GateOutcome>;
  /** A call refused before any proposal was made (unknown tool, bad arguments, limit of the turn). */
  refuse(tool: string, args: unknown, rule: PolicyRule, why: string, ctx: CallContext): GateOutcome;
}
